/* gelu_avx512.c -- the AVX-512 kernel table (F, DQ, BW, VL; built with those flags only here).
 *
 * f32: ReLU from src/simd/gelu_f32_simd.h; GELU_ERF, GELU_TANH and GELU_SIGMOID in
 * gelu_f32_methods_avx512.c (the methods of src/simd/gelu_f32_methods.h in the loops of
 * gelu_loop_avx512.h).
 * f64: src/simd/gelu_f64_simd.h on 8 double lanes (gelu_f64_avx512.c).  All bit-identical
 * to the portable kernels. */
#include "x86/kernels_x86.h"
#include "x86/simd_avx512.h"

#define GELU_SIMD_SUFFIX avx512
#include "simd/gelu_f32_simd.h"

GELU_SIMD_FORWARD_LOOP(relu)
GELU_SIMD_BACKWARD_LOOP(relu)

/* The forms with fused = 1 in gelu_kernel_list.h; ReLU: the block loops of fused_f32.c. */
static const gelu_fused_kernels fused_avx512 = {GELU_FUSED_TABLE(avx512)};

const gelu_kernel_table gelu_avx512_kernels = {
    GELU_KERNEL_TABLE(avx512),
    .half = &gelu_half_simd_avx512,
    .vec = &gelu_vector_ops_avx512,
    .fused = &fused_avx512,
};
