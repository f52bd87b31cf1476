/* kernels_arm.h -- the AArch64 kernel tables (src/arm/gelu_<isa>.c). */
#ifndef GELU_KERNELS_ARM_H
#define GELU_KERNELS_ARM_H

#include "kernels.h"

/* The kernels and table of NEON: the f32 methods (gelu_f32_methods_neon.c, from
 * src/simd/gelu_f32_methods.h), the correctly rounded forward with path 1 on 4 lanes
 * (gelu_cr_forward_neon.c), f64 (gelu_f64_neon.c), ReLU f32 and the table (gelu_neon.c). */
GELU_DECLARE_KERNELS(neon)
extern const gelu_half_simd gelu_half_simd_neon; /* gelu_half_neon.c */
extern const gelu_vector_ops gelu_vector_ops_neon; /* vector_ops_neon.c */

#endif /* GELU_KERNELS_ARM_H */
