/* gelu_erf_forward_avx512.c -- GELU_ERF forward on float, AVX-512 (F, DQ).
 *
 * The method of src/scalar/gelu_erf_f32.c, 16 lanes at a time: the fast path in float for
 * every lane (its 32-entry tables are one vpermt2ps each); the double tail path on 8 + 8
 * lanes only for vectors that have a lane outside [-3.5, 4] (NaN, inf included), out of
 * line, merged by mask.  The same operations as the scalar kernel, lane by lane: the same bits. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_erf_f32_forward.h"
#include "x86/gelu_f32_pieces_avx512.h"
#include "x86/gelu_erf_tail_avx512.h"
#include "x86/gelu_exp_table_avx512.h"
#include "x86/gelu_fused_loop_avx512.h"
#include "x86/gelu_loop_avx512.h"
#include "x86/kernels_x86.h"

#define LOOKUP16D(t, idx) _mm512_permutex2var_pd(_mm512_load_pd(t), idx, _mm512_load_pd((t) + 8))

static inline __m512 erf_fast16(__m512 x)
{
    __m512 pl, ph = gelu_f32_pieces_avx512(x, &gelu_erf_f32_pieces, &pl);
    return _mm512_fmadd_ps(x, ph, _mm512_mul_ps(x, pl));
}

static inline __m256 erf_slow8(__m256 xf)
{
    __m512d x = _mm512_cvtps_pd(xf);
    __m512d a = _mm512_or_pd(x, _mm512_set1_pd(-0.0)); /* -|x| */
    a = _mm512_max_pd(a, _mm512_set1_pd(-15.0));
    __m512d s = _mm512_fmadd_pd(a, _mm512_set1_pd(4.0 / 3.0), _mm512_set1_pd(20.0 + 0x1.8p52));
    __m512i j = _mm512_castpd_si512(s);
    __m512d t = _mm512_sub_pd(a, LOOKUP16D(gelu_erf_f32_slow_mid, j));
    __m512d g = LOOKUP16D(gelu_erf_f32_slow_g5, j);
    g = _mm512_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g4, j));
    g = _mm512_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g3, j));
    g = _mm512_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g2, j));
    g = _mm512_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g1, j));
    g = _mm512_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g0, j));
    __m512d z = _mm512_fmadd_pd(_mm512_mul_pd(a, a), _mm512_set1_pd(-0.5), g);
    __m512d e = gelu_exp_table_avx512(z, 0); /* Phi(a) */
    __m512d v = _mm512_mul_pd(a, e);
    __mmask8 not_negative = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
    return _mm512_cvtpd_ps(_mm512_mask_add_pd(v, not_negative, x, v));
}

/* Vectors with a lane outside the fast range (rare for N(0,1)): out of line, so that the
 * fast loop keeps its tables in registers. */
static __attribute__((noinline)) __m512 erf_rare16(__m512 x, __m512 y, __mmask16 fast)
{
    __mmask16 tail = _mm512_mask_cmp_ps_mask((__mmask16)~fast, _mm512_abs_ps(x),
                                             _mm512_set1_ps(GELU_ERF_F32_TAIL_HI), _CMP_LE_OQ);
    if (tail) {
        __m512 v = gelu_erf_tail_v_avx512(x, &gelu_erf_forward_tail_s_f32);
        __mmask16 neg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
        __m512 t = _mm512_mask_xor_ps(_mm512_sub_ps(x, v), neg, v, _mm512_set1_ps(-0.0f));
        y = _mm512_mask_mov_ps(y, tail, t);
    }
    fast |= tail;
    if (fast == 0xffff) return y;
    __m256 lo = erf_slow8(_mm512_castps512_ps256(x));
    __m256 hi = erf_slow8(_mm512_extractf32x8_ps(x, 1));
    __m512 ys = _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
    ys = gelu_quiet_nan_lanes_avx512(x, ys);
    return _mm512_mask_mov_ps(ys, fast, y);
}

/* The fast path's values; *out = the lanes outside its range. */
static inline __m512 erf_fast16_out(__m512 x, __mmask16 *out)
{
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(GELU_ERF_F32_FAST_LO), _CMP_GE_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(GELU_ERF_F32_FAST_HI), _CMP_LE_OQ);
    *out = (__mmask16)~fast;
    return erf_fast16(x);
}

/* One vector, every lane (the fused loops). */
static inline __m512 erf_forward16(__m512 x)
{
    __mmask16 out;
    __m512 y = erf_fast16_out(x, &out);
    if (__builtin_expect(out != 0, 0)) y = erf_rare16(x, y, (__mmask16)~out);
    return y;
}

/* Lanes of the block loop's tail list (gelu_loop_avx512.h). */
static inline __m512 erf_tail16(__m512 x) { return erf_rare16(x, x, 0); }

GELU_AVX512_BLOCKS(erf_forward_block, erf_fast16_out, erf_tail16,
                   GELU_ERF_F32_SAT_LO, GELU_ERF_F32_SAT_HI, gelu_avx512_identity)
GELU_AVX512_FORWARD_LOOP(gelu_erf_forward_f32_avx512, erf_forward_block)
GELU_AVX512_BIAS_FORWARD_LOOP(gelu_erf_bias_forward_f32_avx512, erf_forward16)
GELU_AVX512_GEGLU_FORWARD_LOOP(gelu_erf_geglu_forward_f32_avx512, erf_forward16)
