/* gelu_logistic_backward_avx2.c -- GELU_TANH and GELU_SIGMOID backward on float, AVX2+FMA.
 *
 * f'(x) by the method of src/scalar/gelu_logistic_f32_derivative.h, 8 lanes at a time: the
 * float pieces (gelu_avx2_deriv_fast8 of gelu_f32_avx2.h, with the tables of
 * gelu_derivative_f32_pieces.h) for every lane; the lanes outside the fast range settled in
 * the register above *_DERIVATIVE_F32_SAT_HI and below *_SAT_LO, the others packed into the
 * block's tail list and done by the float tail (src/simd/gelu_logistic_tail_f32.h) in the
 * loops of src/x86/gelu_loop_avx2.h.  Then
 * dx = dy * f'(x) with the NaN rules of gelu.h.  The same bits as the portable kernels. */
#include <immintrin.h>

#include "scalar/gelu_logistic_f32_derivative.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/gelu_fused_loop_avx2.h"
#include "x86/gelu_loop_avx2.h"
#include "x86/kernels_x86.h"
#include "x86/vec_f32_avx2.h"

#include "simd/gelu_logistic_tail_f32.h"

/* form##_backward_tail8: the float tail (src/simd/gelu_logistic_tail_f32.h) on every lane,
 * NaN quieted: what the block loops' tail lists need (their settled lanes are done in the
 * register); out of line.  form##_backward_settled8: every lane as the portable code does it
 * outside the fast range (also 1 above SAT_HI, -0.0 below SAT_LO): the fused loops, on a
 * vector with a lane outside the fast range. */
#define LOGISTIC_TAIL8(form, SAT_LO, SAT_HI)                                                  \
    static __attribute__((noinline)) __m256 form##_backward_tail8(__m256 x)                  \
    {                                                                                        \
        __m256 t = gelu_##form##_derivative_tail(x);                                         \
        return _mm256_blendv_ps(t, gelu_avx2_quiet(x), gelu_avx2_isnan(x));                  \
    }                                                                                        \
    static __m256 form##_backward_settled8(__m256 x)                                         \
    {                                                                                        \
        __m256 t = form##_backward_tail8(x);                                                 \
        t = _mm256_blendv_ps(t, _mm256_set1_ps(1.0f),                                        \
                             _mm256_cmp_ps(x, _mm256_set1_ps(SAT_HI), _CMP_GT_OQ));          \
        return _mm256_blendv_ps(t, _mm256_set1_ps(-0.0f),                                    \
                                _mm256_cmp_ps(x, _mm256_set1_ps(SAT_LO), _CMP_LT_OQ));       \
    }
LOGISTIC_TAIL8(tanh, GELU_TANH_DERIVATIVE_F32_SAT_LO, GELU_TANH_DERIVATIVE_F32_SAT_HI)
LOGISTIC_TAIL8(sigmoid, GELU_SIGMOID_DERIVATIVE_F32_SAT_LO, GELU_SIGMOID_DERIVATIVE_F32_SAT_HI)

/* The fast path's values (*out = all-ones in the lanes outside the fast range, NaN
 * included), one vector (the fused loops), and the block loop. */
#define LOGISTIC_BACKWARD_AVX2(form, LO, HI, SAT_LO, SAT_HI)                                  \
    GELU_AVX2_INLINE __m256 form##_fast8_out(__m256 x, __m256 *out)                          \
    {                                                                                        \
        *out = _mm256_or_ps(_mm256_cmp_ps(x, _mm256_set1_ps(LO), _CMP_NGE_UQ),               \
                            _mm256_cmp_ps(x, _mm256_set1_ps(HI), _CMP_NLE_UQ));              \
        const gelu_avx2_deriv_pieces P =                                                     \
            gelu_avx2_deriv_pieces_of(&gelu_##form##_derivative_f32_pieces);                 \
        return gelu_avx2_deriv_fast8(x, &P);                                                 \
    }                                                                                        \
    GELU_AVX2_INLINE __m256 form##_d8(__m256 x)                                              \
    {                                                                                        \
        __m256 out, y = form##_fast8_out(x, &out);                                           \
        if (__builtin_expect(_mm256_movemask_ps(out) != 0, 0))                               \
            y = _mm256_blendv_ps(y, form##_backward_settled8(x), out);                       \
        return y;                                                                            \
    }                                                                                        \
    GELU_AVX2_BLOCKS(form##_derivative_block, form##_fast8_out, form##_backward_tail8,        \
                     SAT_LO, SAT_HI, gelu_avx2_one)                                          \
    GELU_AVX2_BACKWARD_LOOP(gelu_##form##_backward_f32_avx2, form##_derivative_block)         \
    GELU_AVX2_BIAS_BACKWARD_LOOP(gelu_##form##_bias_backward_f32_avx2, form##_d8)

LOGISTIC_BACKWARD_AVX2(tanh, GELU_TANH_F32_FAST_LO, GELU_TANH_F32_FAST_HI,
                       GELU_TANH_DERIVATIVE_F32_SAT_LO, GELU_TANH_DERIVATIVE_F32_SAT_HI)
LOGISTIC_BACKWARD_AVX2(sigmoid, GELU_SIGMOID_F32_FAST_LO, GELU_SIGMOID_F32_FAST_HI,
                       GELU_SIGMOID_DERIVATIVE_F32_SAT_LO, GELU_SIGMOID_DERIVATIVE_F32_SAT_HI)
