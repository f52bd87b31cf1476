/* gelu_half_avx2.c -- the bf16/f16 conversions of src/half_kernels.c on 8 lanes, AVX2, in
 * integer arithmetic (the same rounding as src/half_format.h and gelu_half_avx512.c; no
 * F16C instructions, so that MXCSR's DAZ/FTZ cannot change a result).  Tails of arrays go
 * through a small buffer. */
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "x86/kernels_x86.h"

#define AVX2_INLINE static inline __attribute__((always_inline))

/* unsigned a <= b, lane by lane */
AVX2_INLINE __m256i le_epu32(__m256i a, __m256i b)
{
    return _mm256_cmpeq_epi32(_mm256_min_epu32(a, b), a);
}

AVX2_INLINE __m256i widen8(int f16, __m128i h16)
{
    __m256i v = _mm256_cvtepu16_epi32(h16);
    if (!f16) return _mm256_slli_epi32(v, 16);
    __m256i sign = _mm256_slli_epi32(_mm256_and_si256(v, _mm256_set1_epi32(0x8000)), 16);
    __m256i a = _mm256_and_si256(v, _mm256_set1_epi32(0x7fff));
    __m256i r = _mm256_add_epi32(_mm256_slli_epi32(a, 13), _mm256_set1_epi32(112 << 23));
    __m256i special = _mm256_cmpgt_epi32(a, _mm256_set1_epi32(0x7bff));
    __m256i infnan = _mm256_or_si256(_mm256_set1_epi32(0x7f800000),
                                     _mm256_slli_epi32(_mm256_and_si256(a, _mm256_set1_epi32(0x3ff)), 13));
    r = _mm256_blendv_epi8(r, infnan, special);
    __m256i sub = _mm256_cmpgt_epi32(_mm256_set1_epi32(0x0400), a);
    __m256 s = _mm256_mul_ps(_mm256_cvtepi32_ps(a), _mm256_set1_ps(0x1p-24f));
    r = _mm256_blendv_epi8(r, _mm256_castps_si256(s), sub);
    return _mm256_or_si256(r, sign);
}

/* Rounds the float bits b; *open gets the lanes not settled (all ones). */
AVX2_INLINE __m256i round8(int f16, __m256i b, int tol, __m256i *open)
{
    __m256i a = _mm256_and_si256(b, _mm256_set1_epi32(0x7fffffff));
    if (!f16) {
        __m256i nan = _mm256_cmpgt_epi32(a, _mm256_set1_epi32(0x7f800000));
        __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(b, 16), _mm256_set1_epi32(1));
        __m256i r = _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(b, _mm256_set1_epi32(0x7fff)), lsb), 16);
        r = _mm256_blendv_epi8(r, _mm256_or_si256(_mm256_srli_epi32(b, 16), _mm256_set1_epi32(0x40)), nan);
        __m256i d = _mm256_sub_epi32(_mm256_and_si256(b, _mm256_set1_epi32(0xffff)),
                                     _mm256_set1_epi32(0x8000 - tol));
        *open = _mm256_andnot_si256(nan, le_epu32(d, _mm256_set1_epi32(2 * tol)));
        return r;
    }
    __m256i fast = _mm256_and_si256(_mm256_cmpgt_epi32(a, _mm256_set1_epi32(0x387fffff)),
                                    _mm256_cmpgt_epi32(_mm256_set1_epi32(0x7f800000), a));
    __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(a, 13), _mm256_set1_epi32(1));
    __m256i r = _mm256_add_epi32(_mm256_sub_epi32(a, _mm256_set1_epi32(0x38000000)),
                                 _mm256_add_epi32(_mm256_set1_epi32(0xfff), lsb));
    r = _mm256_min_epu32(_mm256_srli_epi32(r, 13), _mm256_set1_epi32(0x7c00));
    r = _mm256_or_si256(r, _mm256_and_si256(_mm256_srli_epi32(b, 16), _mm256_set1_epi32(0x8000)));
    __m256i d = _mm256_sub_epi32(_mm256_and_si256(a, _mm256_set1_epi32(0x1fff)),
                                 _mm256_set1_epi32(0x1000 - tol));
    *open = _mm256_or_si256(le_epu32(d, _mm256_set1_epi32(2 * tol)),
                            _mm256_xor_si256(fast, _mm256_set1_epi32(-1)));
    return r;
}

AVX2_INLINE __m128i pack16(__m256i r)
{
    return _mm_packus_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
}

AVX2_INLINE void set_open(uint16_t *open, size_t i, __m256i op, size_t lanes)
{
    unsigned bits = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(op)) & ((1u << lanes) - 1u);
    if (i % 16 == 0) open[i / 16] = (uint16_t)bits;
    else open[i / 16] = (uint16_t)(open[i / 16] | (bits << 8));
}

AVX2_INLINE void widen_impl(int f16, const uint16_t *h, float *out, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(out + i, _mm256_castsi256_ps(widen8(f16, _mm_loadu_si128((const __m128i *)(h + i)))));
    if (i < n) {
        uint16_t b[8] = {0};
        float o[8];
        memcpy(b, h + i, (n - i) * sizeof *h);
        _mm256_storeu_ps(o, _mm256_castsi256_ps(widen8(f16, _mm_loadu_si128((const __m128i *)b))));
        memcpy(out + i, o, (n - i) * sizeof *out);
    }
}

AVX2_INLINE void narrow_impl(int f16, const float *y, uint16_t *h, uint16_t *open, size_t n)
{
    for (size_t i = 0; i < n; i += 8) {
        size_t w = n - i < 8 ? n - i : 8;
        float yb[8] = {0};
        uint16_t hb[8];
        memcpy(yb, y + i, w * sizeof *y);
        __m256i op;
        __m256i r = round8(f16, _mm256_castps_si256(_mm256_loadu_ps(yb)), 1, &op);
        _mm_storeu_si128((__m128i *)hb, pack16(r));
        memcpy(h + i, hb, w * sizeof *h);
        set_open(open, i, op, w);
    }
}

/* The rules of narrow_product_avx512 (gelu_half_avx512.c). */
AVX2_INLINE void narrow_product_impl(int f16, const float *x, const float *dy, const float *d,
                                     uint16_t *h, uint16_t *open, size_t n)
{
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    for (size_t i = 0; i < n; i += 8) {
        size_t w = n - i < 8 ? n - i : 8;
        float xb[8] = {0}, dyb[8] = {0}, db[8] = {0};
        uint16_t hb[8];
        memcpy(xb, x + i, w * sizeof *x);
        memcpy(dyb, dy + i, w * sizeof *dy);
        memcpy(db, d + i, w * sizeof *d);
        __m256 ax = _mm256_and_ps(_mm256_loadu_ps(xb), abs_mask);
        __m256 dyv = _mm256_loadu_ps(dyb), dv = _mm256_loadu_ps(db);
        __m256 ok = _mm256_and_ps(_mm256_cmp_ps(ax, _mm256_set1_ps(0x1p-60f), _CMP_GE_OQ),
                                  _mm256_cmp_ps(ax, _mm256_set1_ps(INFINITY), _CMP_LT_OQ));
        ok = _mm256_and_ps(ok, _mm256_cmp_ps(_mm256_and_ps(dyv, abs_mask), _mm256_set1_ps(INFINITY), _CMP_LT_OQ));
        ok = _mm256_and_ps(ok, _mm256_cmp_ps(_mm256_and_ps(dv, abs_mask), _mm256_set1_ps(0x1p-126f), _CMP_GE_OQ));
        __m256 p = _mm256_mul_ps(dyv, dv);
        ok = _mm256_and_ps(ok, _mm256_cmp_ps(p, p, _CMP_ORD_Q));
        if (!f16)
            ok = _mm256_and_ps(ok, _mm256_cmp_ps(_mm256_and_ps(p, abs_mask), _mm256_set1_ps(0x1p-126f), _CMP_GE_OQ));
        __m256i op;
        __m256i r = round8(f16, _mm256_castps_si256(p), 4, &op);
        op = _mm256_or_si256(op, _mm256_xor_si256(_mm256_castps_si256(ok), _mm256_set1_epi32(-1)));
        _mm_storeu_si128((__m128i *)hb, pack16(r));
        memcpy(h + i, hb, w * sizeof *h);
        set_open(open, i, op, w);
    }
}

static void widen_avx2(int f16, const uint16_t *h, float *out, size_t n)
{
    if (f16) widen_impl(1, h, out, n);
    else widen_impl(0, h, out, n);
}

static void narrow_avx2(int f16, const float *y, uint16_t *h, uint16_t *open, size_t n)
{
    if (f16) narrow_impl(1, y, h, open, n);
    else narrow_impl(0, y, h, open, n);
}

static void narrow_product_avx2(int f16, const float *x, const float *dy, const float *d,
                                uint16_t *h, uint16_t *open, size_t n)
{
    if (f16) narrow_product_impl(1, x, dy, d, h, open, n);
    else narrow_product_impl(0, x, dy, d, h, open, n);
}

const gelu_half_simd gelu_half_simd_avx2 = {widen_avx2, narrow_avx2, narrow_product_avx2, NULL};
