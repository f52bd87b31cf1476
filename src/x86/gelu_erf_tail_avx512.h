/* gelu_erf_tail_avx512.h -- gelu_erf_tail_v_f32 (src/scalar/gelu_erf_f32_tail.h) on 16 float
 * lanes: v = exp(-x^2/2) R(|x|), operation for operation (vpermps for the 16-entry 2^(j/16)
 * pair, vpermt2ps for R's pieces), so the same bits.  Include only from *_avx512.c files. */
#ifndef GELU_ERF_TAIL_AVX512_H
#define GELU_ERF_TAIL_AVX512_H

#include <immintrin.h>

#include "scalar/gelu_erf_f32_tail.h"
#include "x86/gelu_f32_pieces_avx512.h"

static inline __m512 gelu_perm16_avx512(const float *t, __m512i idx)
{
    return _mm512_permutexvar_ps(idx, _mm512_load_ps(t));
}

static inline __m512 gelu_erf_tail_v_avx512(__m512 x, const gelu_erf_tail_f32_table *T)
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
    __m512 th = gelu_perm16_avx512(DERF_TAIL_T_HI, k), tl = gelu_perm16_avx512(DERF_TAIL_T_LO, k);
    __m512 sc = _mm512_castsi512_ps(_mm512_slli_epi32(
        _mm512_add_epi32(_mm512_srai_epi32(k, 4), _mm512_set1_epi32(127)), 23));
    __m512 s2 = _mm512_fmadd_ps(y, _mm512_set1_ps(2.0f), sh);
    __m512 u = _mm512_fmadd_ps(_mm512_sub_ps(s2, sh), _mm512_set1_ps(-0.5f), y);
    __m512i i = _mm512_castps_si512(s2);
    __m512 c = gelu_perm32_avx512(T->r[3], i);
    c = _mm512_fmadd_ps(c, u, gelu_perm32_avx512(T->r[2], i));
    c = _mm512_fmadd_ps(c, u, gelu_perm32_avx512(T->r[1], i));
    c = _mm512_fmadd_ps(c, u, gelu_perm32_avx512(T->r[0], i));
    c = _mm512_fmadd_ps(c, u, gelu_perm32_avx512(T->r1l, i));
    __m512 lo = _mm512_fmadd_ps(c, u, gelu_perm32_avx512(T->r0l, i));
    __m512 r0h = gelu_perm32_avx512(T->r0h, i), r1h = gelu_perm32_avx512(T->r1h, i);
    __m512 rh = _mm512_fmadd_ps(r1h, u, r0h);
    __m512 rl = _mm512_add_ps(_mm512_fmadd_ps(r1h, u, _mm512_sub_ps(r0h, rh)), lo);
    __m512 ah = _mm512_mul_ps(th, rh);
    __m512 b = _mm512_fmsub_ps(th, rh, ah);
    b = _mm512_fmadd_ps(tl, rh, b);
    b = _mm512_fmadd_ps(th, rl, b);
    __m512 low = _mm512_fmadd_ps(ah, el, _mm512_fmadd_ps(b, el, b));
    return _mm512_fmadd_ps(ah, sc, _mm512_mul_ps(low, sc));
}

#endif /* GELU_ERF_TAIL_AVX512_H */
