/* gelu_half_avx512.c -- the bf16/f16 conversions of src/half_kernels.c on 16 lanes,
 * AVX-512 (F, BW, VL), integer arithmetic only (so no dependence on MXCSR's DAZ/FTZ, which
 * the hardware conversions VCVTPH2PS/VCVTNEPS2BF16 would bring in or, for the latter, its
 * flushing of subnormals).  Exactly the rounding of src/half_format.h: bf16 by one add on
 * the float bits, f16 by the rebias-and-add of gelu_f16_from_float in f16's normal range
 * (other lanes are left open for the portable code).  Tails of arrays with masked loads
 * and stores. */
#include <immintrin.h>
#include <math.h>
#include <stdint.h>

#include "tables/gelu_bf16_tables.h"
#include "x86/kernels_x86.h"

static inline __mmask16 head(size_t left) { return left >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << left) - 1); }

static inline __attribute__((always_inline)) void widen_avx512_impl(int f16, const uint16_t *h, float *out, size_t n)
{
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = head(n - i);
        __m512i v = _mm512_cvtepu16_epi32(m == 0xffff ? _mm256_loadu_si256((const __m256i *)(h + i))
                                                      : _mm256_maskz_loadu_epi16(m, h + i));
        __m512i r;
        if (!f16) {
            r = _mm512_slli_epi32(v, 16);
        } else {
            __m512i sign = _mm512_slli_epi32(_mm512_and_si512(v, _mm512_set1_epi32(0x8000)), 16);
            __m512i a = _mm512_and_si512(v, _mm512_set1_epi32(0x7fff));
            __m512i normal = _mm512_add_epi32(_mm512_slli_epi32(a, 13), _mm512_set1_epi32(112 << 23));
            __mmask16 special = _mm512_cmpge_epi32_mask(a, _mm512_set1_epi32(0x7c00));
            __mmask16 sub = _mm512_cmplt_epi32_mask(a, _mm512_set1_epi32(0x0400));
            /* inf/NaN: exponent all ones, payload moved up */
            r = _mm512_mask_or_epi32(normal, special, _mm512_set1_epi32(0x7f800000),
                                     _mm512_slli_epi32(_mm512_and_si512(a, _mm512_set1_epi32(0x3ff)), 13));
            /* zero and subnormal: m 2^-24, exact */
            __m512 s = _mm512_mul_ps(_mm512_cvtepi32_ps(a), _mm512_set1_ps(0x1p-24f));
            r = _mm512_mask_mov_epi32(r, sub, _mm512_castps_si512(s));
            r = _mm512_or_si512(r, sign);
        }
        if (m == 0xffff) _mm512_storeu_ps(out + i, _mm512_castsi512_ps(r));
        else _mm512_mask_storeu_ps(out + i, m, _mm512_castsi512_ps(r));
    }
}

/* Rounds the float bits b; *open gets the lanes not settled. */
static inline __attribute__((always_inline)) __m512i round16(int f16, __m512i b, int tol, __mmask16 *open)
{
    __m512i a = _mm512_and_si512(b, _mm512_set1_epi32(0x7fffffff));
    if (!f16) {
        __mmask16 nan = _mm512_cmpgt_epi32_mask(a, _mm512_set1_epi32(0x7f800000));
        __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(b, 16), _mm512_set1_epi32(1));
        __m512i r = _mm512_srli_epi32(_mm512_add_epi32(_mm512_add_epi32(b, _mm512_set1_epi32(0x7fff)), lsb), 16);
        r = _mm512_mask_or_epi32(r, nan, _mm512_srli_epi32(b, 16), _mm512_set1_epi32(0x40));
        __m512i d = _mm512_sub_epi32(_mm512_and_si512(b, _mm512_set1_epi32(0xffff)),
                                     _mm512_set1_epi32(0x8000 - tol));
        __mmask16 near = _mm512_cmple_epu32_mask(d, _mm512_set1_epi32(2 * tol));
        *open = near & (__mmask16)~nan;
        return r;
    }
    __mmask16 fast = _mm512_cmpge_epi32_mask(a, _mm512_set1_epi32(0x38800000));
    fast = _mm512_mask_cmplt_epi32_mask(fast, a, _mm512_set1_epi32(0x7f800000));
    __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(a, 13), _mm512_set1_epi32(1));
    __m512i r = _mm512_add_epi32(_mm512_sub_epi32(a, _mm512_set1_epi32(0x38000000)),
                                 _mm512_add_epi32(_mm512_set1_epi32(0xfff), lsb));
    r = _mm512_min_epu32(_mm512_srli_epi32(r, 13), _mm512_set1_epi32(0x7c00));
    r = _mm512_or_si512(r, _mm512_and_si512(_mm512_srli_epi32(b, 16), _mm512_set1_epi32(0x8000)));
    __m512i d = _mm512_sub_epi32(_mm512_and_si512(a, _mm512_set1_epi32(0x1fff)),
                                 _mm512_set1_epi32(0x1000 - tol));
    __mmask16 near = _mm512_cmple_epu32_mask(d, _mm512_set1_epi32(2 * tol));
    *open = near | (__mmask16)~fast;
    return r;
}

static inline __attribute__((always_inline)) void narrow_avx512_impl(int f16, const float *y, uint16_t *h, uint16_t *open, size_t n)
{
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = head(n - i), op;
        __m512i r = round16(f16, _mm512_castps_si512(_mm512_maskz_loadu_ps(m, y + i)), 1, &op);
        if (m == 0xffff) _mm256_storeu_si256((__m256i *)(h + i), _mm512_cvtepi32_epi16(r));
        else _mm256_mask_storeu_epi16(h + i, m, _mm512_cvtepi32_epi16(r));
        open[i / 16] = (uint16_t)(op & m);
    }
}

/* dx = dy * d: the float product p is within |dy| ulp(d) + ulp(p)/2 < 4 ulp(p) of
 * dy * f'(x) for a normal d; settled where p is more than 4 of its ulps from a boundary and
 * the lane is ordinary: x finite with |x| >= 2^-60, dy finite, d normal (|d| >= 2^-126), p
 * not NaN (the portable code has the rules for everything else, ReLU's exact f' included). */
static inline __attribute__((always_inline)) void narrow_product_avx512_impl(int f16, const float *x, const float *dy, const float *d,
                                  uint16_t *h, uint16_t *open, size_t n)
{
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = head(n - i), op;
        __m512 xv = _mm512_maskz_loadu_ps(m, x + i), dyv = _mm512_maskz_loadu_ps(m, dy + i);
        __m512 dv = _mm512_maskz_loadu_ps(m, d + i);
        __m512 ax = _mm512_abs_ps(xv);
        __mmask16 ok = _mm512_cmp_ps_mask(ax, _mm512_set1_ps(0x1p-60f), _CMP_GE_OQ);
        ok = _mm512_mask_cmp_ps_mask(ok, ax, _mm512_set1_ps(INFINITY), _CMP_LT_OQ);
        ok = _mm512_mask_cmp_ps_mask(ok, _mm512_abs_ps(dyv), _mm512_set1_ps(INFINITY), _CMP_LT_OQ);
        ok = _mm512_mask_cmp_ps_mask(ok, _mm512_abs_ps(dv), _mm512_set1_ps(0x1p-126f), _CMP_GE_OQ);
        __m512 p = _mm512_mul_ps(dyv, dv);
        ok = _mm512_mask_cmp_ps_mask(ok, p, p, _CMP_ORD_Q);
        __m512i r = round16(f16, _mm512_castps_si512(p), 4, &op);
        /* bf16: p must be a normal float (a subnormal p's ulp is not relative) */
        if (!f16) ok = _mm512_mask_cmp_ps_mask(ok, _mm512_abs_ps(p), _mm512_set1_ps(0x1p-126f), _CMP_GE_OQ);
        op = (__mmask16)(op | (__mmask16)~ok);
        _mm256_mask_storeu_epi16(h + i, m, _mm512_cvtepi32_epi16(r));
        open[i / 16] = (uint16_t)(op & m);
    }
}

static void widen_avx512(int f16, const uint16_t *h, float *out, size_t n)
{
    if (f16) widen_avx512_impl(1, h, out, n);
    else widen_avx512_impl(0, h, out, n);
}

static void narrow_avx512(int f16, const float *y, uint16_t *h, uint16_t *open, size_t n)
{
    if (f16) narrow_avx512_impl(1, y, h, open, n);
    else narrow_avx512_impl(0, y, h, open, n);
}

static void narrow_product_avx512(int f16, const float *x, const float *dy, const float *d,
                                  uint16_t *h, uint16_t *open, size_t n)
{
    if (f16) narrow_product_avx512_impl(1, x, dy, d, h, open, n);
    else narrow_product_avx512_impl(0, x, dy, d, h, open, n);
}

/* bf16 forward, GELU forms, in one pass: y = x P(u) in float with P of degree 4 per piece
 * (src/tables/gelu_bf16_tables.c: fit error at most 2^-16.5, tools/fit/fit_bf16.py; the
 * float Horner and product add a few units of 2^-24), so y is within 2^-15 |y| of f(x),
 * 2^8 float ulps; y's rounding to bf16 is correct unless its
 * dropped 16 bits lie within 2^8 of the halfway point.  Open: those lanes, x outside
 * [-3.5, 4] (NaN and inf included), and |y| < 2^-126 (where float ulps are not relative). */
static inline __attribute__((always_inline)) void
forward_bf16_impl(const float (*poly)[32], const uint16_t *x, uint16_t *y, uint16_t *open, size_t n)
{
    const __m512 sh = _mm512_set1_ps(0x1.8p23f);
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = head(n - i);
        __m256i h = m == 0xffff ? _mm256_loadu_si256((const __m256i *)(x + i))
                                : _mm256_maskz_loadu_epi16(m, x + i);
        __m512 xv = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
        __mmask16 ok = _mm512_mask_cmp_ps_mask(m, xv, _mm512_set1_ps(-3.5f), _CMP_GE_OQ);
        ok = _mm512_mask_cmp_ps_mask(ok, xv, _mm512_set1_ps(4.0f), _CMP_LE_OQ);
        __m512 s = _mm512_fmadd_ps(xv, _mm512_set1_ps(4.0f), sh);
        __m512 u = _mm512_fmadd_ps(_mm512_sub_ps(s, sh), _mm512_set1_ps(-0.25f), xv);
        __m512i idx = _mm512_castps_si512(s);
        __m512 p = _mm512_permutex2var_ps(_mm512_load_ps(poly[0]), idx, _mm512_load_ps(poly[0] + 16));
        for (int k = 1; k <= GELU_BF16_POLY_DEG; k++)
            p = _mm512_fmadd_ps(p, u, _mm512_permutex2var_ps(_mm512_load_ps(poly[k]), idx,
                                                             _mm512_load_ps(poly[k] + 16)));
        __m512 yv = _mm512_mul_ps(xv, p);
        ok = _mm512_mask_cmp_ps_mask(ok, _mm512_abs_ps(yv), _mm512_set1_ps(0x1p-126f), _CMP_GE_OQ);
        __m512i b = _mm512_castps_si512(yv);
        __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(b, 16), _mm512_set1_epi32(1));
        __m512i r = _mm512_srli_epi32(_mm512_add_epi32(_mm512_add_epi32(b, _mm512_set1_epi32(0x7fff)), lsb), 16);
        __m512i d = _mm512_sub_epi32(_mm512_and_si512(b, _mm512_set1_epi32(0xffff)),
                                     _mm512_set1_epi32(0x8000 - 256));
        __mmask16 near = _mm512_cmple_epu32_mask(d, _mm512_set1_epi32(512));
        if (m == 0xffff) _mm256_storeu_si256((__m256i *)(y + i), _mm512_cvtepi32_epi16(r));
        else _mm256_mask_storeu_epi16(y + i, m, _mm512_cvtepi32_epi16(r));
        open[i / 16] = (uint16_t)((near | (__mmask16)~ok) & m);
    }
}

static void forward_bf16_avx512(gelu_fn f, const uint16_t *x, uint16_t *y, uint16_t *open, size_t n)
{
    if (f == GELU_ERF) forward_bf16_impl(gelu_bf16_poly_erf, x, y, open, n);
    else if (f == GELU_TANH) forward_bf16_impl(gelu_bf16_poly_tanh, x, y, open, n);
    else forward_bf16_impl(gelu_bf16_poly_sigmoid, x, y, open, n);
}

const gelu_half_simd gelu_half_simd_avx512 = {widen_avx512, narrow_avx512, narrow_product_avx512,
                                              forward_bf16_avx512};
