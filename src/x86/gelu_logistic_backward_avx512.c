/* gelu_logistic_backward_avx512.c -- GELU_TANH and GELU_SIGMOID backward on float, AVX-512
 * (F, DQ).
 *
 * f'(x) by the method of src/scalar/gelu_logistic_f32_derivative.h, 16 lanes at a time: the
 * float pieces (gelu_derivative_pieces_avx512.h) for every lane, and for vectors with a
 * lane outside the fast range the double formula of the portable code on 8 double lanes
 * (src/simd/gelu_f32_simd.h), out of line.  Then dx = dy * f'(x) with the NaN rules of
 * gelu.h.  The same bits as the portable kernels. */
#include <immintrin.h>

#include "scalar/gelu_logistic_f32_derivative.h"
#include "x86/gelu_derivative_pieces_avx512.h"
#include "x86/gelu_fused_loop_avx512.h"
#include "x86/gelu_loop_avx512.h"
#include "x86/kernels_x86.h"
#include "x86/simd_avx512.h"

#include "simd/gelu_f32_simd.h"

/* The lanes outside the fast range by the double formula (src/simd/gelu_f32_simd.h), 8 + 8. */
#define LOGISTIC_RARE16(form)                                                                 \
    static __attribute__((noinline)) __m512 form##_rare16(__m512 x, __m512 y, __mmask16 fast) \
    {                                                                                        \
        __m256 lo = v_##form##_derivative(_mm512_castps512_ps256(x));                        \
        __m256 hi = v_##form##_derivative(_mm512_extractf32x8_ps(x, 1));                     \
        __m512 ys = _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);                   \
        return _mm512_mask_mov_ps(ys, fast, y);                                              \
    }
LOGISTIC_RARE16(tanh)
LOGISTIC_RARE16(sigmoid)

static inline __m512 tanh_derivative16(__m512 x)
{
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(GELU_TANH_F32_FAST_LO), _CMP_GE_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(GELU_TANH_F32_FAST_HI), _CMP_LE_OQ);
    __m512 y = gelu_derivative_pieces_avx512(x, &gelu_tanh_derivative_f32_pieces, &gelu_tanh_derivative_f32_poly);
    if (__builtin_expect(fast != 0xffff, 0)) y = tanh_rare16(x, y, fast);
    return y;
}

static inline __m512 sigmoid_derivative16(__m512 x)
{
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(GELU_SIGMOID_F32_FAST_LO), _CMP_GE_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(GELU_SIGMOID_F32_FAST_HI), _CMP_LE_OQ);
    __m512 y = gelu_derivative_pieces_avx512(x, &gelu_sigmoid_derivative_f32_pieces, &gelu_sigmoid_derivative_f32_poly);
    if (__builtin_expect(fast != 0xffff, 0)) y = sigmoid_rare16(x, y, fast);
    return y;
}

GELU_AVX512_BACKWARD_LOOP(gelu_tanh_backward_f32_avx512, tanh_derivative16)
GELU_AVX512_BACKWARD_LOOP(gelu_sigmoid_backward_f32_avx512, sigmoid_derivative16)
GELU_AVX512_BIAS_BACKWARD_LOOP(gelu_tanh_bias_backward_f32_avx512, tanh_derivative16)
GELU_AVX512_BIAS_BACKWARD_LOOP(gelu_sigmoid_bias_backward_f32_avx512, sigmoid_derivative16)
