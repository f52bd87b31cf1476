/* gelu_cr_forward_avx512.c -- the correctly rounded f32 forward (GELU_ERF, GELU_TANH,
 * GELU_SIGMOID), AVX-512 (F, DQ).
 *
 * Path 1 of src/scalar/gelu_cr_f32.h on 16 lanes, written once for every ISA in
 * src/simd/gelu_cr_f32_path1.h.  Lanes that path cannot settle (outside the fast
 * range, NaN, or too close to a rounding boundary: about 2 % of N(0,1) inputs) are
 * compressed into a batch per block of GELU_CR_F32_BLOCK and settled together: path 2 (the double
 * polynomial) on 8 lanes here, then the AVX-512 f64 kernel on what remains and paths 3 and
 * 4 (gelu_cr_f32_finish).  The results are the correctly
 * rounded values, so they equal the portable kernel's bits. */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "x86/vec_f32_avx512.h"
#include "simd/gelu_f32_methods.h"
#include "simd/gelu_cr_f32_path1.h"
#include "x86/kernels_x86.h"

/* Path 1 on 16 lanes (src/simd/gelu_cr_f32_path1.h); *ok gets the lanes it settled. */
static inline __attribute__((always_inline)) __m512 cr16(gelu_fn f, __m512 x, __mmask16 *ok)
{
    return gelu_cr_path1_vs(&gelu_cr_f32_forms[f], x, ok);
}

/* Entry i of a 32-entry double table for each lane: i & 15 through two vpermt2pd, bit 4
 * picking the half. */
static inline __m512d lookup32d(const double *t, __m512i idx, __mmask8 upper)
{
    __m512d lo = _mm512_permutex2var_pd(_mm512_load_pd(t), idx, _mm512_load_pd(t + 8));
    __m512d hi = _mm512_permutex2var_pd(_mm512_load_pd(t + 16), idx, _mm512_load_pd(t + 24));
    return _mm512_mask_blend_pd(upper, lo, hi);
}

/* Path 2 (gelu_cr_f32_poly) on the batch, 8 double lanes at a time. */
static void poly_batch_avx512(gelu_fn f, gelu_cr_f32_batch *b, float *y)
{
    const gelu_cr_f32_form *F = &gelu_cr_f32_forms[f];
    const __m256 sh = _mm256_set1_ps(0x1.8p23f);
    size_t kept = 0;
    for (size_t j = 0; j < b->n; j += 8) {
        __mmask8 lanes = b->n - j >= 8 ? (__mmask8)0xff : (__mmask8)((1u << (b->n - j)) - 1);
        __m256 x = _mm256_maskz_loadu_ps(lanes, b->x + j);
        __mmask8 in = _mm256_mask_cmp_ps_mask(lanes, x, _mm256_set1_ps(F->lo), _CMP_GE_OQ);
        in = _mm256_mask_cmp_ps_mask(in, x, _mm256_set1_ps(F->hi), _CMP_LE_OQ);
        __m256 s = _mm256_fmadd_ps(x, _mm256_set1_ps(4.0f), sh);
        __m512d u = _mm512_cvtps_pd(_mm256_fmadd_ps(_mm256_sub_ps(s, sh), _mm256_set1_ps(-0.25f), x));
        __m512i idx = _mm512_cvtepu32_epi64(_mm256_castps_si256(s));
        __mmask8 upper = _mm512_test_epi64_mask(idx, _mm512_set1_epi64(16));
        __m512d p = lookup32d(F->poly[0], idx, upper);
        for (int k = 1; k <= GELU_CR_F32_POLY_DEG; k++)
            p = _mm512_fmadd_pd(p, u, lookup32d(F->poly[k], idx, upper));
        __m512d v = _mm512_mul_pd(_mm512_cvtps_pd(x), p);
        __m256 c = _mm512_cvtpd_ps(v);
        __m512d d = _mm512_abs_pd(_mm512_sub_pd(v, _mm512_cvtps_pd(c)));
        /* gelu_cr_f32_half_gap(c); lanes where it is not positive stay open */
        __m256i a = _mm256_and_si256(_mm256_castps_si256(c), _mm256_set1_epi32(0x7fffffff));
        __m256i e = _mm256_max_epi32(_mm256_sub_epi32(a, _mm256_set1_epi32(1)), _mm256_setzero_si256());
        e = _mm256_sub_epi32(_mm256_and_si256(e, _mm256_set1_epi32(0x7f800000)),
                             _mm256_set1_epi32(24 << 23));
        __m512d half = _mm512_cvtps_pd(_mm256_castsi256_ps(e));
        __m512d tol = _mm512_mul_pd(lookup32d(F->poly_bound, idx, upper), _mm512_abs_pd(v));
        __mmask8 ok = _mm512_mask_cmp_pd_mask(in, _mm512_sub_pd(half, d), tol, _CMP_GT_OQ);
        _Alignas(32) float cs[8];
        _mm256_store_ps(cs, c);
        for (size_t l = 0; l < 8 && j + l < b->n; l++) {
            if ((unsigned)ok >> l & 1u) {
                y[b->at[j + l]] = cs[l];
            } else {
                b->x[kept] = b->x[j + l];
                b->at[kept++] = b->at[j + l];
            }
        }
    }
    b->n = kept;
}

static inline __attribute__((always_inline)) void
cr_forward(gelu_fn f, gelu_forward_f64_kernel k64, const float *x, float *y, size_t n)
{
    gelu_cr_f32_batch b;
    uint16_t open[GELU_CR_F32_BLOCK / 16];
    _Alignas(64) float copy[GELU_CR_F32_BLOCK];
    for (size_t start = 0; start < n; start += GELU_CR_F32_BLOCK) {
        size_t m = n - start < GELU_CR_F32_BLOCK ? n - start : GELU_CR_F32_BLOCK;
        const float *xb = x + start;
        if (x == y) { /* in place: keep the inputs that path 1 may leave open */
            memcpy(copy, xb, m * sizeof *x);
            xb = copy;
        }
        /* path 1; the open lanes only noted (a branch on them would mispredict: a third
         * of the vectors have one at N(0,1)) */
        size_t i = 0;
        for (; i + 16 <= m; i += 16) {
            __mmask16 ok;
            _mm512_storeu_ps(y + start + i, cr16(f, _mm512_loadu_ps(xb + i), &ok));
            open[i / 16] = (uint16_t)~ok;
        }
        if (i < m) {
            __mmask16 lanes = (__mmask16)((1u << (m - i)) - 1), ok;
            __m512 yv = cr16(f, _mm512_maskz_loadu_ps(lanes, xb + i), &ok);
            _mm512_mask_storeu_ps(y + start + i, lanes, yv);
            open[i / 16] = (uint16_t)(lanes & (__mmask16)~ok);
        }
        b.n = 0;
        for (size_t v = 0; v * 16 < m; v++) {
            for (unsigned o = open[v]; o; o &= o - 1) {
                size_t at = v * 16 + (unsigned)__builtin_ctz(o);
                gelu_cr_f32_batch_add(f, poly_batch_avx512, k64, &b, y + start, xb[at],
                                      (uint32_t)at);
            }
        }
        gelu_cr_f32_finish(f, poly_batch_avx512, k64, &b, y + start);
    }
}

void gelu_erf_forward_cr_f32_avx512(const float *x, float *y, size_t n)
{
    cr_forward(GELU_ERF, gelu_erf_forward_f64_avx512, x, y, n);
}

void gelu_tanh_forward_cr_f32_avx512(const float *x, float *y, size_t n)
{
    cr_forward(GELU_TANH, gelu_tanh_forward_f64_avx512, x, y, n);
}

void gelu_sigmoid_forward_cr_f32_avx512(const float *x, float *y, size_t n)
{
    cr_forward(GELU_SIGMOID, gelu_sigmoid_forward_f64_avx512, x, y, n);
}
