/* gelu_erf_tail_avx2.h -- gelu_erf_tail_v_f32 (src/scalar/gelu_erf_f32_tail.h) on 8 float
 * lanes: v = exp(-x^2/2) R(|x|), operation for operation, so the same bits.  Include only
 * from *_avx2.c files. */
#ifndef GELU_ERF_TAIL_AVX2_H
#define GELU_ERF_TAIL_AVX2_H

#include <immintrin.h>

#include "scalar/gelu_erf_f32_tail.h"
#include "x86/gelu_f32_avx2.h"

static inline __m256 gelu_erf_tail_v_avx2(__m256 x, const gelu_erf_tail_f32_table *T)
{
    const __m256 sh = _mm256_set1_ps(0x1.8p23f);
    __m256 y = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    __m256 p = _mm256_mul_ps(y, y);
    __m256 pl = _mm256_fmsub_ps(y, y, p);
    __m256 z = _mm256_mul_ps(_mm256_set1_ps(-0.5f), p), zl = _mm256_mul_ps(_mm256_set1_ps(-0.5f), pl);
    __m256 kf = _mm256_fmadd_ps(z, _mm256_set1_ps(DERF_TL_INV), sh);
    __m256 kd = _mm256_sub_ps(kf, sh);
    __m256i k = _mm256_sub_epi32(_mm256_castps_si256(kf), _mm256_castps_si256(sh));
    __m256 r = _mm256_fnmadd_ps(kd, _mm256_set1_ps(DERF_TL_L1), z);
    r = _mm256_fnmadd_ps(kd, _mm256_set1_ps(DERF_TL_L2), r);
    r = _mm256_add_ps(r, zl);
    __m256 q = _mm256_fmadd_ps(r, _mm256_set1_ps(1.0f / 120), _mm256_set1_ps(1.0f / 24));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(1.0f / 6));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(0.5f));
    __m256 el = _mm256_fmadd_ps(_mm256_mul_ps(r, r), q, r);
    __m256 th = gelu_avx2_lookup16(DERF_TAIL_T_HI, k), tl = gelu_avx2_lookup16(DERF_TAIL_T_LO, k);
    __m256 sc = _mm256_castsi256_ps(_mm256_slli_epi32(
        _mm256_add_epi32(_mm256_srai_epi32(k, 4), _mm256_set1_epi32(127)), 23));
    __m256 s2 = _mm256_fmadd_ps(y, _mm256_set1_ps(2.0f), sh);
    __m256 u = _mm256_fmadd_ps(_mm256_sub_ps(s2, sh), _mm256_set1_ps(-0.5f), y);
    gelu_avx2_idx32 i = gelu_avx2_idx32_make(_mm256_castps_si256(s2));
    __m256 c = gelu_avx2_lookup32(T->r[3], i);
    c = _mm256_fmadd_ps(c, u, gelu_avx2_lookup32(T->r[2], i));
    c = _mm256_fmadd_ps(c, u, gelu_avx2_lookup32(T->r[1], i));
    c = _mm256_fmadd_ps(c, u, gelu_avx2_lookup32(T->r[0], i));
    c = _mm256_fmadd_ps(c, u, gelu_avx2_lookup32(T->r1l, i));
    __m256 lo = _mm256_fmadd_ps(c, u, gelu_avx2_lookup32(T->r0l, i));
    __m256 r0h = gelu_avx2_lookup32(T->r0h, i), r1h = gelu_avx2_lookup32(T->r1h, i);
    __m256 rh = _mm256_fmadd_ps(r1h, u, r0h);
    __m256 rl = _mm256_add_ps(_mm256_fmadd_ps(r1h, u, _mm256_sub_ps(r0h, rh)), lo);
    __m256 ah = _mm256_mul_ps(th, rh);
    __m256 b = _mm256_fmsub_ps(th, rh, ah);
    b = _mm256_fmadd_ps(tl, rh, b);
    b = _mm256_fmadd_ps(th, rl, b);
    __m256 low = _mm256_fmadd_ps(ah, el, _mm256_fmadd_ps(b, el, b));
    return _mm256_fmadd_ps(ah, sc, _mm256_mul_ps(low, sc));
}

#endif /* GELU_ERF_TAIL_AVX2_H */
