/* gelu_cr_forward_avx2.c -- the correctly rounded f32 forward (GELU_ERF, GELU_TANH,
 * GELU_SIGMOID), AVX2 + FMA.
 *
 * Path 1 of src/scalar/gelu_cr_f32.h on 8 lanes (src/simd/gelu_cr_f32_path1.h); lanes it
 * cannot settle are collected per block of GELU_CR_F32_BLOCK and settled by gelu_cr_f32_finish: path 2
 * portable, the AVX2 f64 kernel, paths 3 and 4.  The results are the correctly rounded
 * values, so they equal the portable kernel's bits. */
#include <immintrin.h>
#include <stdint.h>

#include "x86/vec_f32_avx2.h"
#include "simd/gelu_f32_methods.h"
#include "simd/gelu_cr_f32_path1.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/kernels_x86.h"

/* Path 1 on 8 lanes (src/simd/gelu_cr_f32_path1.h); *ok gets the lanes it settled (bit l
 * for lane l). */
GELU_AVX2_INLINE __m256 cr8(gelu_fn f, __m256 x, unsigned *ok)
{
    vsm settled;
    __m256 y = gelu_cr_path1_vs(&gelu_cr_f32_forms[f], x, &settled);
    *ok = vsm_bits(settled);
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
