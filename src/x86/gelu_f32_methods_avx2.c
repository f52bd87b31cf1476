/* gelu_f32_methods_avx2.c -- the six f32 methods (GELU_ERF, GELU_TANH, GELU_SIGMOID;
 * forward and backward) on AVX2 + FMA: src/simd/gelu_f32_methods.h over the 8-lane layer
 * (src/x86/vec_f32_avx2.h), in the AVX2 loops: the block loops of gelu_loop_avx2.h (fast
 * path on every vector, the tail on a packed list of the tail lanes) for the array calls,
 * and the per-vector fused loops of gelu_fused_loop_avx2.h.  The same bits as the portable
 * kernels (tests/identity_isa.c). */
#include <immintrin.h>
#include <stdint.h>

#include "x86/vec_f32_avx2.h"
#include "simd/gelu_f32_methods.h"
#include "x86/gelu_fused_loop_avx2.h"
#include "x86/gelu_loop_avx2.h"
#include "x86/kernels_x86.h"

/* The array, bias and GEGLU forward loops of a form (gelu_F_..._f32_avx2). */
#define GELU_AVX2_FORWARD_METHOD(F, SAT_LO, SAT_HI)                                            \
    GELU_AVX2_BLOCKS(F##_forward_block, gelu_##F##_forward_fast_vs,                           \
                     gelu_##F##_forward_tail_vs, SAT_LO, SAT_HI, gelu_avx2_identity)          \
    GELU_AVX2_FORWARD_LOOP(gelu_##F##_forward_f32_avx2, F##_forward_block)                    \
    GELU_AVX2_BIAS_FORWARD_LOOP(gelu_##F##_bias_forward_f32_avx2, gelu_##F##_forward_vs)      \
    GELU_AVX2_GEGLU_FORWARD_LOOP(gelu_##F##_geglu_forward_f32_avx2, gelu_##F##_forward_vs)

/* The array and bias backward loops. */
#define GELU_AVX2_BACKWARD_METHOD(F, SAT_LO, SAT_HI)                                           \
    GELU_AVX2_BLOCKS(F##_derivative_block, gelu_##F##_derivative_fast_vs,                     \
                     gelu_##F##_derivative_tail_vs, SAT_LO, SAT_HI, gelu_avx2_one)            \
    GELU_AVX2_BACKWARD_LOOP(gelu_##F##_backward_f32_avx2, F##_derivative_block)               \
    GELU_AVX2_BIAS_BACKWARD_LOOP(gelu_##F##_bias_backward_f32_avx2, gelu_##F##_derivative_vs)

GELU_AVX2_FORWARD_METHOD(erf, GELU_ERF_F32_SAT_LO, GELU_ERF_F32_SAT_HI)
GELU_AVX2_FORWARD_METHOD(tanh, GELU_TANH_F32_SAT_LO, GELU_TANH_F32_SAT_HI)
GELU_AVX2_FORWARD_METHOD(sigmoid, GELU_SIGMOID_F32_SAT_LO, GELU_SIGMOID_F32_SAT_HI)
GELU_AVX2_BACKWARD_METHOD(erf, DERF_SAT_LO, DERF_SAT_HI)
GELU_AVX2_BACKWARD_METHOD(tanh, GELU_TANH_DERIVATIVE_F32_SAT_LO, GELU_TANH_DERIVATIVE_F32_SAT_HI)
GELU_AVX2_BACKWARD_METHOD(sigmoid, GELU_SIGMOID_DERIVATIVE_F32_SAT_LO,
                          GELU_SIGMOID_DERIVATIVE_F32_SAT_HI)
