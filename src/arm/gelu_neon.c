/* gelu_neon.c -- the NEON kernel table (AArch64 Advanced SIMD, no extra flags needed).
 *
 * f32: ReLU from src/simd/gelu_f32_simd.h (simd_neon.h); GELU_ERF, GELU_TANH and
 * GELU_SIGMOID run src/arm/gelu_f32_methods_neon.c (src/simd/gelu_f32_methods.h).  f64:
 * src/simd/gelu_f64_simd.h on 2 double lanes (gelu_f64_neon.c).  All bit-identical to the
 * portable kernels. */
#include "arm/kernels_arm.h"
#include "arm/simd_neon.h"

#define GELU_SIMD_SUFFIX neon
#include "simd/gelu_f32_simd.h"

GELU_SIMD_FORWARD_LOOP(relu)
GELU_SIMD_BACKWARD_LOOP(relu)

const gelu_kernel_table gelu_neon_kernels = {
    GELU_KERNEL_TABLE(neon),
    .half = &gelu_half_simd_neon,
    .vec = &gelu_vector_ops_neon,
};
