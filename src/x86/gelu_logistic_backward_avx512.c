/* gelu_logistic_backward_avx512.c -- GELU_TANH and GELU_SIGMOID backward on float, AVX-512
 * (F, DQ).
 *
 * f'(x) by the method of src/scalar/gelu_logistic_f32_derivative.h, 16 lanes at a time: the
 * float pieces (gelu_derivative_pieces_avx512.h) for every lane, and the lanes outside the
 * fast range by the float tail (src/simd/gelu_logistic_tail_f32.h) in the block loops of
 * gelu_loop_avx512.h.  Then dx = dy * f'(x) with the NaN rules of gelu.h.  The same bits as
 * the portable kernels. */
#include <immintrin.h>

#include "scalar/gelu_logistic_f32_derivative.h"
#include "x86/gelu_derivative_pieces_avx512.h"
#include "x86/gelu_fused_loop_avx512.h"
#include "x86/gelu_loop_avx512.h"
#include "x86/kernels_x86.h"
#include "x86/vec_f32_avx512.h"

#include "simd/gelu_logistic_tail_f32.h"

/* form##_tail16: the float tail (src/simd/gelu_logistic_tail_f32.h) on every lane, NaN
 * quieted: what the block loops' tail lists need (their settled lanes are done in the
 * register); out of line, so that the fast loop keeps its tables in registers.
 * form##_rare16: the lanes outside the fast range as the portable code does them (the tail,
 * 1 above SAT_HI, -0.0 below SAT_LO, NaN quieted), the fast lanes keeping y: the fused loops. */
#define LOGISTIC_RARE16(form, SAT_LO, SAT_HI)                                                 \
    static __attribute__((noinline)) __m512 form##_tail16(__m512 x)                          \
    {                                                                                        \
        return gelu_quiet_nan_lanes_avx512(x, gelu_##form##_derivative_tail(x));             \
    }                                                                                        \
    static __m512 form##_rare16(__m512 x, __m512 y, __mmask16 fast)                          \
    {                                                                                        \
        __m512 t = form##_tail16(x);                                                         \
        t = _mm512_mask_mov_ps(t, _mm512_cmp_ps_mask(x, _mm512_set1_ps(SAT_HI), _CMP_GT_OQ), \
                               _mm512_set1_ps(1.0f));                                        \
        t = _mm512_mask_mov_ps(t, _mm512_cmp_ps_mask(x, _mm512_set1_ps(SAT_LO), _CMP_LT_OQ), \
                               _mm512_set1_ps(-0.0f));                                       \
        return _mm512_mask_mov_ps(t, fast, y);                                               \
    }
LOGISTIC_RARE16(tanh, GELU_TANH_DERIVATIVE_F32_SAT_LO, GELU_TANH_DERIVATIVE_F32_SAT_HI)
LOGISTIC_RARE16(sigmoid, GELU_SIGMOID_DERIVATIVE_F32_SAT_LO, GELU_SIGMOID_DERIVATIVE_F32_SAT_HI)

/* The fast path's values; *out = the lanes outside its range. */
#define LOGISTIC_FAST16_OUT(form, LO, HI, T, P)                                               \
    static inline __m512 form##_fast16_out(__m512 x, __mmask16 *out)                         \
    {                                                                                        \
        __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(LO), _CMP_GE_OQ);              \
        fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(HI), _CMP_LE_OQ);             \
        *out = (__mmask16)~fast;                                                             \
        return gelu_derivative_pieces_avx512(x, T, P);                                       \
    }                                                                                        \
    /* one vector, every lane (the fused loops) */                                          \
    static inline __m512 form##_derivative16(__m512 x)                                       \
    {                                                                                        \
        __mmask16 out;                                                                       \
        __m512 y = form##_fast16_out(x, &out);                                               \
        if (__builtin_expect(out != 0, 0)) y = form##_rare16(x, y, (__mmask16)~out);         \
        return y;                                                                            \
    }
LOGISTIC_FAST16_OUT(tanh, GELU_TANH_F32_FAST_LO, GELU_TANH_F32_FAST_HI,
                    &gelu_tanh_derivative_f32_pieces, &gelu_tanh_derivative_f32_poly)
LOGISTIC_FAST16_OUT(sigmoid, GELU_SIGMOID_F32_FAST_LO, GELU_SIGMOID_F32_FAST_HI,
                    &gelu_sigmoid_derivative_f32_pieces, &gelu_sigmoid_derivative_f32_poly)

GELU_AVX512_BLOCKS(tanh_derivative_block, tanh_fast16_out, tanh_tail16,
                   GELU_TANH_DERIVATIVE_F32_SAT_LO, GELU_TANH_DERIVATIVE_F32_SAT_HI, gelu_avx512_one)
GELU_AVX512_BLOCKS(sigmoid_derivative_block, sigmoid_fast16_out, sigmoid_tail16,
                   GELU_SIGMOID_DERIVATIVE_F32_SAT_LO, GELU_SIGMOID_DERIVATIVE_F32_SAT_HI, gelu_avx512_one)
GELU_AVX512_BACKWARD_LOOP(gelu_tanh_backward_f32_avx512, tanh_derivative_block)
GELU_AVX512_BACKWARD_LOOP(gelu_sigmoid_backward_f32_avx512, sigmoid_derivative_block)
GELU_AVX512_BIAS_BACKWARD_LOOP(gelu_tanh_bias_backward_f32_avx512, tanh_derivative16)
GELU_AVX512_BIAS_BACKWARD_LOOP(gelu_sigmoid_bias_backward_f32_avx512, sigmoid_derivative16)
