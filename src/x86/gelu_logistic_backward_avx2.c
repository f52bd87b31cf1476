/* gelu_logistic_backward_avx2.c -- GELU_TANH and GELU_SIGMOID backward on float, AVX2+FMA.
 *
 * f'(x) by the method of src/scalar/gelu_logistic_f32_derivative.h, 8 lanes at a time: the
 * float pieces (gelu_avx2_deriv_fast8 of gelu_f32_avx2.h, with the tables of
 * gelu_derivative_f32_pieces.h) for every lane, and for vectors with a lane outside the fast
 * range the portable code's double formula on 4 + 4 double lanes (src/simd/gelu_f32_simd.h
 * with simd_avx2.h), out of line.  Then dx = dy * f'(x) with the NaN rules of gelu.h.  The
 * same bits as the portable kernels. */
#include <immintrin.h>

#include "scalar/gelu_logistic_f32_derivative.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/gelu_fused_loop_avx2.h"
#include "x86/kernels_x86.h"
#include "x86/simd_avx2.h"

#include "simd/gelu_f32_simd.h"

static __attribute__((noinline)) __m256 tanh_rare8(__m256 x, __m256 y, __m256 fast)
{
    __m128 lo = v_tanh_derivative(_mm256_castps256_ps128(x));
    __m128 hi = v_tanh_derivative(_mm256_extractf128_ps(x, 1));
    return _mm256_blendv_ps(_mm256_insertf128_ps(_mm256_castps128_ps256(lo), hi, 1), y, fast);
}

static __attribute__((noinline)) __m256 sigmoid_rare8(__m256 x, __m256 y, __m256 fast)
{
    __m128 lo = v_sigmoid_derivative(_mm256_castps256_ps128(x));
    __m128 hi = v_sigmoid_derivative(_mm256_extractf128_ps(x, 1));
    return _mm256_blendv_ps(_mm256_insertf128_ps(_mm256_castps128_ps256(lo), hi, 1), y, fast);
}

#define LOGISTIC_BACKWARD_AVX2(form, LO, HI)                                                  \
    static inline __m256 form##_derivative8(__m256 x, const gelu_avx2_deriv_pieces *P)       \
    {                                                                                        \
        __m256 fast = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_set1_ps(LO), _CMP_GE_OQ),       \
                                    _mm256_cmp_ps(x, _mm256_set1_ps(HI), _CMP_LE_OQ));      \
        __m256 y = gelu_avx2_deriv_fast8(x, P);                                              \
        if (__builtin_expect(_mm256_movemask_ps(fast) != 0xff, 0)) y = form##_rare8(x, y, fast); \
        return y;                                                                            \
    }                                                                                        \
    void gelu_##form##_backward_f32_avx2(const float *x, const float *dy, float *dx, size_t n) \
    {                                                                                        \
        const gelu_avx2_deriv_pieces P = gelu_avx2_deriv_pieces_of(&gelu_##form##_derivative_f32_pieces); \
        size_t i = 0;                                                                        \
        for (; i + 8 <= n; i += 8) {                                                         \
            __m256 xv = _mm256_loadu_ps(x + i);                                              \
            _mm256_storeu_ps(dx + i, gelu_avx2_backward_product(xv, _mm256_loadu_ps(dy + i), \
                                                                form##_derivative8(xv, &P))); \
        }                                                                                    \
        if (i < n) {                                                                         \
            __m256i m = gelu_avx2_head_mask(n - i);                                          \
            __m256 xv = _mm256_maskload_ps(x + i, m);                                        \
            __m256 d = gelu_avx2_backward_product(xv, _mm256_maskload_ps(dy + i, m),         \
                                                  form##_derivative8(xv, &P));               \
            _mm256_maskstore_ps(dx + i, m, d);                                               \
        }                                                                                    \
    }

LOGISTIC_BACKWARD_AVX2(tanh, GELU_TANH_F32_FAST_LO, GELU_TANH_F32_FAST_HI)
LOGISTIC_BACKWARD_AVX2(sigmoid, GELU_SIGMOID_F32_FAST_LO, GELU_SIGMOID_F32_FAST_HI)

/* One-argument derivatives for the fused loop (the pieces are constants the compiler
 * keeps in registers across the loop once this is inlined). */
GELU_AVX2_INLINE __m256 tanh_d8(__m256 x)
{
    const gelu_avx2_deriv_pieces P = gelu_avx2_deriv_pieces_of(&gelu_tanh_derivative_f32_pieces);
    return tanh_derivative8(x, &P);
}
GELU_AVX2_INLINE __m256 sigmoid_d8(__m256 x)
{
    const gelu_avx2_deriv_pieces P =
        gelu_avx2_deriv_pieces_of(&gelu_sigmoid_derivative_f32_pieces);
    return sigmoid_derivative8(x, &P);
}
GELU_AVX2_BIAS_BACKWARD_LOOP(gelu_tanh_bias_backward_f32_avx2, tanh_d8)
GELU_AVX2_BIAS_BACKWARD_LOOP(gelu_sigmoid_bias_backward_f32_avx2, sigmoid_d8)
