/* gelu_logistic_forward_avx512.c -- GELU_TANH and GELU_SIGMOID forward on float, AVX-512
 * (F, DQ): the method of src/scalar/gelu_logistic_f32_forward.h, 16 lanes at a time (the
 * fast path for every lane with vpermt2ps tables; the lanes outside the fast range by the
 * float tail, src/simd/gelu_logistic_tail_f32.h, in the block loops of gelu_loop_avx512.h),
 * the same operations lane by lane, so the same bits as the portable kernels. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_logistic_f32_forward.h"
#include "x86/gelu_f32_pieces_avx512.h"
#include "x86/gelu_fused_loop_avx512.h"
#include "x86/gelu_loop_avx512.h"
#include "x86/kernels_x86.h"
#include "x86/vec_f32_avx512.h"

#include "simd/gelu_logistic_tail_f32.h"

static inline __attribute__((always_inline)) __m512 fast16(__m512 x, const gelu_f32_pieces_ref *P)
{
    __m512 pl, ph = gelu_f32_pieces_avx512(x, P, &pl);
    return _mm512_fmadd_ps(x, ph, _mm512_mul_ps(x, pl));
}

/* The float tail (src/simd/gelu_logistic_tail_f32.h) on every lane, NaN quieted: what the
 * block loops' tail lists need (their settled lanes are done in the register).  Out of line,
 * so that the fast loop keeps its tables in registers. */
static __attribute__((noinline)) __m512 tail16(__m512 x, int tanh_form)
{
    __m512 t = tanh_form ? gelu_tanh_forward_tail(x) : gelu_sigmoid_forward_tail(x);
    return gelu_quiet_nan_lanes_avx512(x, t);
}

/* The lanes outside the fast range as the portable code does them (the tail, x above
 * SAT_HI, -0.0 below SAT_LO, NaN quieted); the fast lanes keep y.  The fused loops. */
static __m512 rare16(__m512 x, __m512 y, __mmask16 fast, int tanh_form)
{
    __m512 t = tail16(x, tanh_form);
    float hi = tanh_form ? GELU_TANH_F32_SAT_HI : GELU_SIGMOID_F32_SAT_HI;
    float lo = tanh_form ? GELU_TANH_F32_SAT_LO : GELU_SIGMOID_F32_SAT_LO;
    t = _mm512_mask_mov_ps(t, _mm512_cmp_ps_mask(x, _mm512_set1_ps(hi), _CMP_GT_OQ), x);
    t = _mm512_mask_mov_ps(t, _mm512_cmp_ps_mask(x, _mm512_set1_ps(lo), _CMP_LT_OQ),
                           _mm512_set1_ps(-0.0f));
    return _mm512_mask_mov_ps(t, fast, y);
}

/* The fast path's values; *out = the lanes outside its range. */
static inline __attribute__((always_inline)) __m512 fast16_out(__m512 x, __mmask16 *out, int tanh_form)
{
    const float LO = tanh_form ? GELU_TANH_F32_FAST_LO : GELU_SIGMOID_F32_FAST_LO;
    const float HI = tanh_form ? GELU_TANH_F32_FAST_HI : GELU_SIGMOID_F32_FAST_HI;
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(LO), _CMP_GE_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(HI), _CMP_LE_OQ);
    *out = (__mmask16)~fast;
    return tanh_form ? fast16(x, &gelu_tanh_f32_pieces) : fast16(x, &gelu_sigmoid_f32_pieces);
}

/* One vector, every lane (the fused loops). */
static inline __attribute__((always_inline)) __m512 gelu16(__m512 x, int tanh_form)
{
    __mmask16 out;
    __m512 y = fast16_out(x, &out, tanh_form);
    if (__builtin_expect(out != 0, 0)) y = rare16(x, y, (__mmask16)~out, tanh_form);
    return y;
}

static inline __m512 tanh_forward16(__m512 x) { return gelu16(x, 1); }
static inline __m512 sigmoid_forward16(__m512 x) { return gelu16(x, 0); }

/* The block loops (gelu_loop_avx512.h): the fast path, then the tail list. */
static inline __m512 tanh_fast16_out(__m512 x, __mmask16 *out) { return fast16_out(x, out, 1); }
static inline __m512 sigmoid_fast16_out(__m512 x, __mmask16 *out) { return fast16_out(x, out, 0); }
static inline __m512 tanh_tail16(__m512 x) { return tail16(x, 1); }
static inline __m512 sigmoid_tail16(__m512 x) { return tail16(x, 0); }

GELU_AVX512_BLOCKS(tanh_forward_block, tanh_fast16_out, tanh_tail16,
                   GELU_TANH_F32_SAT_LO, GELU_TANH_F32_SAT_HI, gelu_avx512_identity)
GELU_AVX512_BLOCKS(sigmoid_forward_block, sigmoid_fast16_out, sigmoid_tail16,
                   GELU_SIGMOID_F32_SAT_LO, GELU_SIGMOID_F32_SAT_HI, gelu_avx512_identity)
GELU_AVX512_FORWARD_LOOP(gelu_tanh_forward_f32_avx512, tanh_forward_block)
GELU_AVX512_FORWARD_LOOP(gelu_sigmoid_forward_f32_avx512, sigmoid_forward_block)
GELU_AVX512_BIAS_FORWARD_LOOP(gelu_tanh_bias_forward_f32_avx512, tanh_forward16)
GELU_AVX512_BIAS_FORWARD_LOOP(gelu_sigmoid_bias_forward_f32_avx512, sigmoid_forward16)
GELU_AVX512_GEGLU_FORWARD_LOOP(gelu_tanh_geglu_forward_f32_avx512, tanh_forward16)
GELU_AVX512_GEGLU_FORWARD_LOOP(gelu_sigmoid_geglu_forward_f32_avx512, sigmoid_forward16)
