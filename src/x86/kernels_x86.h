/* kernels_x86.h -- the x86 kernel tables (src/x86/gelu_<isa>.c). */
#ifndef GELU_KERNELS_X86_H
#define GELU_KERNELS_X86_H

#include "kernels.h"

/* The kernels and tables of each x86 ISA: the f32 methods (gelu_f32_methods_<isa>.c, from
 * src/simd/gelu_f32_methods.h), the correctly rounded forward with path 1 in SIMD
 * (gelu_cr_forward_<isa>.c), f64 (gelu_f64_<isa>.c), ReLU f32 and the table
 * (gelu_<isa>.c). */
GELU_DECLARE_KERNELS(avx512)
GELU_DECLARE_KERNELS(avx2)

/* Fused loops (gelu_fused_loop_avx2.h, gelu_fused_loop_avx512.h), in the files of the
 * forms' kernels. */
GELU_DECLARE_FUSED(avx512)
GELU_DECLARE_FUSED(avx2)

/* bf16/f16 conversions on 16 lanes (gelu_half_<isa>.c); the fused forms' vector helpers
 * (vector_ops_<isa>.c). */
extern const gelu_half_simd gelu_half_simd_avx512;
extern const gelu_half_simd gelu_half_simd_avx2;
extern const gelu_vector_ops gelu_vector_ops_avx512;
extern const gelu_vector_ops gelu_vector_ops_avx2;

#endif /* GELU_KERNELS_X86_H */
