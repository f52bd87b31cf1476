/* gelu_avx2.c -- the AVX2 kernel table (built with -mavx2 -mfma only here).
 *
 * f32: ReLU from src/simd/gelu_f32_simd.h (simd_avx2.h); GELU_ERF, GELU_TANH and
 * GELU_SIGMOID by their float methods on 8 float lanes (gelu_f32_methods_avx2.c: the
 * methods of src/simd/gelu_f32_methods.h in the loops of gelu_loop_avx2.h).  f64:
 * src/simd/gelu_f64_simd.h on 4 double lanes (gelu_f64_avx2.c).  All bit-identical to the
 * portable kernels. */
#include "x86/kernels_x86.h"
#include "x86/simd_avx2.h"

#define GELU_SIMD_SUFFIX avx2
#include "simd/gelu_f32_simd.h"

GELU_SIMD_FORWARD_LOOP(relu)
GELU_SIMD_BACKWARD_LOOP(relu)

/* The forms with fused = 1 in gelu_kernel_list.h; ReLU: the block loops of fused_f32.c. */
static const gelu_fused_kernels fused_avx2 = {GELU_FUSED_TABLE(avx2)};

const gelu_kernel_table gelu_avx2_kernels = {
    GELU_KERNEL_TABLE(avx2),
    .half = &gelu_half_simd_avx2,
    .vec = &gelu_vector_ops_avx2,
    .fused = &fused_avx2,
};
