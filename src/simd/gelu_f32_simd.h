/* gelu_f32_simd.h -- the f32 kernels of src/scalar/gelu_*_f32.c, vectorised.
 *
 * Written once against a small set of vector operations (vd_*: double lanes, vf_*: the
 * float lanes they came from), which an ISA header (src/x86/simd_avx512.h, ...) defines
 * before including this file.  Every lane performs exactly the operations, in the same
 * order, that the scalar kernel performs for that input: branches become selects, each
 * path is computed for all lanes, and the lane keeps the one the scalar code would take.
 * So the results are bit-identical to the portable kernels (tests/identity_isa.c checks
 * all 2^32 inputs).  Inputs outside a path's range are clamped before it is computed, so
 * no lane does arithmetic on values the scalar code never sees where it matters.
 *
 * Here: the double-precision formula of the tanh and sigmoid derivatives (the slow path of
 * src/scalar/gelu_logistic_f32_derivative.h, which the AVX-512 and AVX2 kernels use for the
 * lanes outside the float pieces' range) and ReLU.  v_tanh_derivative and
 * v_sigmoid_derivative leave out the slow path's branch for -1 <= x <= -0.5 (f' = d P(d)
 * near its zero): that interval lies inside the fast range, so the callers never take
 * their result there.  The float methods of GELU_ERF and of the
 * tanh and sigmoid forms have their own kernel files.  Defines, for the including file, the loops
 * GELU_SIMD_FORWARD_LOOP(form) and GELU_SIMD_BACKWARD_LOOP(form):
 * gelu_<form>_{forward,backward}_f32_<GELU_SIMD_SUFFIX>, each with its prototype (the
 * kernels are reached through the ISA's table only). */
#ifndef GELU_F32_SIMD_H
#define GELU_F32_SIMD_H

#include <stddef.h>
#include <string.h>

#include "scalar/gelu_f32_eval.h"

#define GELU_CAT2(a, b) a##b
#define GELU_CAT(a, b) GELU_CAT2(a, b)
#define GELU_KERNEL(name) GELU_CAT(name, GELU_SIMD_SUFFIX)

/* c[0] s^deg + ... + c[deg], as gelu_f32_horner. */
static inline vd v_horner(const double *c, int deg, vd s)
{
    vd acc = vd_bcast(c[0]);
    for (int i = 1; i <= deg; i++) acc = vd_add(vd_mul(acc, s), vd_bcast(c[i]));
    return acc;
}

/* gelu_f32_exp */
static inline vd v_exp(vd z)
{
    vd t = vd_add(vd_mul(z, vd_bcast(GELU_F32_EXP_INV_LN2)), vd_bcast(GELU_F32_EXP_SHIFTER));
    vd kd = vd_sub(t, vd_bcast(GELU_F32_EXP_SHIFTER));
    vd r = vd_sub(vd_sub(z, vd_mul(kd, vd_bcast(GELU_F32_EXP_LN2_HI))),
                  vd_mul(kd, vd_bcast(GELU_F32_EXP_LN2_LO)));
    vd p = v_horner(gelu_f32_exp_poly, GELU_F32_EXP_POLY_DEGREE, r);
    return vd_mul(p, vd_pow2_shifted(t, GELU_F32_EXP_SHIFTER));
}

/* The settled lanes of every derivative, in the scalar code's order of tests: NaN, below
 * -limit (-0.0), above +limit (1). */
static inline vf v_finish(vf xf, vf r, double limit)
{
    r = vf_select(vf_gt(xf, vf_bcast((float)limit)), vf_bcast(1.0f), r);
    r = vf_select(vf_lt(xf, vf_bcast(-(float)limit)), vf_from_bits(0x80000000u), r);
    return vf_select(vf_isnan(xf), vf_quiet(xf), r);
}

/* dx = dy * d with gelu_backward_product_f32's NaN rules. */
static inline vf v_backward_product(vf xf, vf dy, vf d)
{
    vf p = vf_mul(dy, d);
    p = vf_select(vf_isnan(p), vf_from_bits(0x7fc00000u), p);
    p = vf_select(vf_isnan(dy), vf_quiet(dy), p);
    return vf_select(vf_isnan(xf), vf_quiet(xf), p);
}

/* ---- GELU_TANH --------------------------------------------------------------------- */
static inline vd v_exp_minus_2u(vd x)
{
    vd u = vd_mul(vd_bcast(GELU_F32_SQRT_2_OVER_PI),
                  vd_mul(x, vd_add(vd_bcast(1.0),
                                   vd_mul(vd_bcast(GELU_F32_TANH_CUBIC), vd_mul(x, x)))));
    return v_exp(vd_mul(vd_bcast(-2.0), u));
}

static inline vf v_tanh_derivative(vf xf)
{
    vd x = vd_clamp(vd_from_vf(xf), -GELU_F32_TANH_LIMIT, GELU_F32_TANH_LIMIT);
    vd e = v_exp_minus_2u(x);
    vd s = vd_div(vd_bcast(1.0), vd_add(vd_bcast(1.0), e));
    vd du = vd_mul(vd_bcast(GELU_F32_SQRT_2_OVER_PI),
                   vd_add(vd_bcast(1.0),
                          vd_mul(vd_bcast(3.0 * GELU_F32_TANH_CUBIC), vd_mul(x, x))));
    vd t = vd_mul(vd_mul(vd_mul(vd_bcast(2.0), x), du), vd_mul(e, s));
    vd d = vd_mul(s, vd_add(vd_bcast(1.0), t));
    return v_finish(xf, vf_from_vd(d), GELU_F32_TANH_LIMIT);
}

/* ---- GELU_SIGMOID ------------------------------------------------------------------ */
static inline vf v_sigmoid_derivative(vf xf)
{
    vd x = vd_clamp(vd_from_vf(xf), -GELU_F32_SIGMOID_LIMIT, GELU_F32_SIGMOID_LIMIT);
    vd z = vd_mul(vd_bcast(GELU_F32_SIGMOID_SCALE), x);
    vd e = v_exp(vd_neg(z));
    vd s = vd_div(vd_bcast(1.0), vd_add(vd_bcast(1.0), e));
    vd d = vd_mul(s, vd_add(vd_bcast(1.0), vd_mul(z, vd_mul(e, s))));
    return v_finish(xf, vf_from_vd(d), GELU_F32_SIGMOID_LIMIT);
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
