/* gelu_cr_forward_avx2.c -- the correctly rounded f32 forward (GELU_ERF, GELU_TANH,
 * GELU_SIGMOID), AVX2 + FMA.
 *
 * Path 1 of src/scalar/gelu_cr_f32.h on 8 lanes (the lookups of gelu_f32_avx2.h); lanes it
 * cannot settle are collected per block of 1024 and settled by gelu_cr_f32_finish: path 2
 * portable, the AVX2 f64 kernel, paths 3 and 4.  The results are the correctly rounded
 * values, so they equal the portable kernel's bits. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_cr_f32.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/kernels_x86.h"

/* Path 1 on 8 lanes; *ok gets the lanes it settled (bit l for lane l). */
GELU_AVX2_INLINE __m256 cr8(gelu_fn f, __m256 x, unsigned *ok)
{
    const gelu_cr_f32_form *F = &gelu_cr_f32_forms[f];
    const gelu_f32_pieces_ref *P = F->pieces;
    __m256 in = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_set1_ps(F->lo), _CMP_GE_OQ),
                              _mm256_cmp_ps(x, _mm256_set1_ps(F->hi), _CMP_LE_OQ));
    __m256 ph, pl, lo;
    gelu_avx2_idx32 ix;
    gelu_avx2_pieces8_lo(x, P->c0h, P->c0l, P->c1h, P->c1l, P->hi_to_lo, P->nq, &ph, &pl, &lo,
                         &ix);
    __m256 y = _mm256_fmadd_ps(x, ph, _mm256_mul_ps(x, pl));
    __m256 r = _mm256_fmadd_ps(x, pl, _mm256_fmsub_ps(x, ph, y));
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    __m256 ay = _mm256_and_ps(y, abs_mask);
    __m256 err = _mm256_fmadd_ps(gelu_avx2_lookup32(F->bound, ix), ay,
                                 _mm256_mul_ps(_mm256_set1_ps(GELU_CR_F32_ROUND_C),
                                               _mm256_and_ps(_mm256_mul_ps(x, lo), abs_mask)));
    /* gelu_cr_f32_half_gap(y) */
    __m256i b = _mm256_max_epi32(_mm256_sub_epi32(_mm256_castps_si256(ay), _mm256_set1_epi32(1)),
                                 _mm256_setzero_si256());
    b = _mm256_sub_epi32(_mm256_and_si256(b, _mm256_set1_epi32(0x7f800000)),
                         _mm256_set1_epi32(24 << 23));
    __m256 settled = _mm256_cmp_ps(_mm256_add_ps(_mm256_and_ps(r, abs_mask), err),
                                   _mm256_castsi256_ps(b), _CMP_LT_OQ);
    *ok = (unsigned)_mm256_movemask_ps(_mm256_and_ps(in, settled));
    return y;
}

GELU_AVX2_INLINE void cr_forward(gelu_fn f, gelu_forward_f64_kernel k64, const float *x,
                                 float *y, size_t n)
{
    gelu_cr_f32_batch b;
    for (size_t start = 0; start < n; start += GELU_CR_F32_BLOCK) {
        size_t m = n - start < GELU_CR_F32_BLOCK ? n - start : GELU_CR_F32_BLOCK;
        b.n = 0;
        for (size_t i = 0; i < m; i += 8) {
            size_t w = m - i < 8 ? m - i : 8;
            __m256i lanes = gelu_avx2_head_mask(w);
            __m256 xv = _mm256_maskload_ps(x + start + i, lanes);
            unsigned ok;
            __m256 yv = cr8(f, xv, &ok);
            _mm256_maskstore_ps(y + start + i, lanes, yv);
            unsigned open = ~ok & ((1u << w) - 1u);
            if (__builtin_expect(open != 0, 0)) {
                _Alignas(32) float xs[8];
                _mm256_store_ps(xs, xv);
                while (open) {
                    unsigned l = (unsigned)__builtin_ctz(open);
                    gelu_cr_f32_batch_add(f, gelu_cr_f32_poly_batch_scalar, k64, &b,
                                          y + start, xs[l], (uint32_t)(i + l));
                    open &= open - 1;
                }
            }
        }
        gelu_cr_f32_finish(f, gelu_cr_f32_poly_batch_scalar, k64, &b, y + start);
    }
}

void gelu_erf_forward_cr_f32_avx2(const float *x, float *y, size_t n)
{
    cr_forward(GELU_ERF, gelu_erf_forward_f64_avx2, x, y, n);
}

void gelu_tanh_forward_cr_f32_avx2(const float *x, float *y, size_t n)
{
    cr_forward(GELU_TANH, gelu_tanh_forward_f64_avx2, x, y, n);
}

void gelu_sigmoid_forward_cr_f32_avx2(const float *x, float *y, size_t n)
{
    cr_forward(GELU_SIGMOID, gelu_sigmoid_forward_f64_avx2, x, y, n);
}
