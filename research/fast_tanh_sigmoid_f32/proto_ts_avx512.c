/* AVX-512 (F, DQ) version of proto_ts.h, bit-identical to the scalar reference. */
#include <immintrin.h>
#include "proto_ts.h"

#define PERM32(T, idx) _mm512_permutex2var_ps(_mm512_load_ps(T), idx, _mm512_load_ps((T) + 16))
#define PERM16D(T, idx) _mm512_permutex2var_pd(_mm512_load_pd(T), idx, _mm512_load_pd((T) + 8))

static inline __attribute__((always_inline)) __m512 fast16(__m512 x, const pt_fast_tab *T, int deg)
{
    const __m512 sh = _mm512_set1_ps(0x1.8p23f);
    __m512 s = _mm512_fmadd_ps(x, _mm512_set1_ps(4.0f), sh);
    __m512 kd = _mm512_sub_ps(s, sh);
    __m512 u = _mm512_fmadd_ps(kd, _mm512_set1_ps(-0.25f), x);
    __m512i i = _mm512_castps_si512(s);
    __m512 q = PERM32(T->c[deg - 2], i);
#pragma GCC unroll 8
    for (int j = deg - 3; j >= 0; j--) q = _mm512_fmadd_ps(q, u, PERM32(T->c[j], i));
    q = _mm512_fmadd_ps(q, u, PERM32(T->c1l, i));
    __m512 lo = _mm512_fmadd_ps(q, u, PERM32(T->c0l, i));
    __m512 c0h = PERM32(T->c0h, i), c1h = PERM32(T->c1h, i);
    __m512 ph = _mm512_fmadd_ps(c1h, u, c0h);
    __m512 e = _mm512_fmadd_ps(c1h, u, _mm512_sub_ps(c0h, ph));
    __m512 pl = _mm512_add_ps(e, lo);
    return _mm512_fmadd_ps(x, ph, _mm512_mul_ps(x, pl));
}

static inline __attribute__((always_inline)) __m256 slow8(__m256 xf, int tanh)
{
    const __m512d shd = _mm512_set1_pd(0x1.8p52);
    const double L = tanh ? PT_TANH_L : PT_SIGMOID_L;
    __m512d x = _mm512_cvtps_pd(xf);
    /* NaN lanes are replaced by the caller */
    __m512d a = _mm512_max_pd(x, _mm512_set1_pd(-L));
    __m512d b = _mm512_min_pd(a, _mm512_set1_pd(L));
    __m512d z;
    if (tanh) {
        __m512d w = _mm512_fmadd_pd(_mm512_set1_pd(PT_TANH_CUBIC), _mm512_mul_pd(b, b), _mm512_set1_pd(1.0));
        z = _mm512_mul_pd(_mm512_set1_pd(-2.0 * PT_SQRT_2_OVER_PI), _mm512_mul_pd(b, w));
    } else {
        z = _mm512_mul_pd(_mm512_set1_pd(-PT_SIGMOID_SCALE), b);
    }
    __m512d kf = _mm512_fmadd_pd(z, _mm512_set1_pd(PT_INV_LN2_16), shd);
    __m512d kd = _mm512_sub_pd(kf, shd);
    __m512d r = _mm512_fmadd_pd(kd, _mm512_set1_pd(-PT_LN2_16_HI), z);
    r = _mm512_fmadd_pd(kd, _mm512_set1_pd(-PT_LN2_16_LO), r);
    __m512d p = _mm512_set1_pd(1.0 / 120);
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 24));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 6));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(0.5));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
    __m512d e = _mm512_mul_pd(PERM16D(PT_EXP2_16, _mm512_castpd_si512(kf)), p);
    e = _mm512_scalef_pd(e, _mm512_roundscale_pd(_mm512_mul_pd(kd, _mm512_set1_pd(0.0625)), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
    __m512d y = _mm512_div_pd(a, _mm512_add_pd(_mm512_set1_pd(1.0), e));
    return _mm512_cvtpd_ps(y);
}

static inline __attribute__((always_inline)) __m512 gelu16(__m512 x, int tanh)
{
    const float LO = tanh ? PT_TANH_LO : PT_SIGMOID_LO, HI = tanh ? PT_TANH_HI : PT_SIGMOID_HI;
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(LO), _CMP_GE_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(HI), _CMP_LE_OQ);
    __m512 y = tanh ? fast16(x, &PT_FAST_TANH, PT_TANH_DEG) : fast16(x, &PT_FAST_SIGMOID, PT_SIGMOID_DEG);
    if (__builtin_expect(fast != 0xffff, 0)) {
        __m256 lo = slow8(_mm512_castps512_ps256(x), tanh);
        __m256 hi = slow8(_mm512_extractf32x8_ps(x, 1), tanh);
        __m512 ys = _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
        __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
        ys = _mm512_mask_add_ps(ys, nan, x, x);
        y = _mm512_mask_mov_ps(ys, fast, y);
    }
    return y;
}

#define KERNEL(NAME, TANH)                                                                   \
    void NAME(const float *x, float *y, size_t n)                                            \
    {                                                                                        \
        size_t i = 0;                                                                        \
        for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, gelu16(_mm512_loadu_ps(x + i), TANH)); \
        if (i < n) {                                                                         \
            __mmask16 m = (__mmask16)((1u << (n - i)) - 1);                                  \
            _mm512_mask_storeu_ps(y + i, m, gelu16(_mm512_maskz_loadu_ps(m, x + i), TANH));  \
        }                                                                                    \
    }
KERNEL(proto_tanh_avx512, 1)
KERNEL(proto_sigmoid_avx512, 0)
