/* gelu_cr_forward_neon.c -- the correctly rounded f32 forward (GELU_ERF, GELU_TANH,
 * GELU_SIGMOID), AArch64 NEON.
 *
 * Path 1 of src/scalar/gelu_cr_f32.h on 4 lanes (src/simd/gelu_cr_f32_path1.h); lanes it
 * cannot settle are collected per block of GELU_CR_F32_BLOCK and
 * settled by gelu_cr_f32_finish: path 2 portable, the NEON f64 kernel, paths 3 and 4.  The
 * results are the correctly rounded values, so they equal the portable kernel's bits. */
#include <arm_neon.h>
#include <stdint.h>
#include <string.h>

#include "arm/vec_f32_neon.h"
#include "simd/gelu_f32_methods.h"
#include "simd/gelu_cr_f32_path1.h"
#include "arm/kernels_arm.h"

/* Path 1 on 4 lanes (src/simd/gelu_cr_f32_path1.h); *ok gets the lanes it settled (all
 * ones) or not (zero). */
static inline __attribute__((always_inline)) float32x4_t cr4(gelu_fn f, float32x4_t x,
                                                            uint32x4_t *ok)
{
    return gelu_cr_path1_vs(&gelu_cr_f32_forms[f], x, ok);
}

static inline __attribute__((always_inline)) void
cr_forward(gelu_fn f, gelu_forward_f64_kernel k64, const float *x, float *y, size_t n)
{
    gelu_cr_f32_batch b;
    for (size_t start = 0; start < n; start += GELU_CR_F32_BLOCK) {
        size_t m = n - start < GELU_CR_F32_BLOCK ? n - start : GELU_CR_F32_BLOCK;
        b.n = 0;
        for (size_t i = 0; i < m; i += 4) {
            size_t w = m - i < 4 ? m - i : 4;
            float xs[4] = {0}, ys[4];
            memcpy(xs, x + start + i, w * sizeof *x);
            uint32x4_t ok;
            vst1q_f32(ys, cr4(f, vld1q_f32(xs), &ok));
            memcpy(y + start + i, ys, w * sizeof *y);
            if (__builtin_expect(vminvq_u32(ok) == 0, 0)) {
                uint32_t oks[4];
                vst1q_u32(oks, ok);
                for (size_t l = 0; l < w; l++) {
                    if (oks[l]) continue;
                    gelu_cr_f32_batch_add(f, gelu_cr_f32_poly_batch_scalar, k64, &b,
                                          y + start, xs[l], (uint32_t)(i + l));
                }
            }
        }
        gelu_cr_f32_finish(f, gelu_cr_f32_poly_batch_scalar, k64, &b, y + start);
    }
}

void gelu_erf_forward_cr_f32_neon(const float *x, float *y, size_t n)
{
    cr_forward(GELU_ERF, gelu_erf_forward_f64_neon, x, y, n);
}

void gelu_tanh_forward_cr_f32_neon(const float *x, float *y, size_t n)
{
    cr_forward(GELU_TANH, gelu_tanh_forward_f64_neon, x, y, n);
}

void gelu_sigmoid_forward_cr_f32_neon(const float *x, float *y, size_t n)
{
    cr_forward(GELU_SIGMOID, gelu_sigmoid_forward_f64_neon, x, y, n);
}
