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
#include "x86/gelu_exp_table_avx512.h"
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

#define PERM16(T, idx) _mm512_permutexvar_ps(idx, _mm512_load_ps(T))
static inline __m512 tail16(__m512 x)
{
    const __m512 sh = _mm512_set1_ps(0x1.8p23f);
    __m512 y = _mm512_abs_ps(x);
    __m512 p = _mm512_mul_ps(y, y);
    __m512 pl = _mm512_fmsub_ps(y, y, p);
    __m512 z = _mm512_mul_ps(_mm512_set1_ps(-0.5f), p), zl = _mm512_mul_ps(_mm512_set1_ps(-0.5f), pl);
    __m512 kf = _mm512_fmadd_ps(z, _mm512_set1_ps(DERF_TL_INV), sh);
    __m512 kd = _mm512_sub_ps(kf, sh);
    __m512i k = _mm512_sub_epi32(_mm512_castps_si512(kf), _mm512_castps_si512(sh));
    __m512 r = _mm512_fnmadd_ps(kd, _mm512_set1_ps(DERF_TL_L1), z);
    r = _mm512_fnmadd_ps(kd, _mm512_set1_ps(DERF_TL_L2), r);
    r = _mm512_add_ps(r, zl);
    __m512 q = _mm512_fmadd_ps(r, _mm512_set1_ps(1.0f / 120), _mm512_set1_ps(1.0f / 24));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(1.0f / 6));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(0.5f));
    __m512 el = _mm512_fmadd_ps(_mm512_mul_ps(r, r), q, r);
    __m512 th = PERM16(DERF_TAIL_T_HI, k), tl = PERM16(DERF_TAIL_T_LO, k);
    __m512 sc = _mm512_castsi512_ps(_mm512_slli_epi32(
        _mm512_add_epi32(_mm512_srai_epi32(k, 4), _mm512_set1_epi32(127)), 23));
    __m512 s2 = _mm512_fmadd_ps(y, _mm512_set1_ps(2.0f), sh);
    __m512 u = _mm512_fmadd_ps(_mm512_sub_ps(s2, sh), _mm512_set1_ps(-0.5f), y);
    __m512i i = _mm512_castps_si512(s2);
    __m512 c = PERM32(DERF_TAIL_R5, i);
    c = _mm512_fmadd_ps(c, u, PERM32(DERF_TAIL_R4, i));
    c = _mm512_fmadd_ps(c, u, PERM32(DERF_TAIL_R3, i));
    c = _mm512_fmadd_ps(c, u, PERM32(DERF_TAIL_R2, i));
    c = _mm512_fmadd_ps(c, u, PERM32(DERF_TAIL_R1L, i));
    __m512 lo = _mm512_fmadd_ps(c, u, PERM32(DERF_TAIL_R0L, i));
    __m512 r0h = PERM32(DERF_TAIL_R0H, i), r1h = PERM32(DERF_TAIL_R1H, i);
    __m512 rh = _mm512_fmadd_ps(r1h, u, r0h);
    __m512 rl = _mm512_add_ps(_mm512_fmadd_ps(r1h, u, _mm512_sub_ps(r0h, rh)), lo);
    __m512 ah = _mm512_mul_ps(th, rh);
    __m512 b = _mm512_fmsub_ps(th, rh, ah);
    b = _mm512_fmadd_ps(tl, rh, b);
    b = _mm512_fmadd_ps(th, rl, b);
    __m512 low = _mm512_fmadd_ps(ah, el, _mm512_fmadd_ps(b, el, b));
    __m512 v = _mm512_fmadd_ps(ah, sc, _mm512_mul_ps(low, sc));
    __mmask16 neg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
    return _mm512_mask_xor_ps(_mm512_add_ps(_mm512_set1_ps(1.0f), v), neg, v, _mm512_set1_ps(-0.0f));
}

/* Lanes outside the fast range (rare for N(0,1)): kept out of line so that the fast
 * loop's registers are not spent on the tail constants. */
static __attribute__((noinline)) __m512 dgelu16_rare(__m512 x, __m512 y, __mmask16 fast)
{
    __mmask16 tail = _mm512_mask_cmp_ps_mask((__mmask16)~fast, _mm512_abs_ps(x),
                                             _mm512_set1_ps(DERF_TAIL_HI), _CMP_LE_OQ);
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

static inline __m512 dgelu16(__m512 x)
{
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(DERF_FAST_LO), _CMP_GT_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(DERF_FAST_HI), _CMP_LE_OQ);
    __m512 y = fast16(x);
    if (__builtin_expect(fast != 0xffff, 0)) y = dgelu16_rare(x, y, fast);
    return y;
}

GELU_AVX512_BACKWARD_LOOP(gelu_erf_backward_f32_avx512, dgelu16)
