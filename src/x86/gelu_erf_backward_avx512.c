/* gelu_erf_backward_avx512.c -- GELU_ERF backward on float, AVX-512 (F, DQ).
 *
 * f'(x) by the method of src/scalar/gelu_erf_f32_derivative.h, 16 lanes at a time: the fast
 * path for every lane (vpermt2ps tables; the d-form pieces around the zero of f' chosen by a
 * range mask, which gives the same dh, dl and constant as the scalar code's tables), the
 * float tail and the double slow path only for vectors that need them.  Then
 * dx = dy * f'(x) with the NaN rules of gelu.h.  The same bits as the portable kernel. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_erf_f32_derivative.h"
#include "x86/gelu_derivative_pieces_avx512.h"
#include "x86/gelu_erf_tail_avx512.h"
#include "x86/gelu_exp_table_avx512.h"
#include "x86/gelu_fused_loop_avx512.h"
#include "x86/gelu_loop_avx512.h"
#include "x86/kernels_x86.h"

#define PERM32(T, idx) gelu_perm32_avx512(T, idx)
#define PERM16D(T, idx) _mm512_permutex2var_pd(_mm512_load_pd(T), idx, _mm512_load_pd((T) + 8))

static inline __m512 fast16(__m512 x)
{
    return gelu_derivative_pieces_avx512(x, &gelu_erf_derivative_f32_pieces, &gelu_erf_derivative_f32_poly);
}

#define PD_G(k) PERM16D(DERF_SLOW_G##k, j)
static inline __m256 slow8(__m256 xf)
{
    __m512d x = _mm512_cvtps_pd(xf);
    __m512d a = _mm512_or_pd(x, _mm512_set1_pd(-0.0));
    a = _mm512_max_pd(a, _mm512_set1_pd(-15.0));
    __m512d s = _mm512_fmadd_pd(a, _mm512_set1_pd(4.0 / 3.0), _mm512_set1_pd(20.0 + 0x1.8p52));
    __m512i j = _mm512_castpd_si512(s);
    __m512d t = _mm512_sub_pd(a, PERM16D(DERF_SLOW_MID, j));
    __m512d g = PD_G(8);
    g = _mm512_fmadd_pd(g, t, PD_G(7));
    g = _mm512_fmadd_pd(g, t, PD_G(6));
    g = _mm512_fmadd_pd(g, t, PD_G(5));
    g = _mm512_fmadd_pd(g, t, PD_G(4));
    g = _mm512_fmadd_pd(g, t, PD_G(3));
    g = _mm512_fmadd_pd(g, t, PD_G(2));
    g = _mm512_fmadd_pd(g, t, PD_G(1));
    g = _mm512_fmadd_pd(g, t, PD_G(0));
    __m512d z = _mm512_fmadd_pd(_mm512_mul_pd(a, a), _mm512_set1_pd(-0.5), g);
    __m512d e = gelu_exp_table_avx512(z, 0);
    __mmask8 pos = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
    __m512d y = _mm512_mask_add_pd(_mm512_xor_pd(e, _mm512_set1_pd(-0.0)), pos, _mm512_set1_pd(1.0), e);
    return _mm512_cvtpd_ps(y);
}

static inline __m512 tail16(__m512 x)
{
    __m512 v = gelu_erf_tail_v_avx512(x, &gelu_erf_derivative_tail_r_f32);
    __mmask16 neg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
    return _mm512_mask_xor_ps(_mm512_add_ps(_mm512_set1_ps(1.0f), v), neg, v, _mm512_set1_ps(-0.0f));
}

/* Lanes outside the fast range (rare for N(0,1)): kept out of line so that the fast
 * loop's registers are not spent on the tail constants. */
static __attribute__((noinline)) __m512 dgelu16_rare(__m512 x, __m512 y, __mmask16 fast)
{
    __mmask16 tail = _mm512_mask_cmp_ps_mask((__mmask16)~fast, _mm512_abs_ps(x),
                                             _mm512_set1_ps(GELU_ERF_F32_TAIL_HI), _CMP_LE_OQ);
    if (tail) y = _mm512_mask_mov_ps(y, tail, tail16(x));
    fast |= tail;
    if (fast == 0xffff) return y;
    __m256 lo = slow8(_mm512_castps512_ps256(x));
    __m256 hi = slow8(_mm512_extractf32x8_ps(x, 1));
    __m512 ys = _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
    __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
    ys = _mm512_mask_mov_ps(
        ys, nan,
        _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x00400000))));
    return _mm512_mask_mov_ps(ys, fast, y);
}

/* The fast path's values; *out = the lanes outside its range. */
static inline __m512 dgelu16_fast_out(__m512 x, __mmask16 *out)
{
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(DERF_FAST_LO), _CMP_GT_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(DERF_FAST_HI), _CMP_LE_OQ);
    *out = (__mmask16)~fast;
    return fast16(x);
}

/* One vector, every lane (the fused loops). */
static inline __m512 dgelu16(__m512 x)
{
    __mmask16 out;
    __m512 y = dgelu16_fast_out(x, &out);
    if (__builtin_expect(out != 0, 0)) y = dgelu16_rare(x, y, (__mmask16)~out);
    return y;
}

/* Lanes of the block loop's tail list (gelu_loop_avx512.h). */
static inline __m512 dgelu16_tail(__m512 x) { return dgelu16_rare(x, x, 0); }

GELU_AVX512_BLOCKS(erf_derivative_block, dgelu16_fast_out, dgelu16_tail,
                   DERF_SAT_LO, DERF_SAT_HI, gelu_avx512_one)
GELU_AVX512_BACKWARD_LOOP(gelu_erf_backward_f32_avx512, erf_derivative_block)
GELU_AVX512_BIAS_BACKWARD_LOOP(gelu_erf_bias_backward_f32_avx512, dgelu16)
