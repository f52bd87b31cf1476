/* AVX-512 (F, DQ) version of proto_erf.h, bit-identical to the scalar reference. */
#include <immintrin.h>
#include "proto_erf.h"

#define PERM32(T, idx) _mm512_permutex2var_ps(_mm512_load_ps(T), idx, _mm512_load_ps((T) + 16))
#define PERM16D(T, idx) _mm512_permutex2var_pd(_mm512_load_pd(T), idx, _mm512_load_pd((T) + 8))

static inline __m512 fast16(__m512 x)
{
    const __m512 sh = _mm512_set1_ps(0x1.8p23f);
    __m512 s = _mm512_fmadd_ps(x, _mm512_set1_ps(4.0f), sh);
    __m512 kd = _mm512_sub_ps(s, sh);
    __m512 u = _mm512_fmadd_ps(kd, _mm512_set1_ps(-0.25f), x);
    __m512i i = _mm512_castps_si512(s);
    __m512 q = PERM32(FAST_C6, i);
    q = _mm512_fmadd_ps(q, u, PERM32(FAST_C5, i));
    q = _mm512_fmadd_ps(q, u, PERM32(FAST_C4, i));
    q = _mm512_fmadd_ps(q, u, PERM32(FAST_C3, i));
    q = _mm512_fmadd_ps(q, u, PERM32(FAST_C2, i));
    q = _mm512_fmadd_ps(q, u, PERM32(FAST_C1L, i));
    __m512 lo = _mm512_fmadd_ps(q, u, PERM32(FAST_C0L, i));
    __m512 c0h = PERM32(FAST_C0H, i), c1h = PERM32(FAST_C1H, i);
    __m512 ph = _mm512_fmadd_ps(c1h, u, c0h);
    __m512 e = _mm512_fmadd_ps(c1h, u, _mm512_sub_ps(c0h, ph));
    __m512 pl = _mm512_add_ps(e, lo);
    return _mm512_fmadd_ps(x, ph, _mm512_mul_ps(x, pl));
}

static inline __m256 slow8(__m256 xf)
{
    const __m512d shd = _mm512_set1_pd(0x1.8p52);
    __m512d x = _mm512_cvtps_pd(xf);
    __m512d a = _mm512_or_pd(x, _mm512_set1_pd(-0.0));
    a = _mm512_max_pd(a, _mm512_set1_pd(-15.0));
    __m512d s = _mm512_fmadd_pd(a, _mm512_set1_pd(4.0 / 3.0), _mm512_set1_pd(20.0 + 0x1.8p52));
    __m512i j = _mm512_castpd_si512(s);
    __m512d t = _mm512_sub_pd(a, PERM16D(SLOW_MID, j));
    __m512d g = PERM16D(SLOW_G5, j);
    g = _mm512_fmadd_pd(g, t, PERM16D(SLOW_G4, j));
    g = _mm512_fmadd_pd(g, t, PERM16D(SLOW_G3, j));
    g = _mm512_fmadd_pd(g, t, PERM16D(SLOW_G2, j));
    g = _mm512_fmadd_pd(g, t, PERM16D(SLOW_G1, j));
    g = _mm512_fmadd_pd(g, t, PERM16D(SLOW_G0, j));
    __m512d z = _mm512_fmadd_pd(_mm512_mul_pd(a, a), _mm512_set1_pd(-0.5), g);
    __m512d kf = _mm512_fmadd_pd(z, _mm512_set1_pd(INV_LN2_16), shd);
    __m512d kd = _mm512_sub_pd(kf, shd);
    __m512d r = _mm512_fmadd_pd(kd, _mm512_set1_pd(-LN2_16_HI), z);
    r = _mm512_fmadd_pd(kd, _mm512_set1_pd(-LN2_16_LO), r);
    __m512d p = _mm512_set1_pd(1.0 / 24);
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 6));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(0.5));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
    __m512d e = _mm512_mul_pd(PERM16D(EXP2_16, _mm512_castpd_si512(kf)), p);
    e = _mm512_scalef_pd(e, _mm512_mul_pd(kd, _mm512_set1_pd(0.0625)));
    __m512d v = _mm512_mul_pd(a, e);
    __mmask8 pos = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
    __m512d y = _mm512_mask_add_pd(v, pos, x, v);
    return _mm512_cvtpd_ps(y);
}

static inline __m512 gelu16(__m512 x)
{
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(PE_FAST_LO), _CMP_GE_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(PE_FAST_HI), _CMP_LE_OQ);
    __m512 y = fast16(x);
    if (__builtin_expect(fast != 0xffff, 0)) {
        __m256 lo = slow8(_mm512_castps512_ps256(x));
        __m256 hi = slow8(_mm512_extractf32x8_ps(x, 1));
        __m512 ys = _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
        __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
        ys = _mm512_mask_add_ps(ys, nan, x, x);
        y = _mm512_mask_mov_ps(ys, fast, y);
    }
    return y;
}

void proto_erf_avx512(const float *x, float *y, size_t n)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, gelu16(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(y + i, m, gelu16(_mm512_maskz_loadu_ps(m, x + i)));
    }
}
