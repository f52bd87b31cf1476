/* gelu_f32_simd.h -- the f32 ReLU kernels of src/scalar/relu_f32.c, vectorised.
 *
 * Written once against a small set of vector operations (vf_*: float lanes), which an ISA
 * header (src/x86/simd_avx512.h, ...) defines before including this file.  Every lane
 * performs exactly the operations of the scalar kernel, so the results are bit-identical
 * to the portable kernels (tests/identity_isa.c).  The GELU forms' f32 kernels have their
 * own files (their tails: src/simd/gelu_logistic_tail_f32.h and the erf tail headers).
 * Defines, for the including file, the loops GELU_SIMD_FORWARD_LOOP(form) and
 * GELU_SIMD_BACKWARD_LOOP(form): gelu_<form>_{forward,backward}_f32_<GELU_SIMD_SUFFIX>, each
 * with its prototype (the kernels are reached through the ISA's table only). */
#ifndef GELU_F32_SIMD_H
#define GELU_F32_SIMD_H

#include <stddef.h>
#include <string.h>

#define GELU_CAT2(a, b) a##b
#define GELU_CAT(a, b) GELU_CAT2(a, b)
#define GELU_KERNEL(name) GELU_CAT(name, GELU_SIMD_SUFFIX)

/* dx = dy * d with gelu_backward_product_f32's NaN rules. */
static inline vf v_backward_product(vf xf, vf dy, vf d)
{
    vf p = vf_mul(dy, d);
    p = vf_select(vf_isnan(p), vf_from_bits(0x7fc00000u), p);
    p = vf_select(vf_isnan(dy), vf_quiet(dy), p);
    return vf_select(vf_isnan(xf), vf_quiet(xf), p);
}

/* ---- ReLU -------------------------------------------------------------------------- */
static inline vf v_relu_forward(vf xf)
{
    vf r = vf_select(vf_gt(xf, vf_bcast(0.0f)), xf, vf_bcast(0.0f));
    return vf_select(vf_isnan(xf), vf_quiet(xf), r);
}

static inline vf v_relu_derivative(vf xf)
{
    return vf_select(vf_gt(xf, vf_bcast(0.0f)), vf_bcast(1.0f), vf_bcast(0.0f));
}

/* ---- The loops: whole vectors, then the remainder through a padded local copy (same
 * arithmetic, so the same bits; nothing read or written outside [0, n)). --------------- */
#define GELU_SIMD_FORWARD_LOOP(form)                                                               \
    void GELU_KERNEL(gelu_##form##_forward_f32_)(const float *x, float *y, size_t n);       \
    void GELU_KERNEL(gelu_##form##_forward_f32_)(const float *x, float *y, size_t n)        \
    {                                                                                       \
        size_t i = 0;                                                                       \
        for (; i + GELU_VLEN <= n; i += GELU_VLEN) vf_store(y + i, v_##form##_forward(vf_load(x + i))); \
        if (i < n) {                                                                        \
            float bx[GELU_VLEN] = {0}, by[GELU_VLEN];                                       \
            memcpy(bx, x + i, (n - i) * sizeof *x);                                         \
            vf_store(by, v_##form##_forward(vf_load(bx)));                                  \
            memcpy(y + i, by, (n - i) * sizeof *y);                                         \
        }                                                                                   \
    }

#define GELU_SIMD_BACKWARD_LOOP(form)                                                      \
    void GELU_KERNEL(gelu_##form##_backward_f32_)(const float *x, const float *dy, float *dx, \
                                                  size_t n);                                \
    void GELU_KERNEL(gelu_##form##_backward_f32_)(const float *x, const float *dy, float *dx, \
                                                  size_t n)                                 \
    {                                                                                       \
        size_t i = 0;                                                                       \
        for (; i + GELU_VLEN <= n; i += GELU_VLEN) {                                        \
            vf xv = vf_load(x + i);                                                         \
            vf_store(dx + i, v_backward_product(xv, vf_load(dy + i), v_##form##_derivative(xv))); \
        }                                                                                   \
        if (i < n) {                                                                        \
            float bx[GELU_VLEN] = {0}, bdy[GELU_VLEN] = {0}, bdx[GELU_VLEN];                \
            memcpy(bx, x + i, (n - i) * sizeof *x);                                         \
            memcpy(bdy, dy + i, (n - i) * sizeof *dy);                                      \
            vf xv = vf_load(bx);                                                            \
            vf_store(bdx, v_backward_product(xv, vf_load(bdy), v_##form##_derivative(xv))); \
            memcpy(dx + i, bdx, (n - i) * sizeof *dx);                                      \
        }                                                                                   \
    }

#endif /* GELU_F32_SIMD_H */
