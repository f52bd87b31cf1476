/* gelu_f64_simd.h -- the f64 kernels of src/scalar/gelu_{erf,tanh,sigmoid}_f64.c and
 * relu_f64.c, vectorised.
 *
 * Written once against the vector operations (vd_*: double lanes, vm_*: lane flags) of an
 * ISA header (src/x86/simd_avx512.h, simd_avx2.h, src/arm/simd_neon.h), which the
 * including file includes first.  Every lane performs exactly the operations of the scalar
 * code for its input, in the same order, with a fused multiply-add where the scalar code
 * calls fma() and a plain multiply and add elsewhere (-ffp-contract=off).  Its branches
 * become selects, a path being computed only when some lane takes it; its piece-indexed
 * coefficient tables become selects between the rows that some lane needs.  So the
 * results are the bits of the portable kernels for every input (tests/identity_isa.c).
 * Lanes that do not take a path get an in-range stand-in (t = 1/2) where the path picks a
 * table row by t.
 *
 * Defines, for the including file, GELU_F64_SIMD_KERNELS(): the eight kernels
 * gelu_<form>_{forward,backward}_f64_<GELU_SIMD_SUFFIX>, form erf, tanh, sigmoid, relu
 * (prototypes in the ISA's kernels_<arch>.h). */
#ifndef GELU_F64_SIMD_H
#define GELU_F64_SIMD_H

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "tables/gelu_coeffs_f64.h"
#include "scalar/gelu_erf_tail_f64.h"

/* ---- Double-double building blocks: gelu_common_f64.h, operation for operation ----- */
static inline vd v_two_sum(vd a, vd b, vd *e)
{
    vd s = vd_add(a, b);
    vd bb = vd_sub(s, a);
    *e = vd_add(vd_sub(a, vd_sub(s, bb)), vd_sub(b, bb));
    return s;
}

static inline vd v_fast_two_sum(vd a, vd b, vd *e)
{
    vd s = vd_add(a, b);
    *e = vd_sub(b, vd_sub(s, a));
    return s;
}

static inline vd v_two_prod(vd a, vd b, vd *e)
{
    vd p = vd_mul(a, b);
    *e = vd_fma(a, b, vd_neg(p));
    return p;
}

/* The n coefficients of each lane's polynomial: the same for all lanes, or row c0 or c1 by
 * lane. */
static inline void v_coefs_bcast(const double *c, int n, vd *out)
{
    for (int i = 0; i < n; i++) out[i] = vd_bcast(c[i]);
}

static inline void v_coefs_pick2(vm first, const double *c0, const double *c1, int n, vd *out)
{
    for (int i = 0; i < n; i++) out[i] = vd_select(first, vd_bcast(c0[i]), vd_bcast(c1[i]));
}

/* Row j of table (rows of stride doubles) in the lanes of in[j], j < rows; every lane must
 * be in one of them.  A row no lane needs is not read: on random data few rows are. */
static inline void v_coefs_rows(const double *table, int stride, int rows, const vm *in, int n,
                                vd *out)
{
    int j = 0;
    while (j < rows - 1 && !vm_any(in[j])) j++;
    v_coefs_bcast(table + j * stride, n, out);
    for (j++; j < rows; j++) {
        if (!vm_any(in[j])) continue;
        const double *c = table + j * stride;
        for (int i = 0; i < n; i++) out[i] = vd_select(in[j], vd_bcast(c[i]), out[i]);
    }
}

/* gelu_poly_dd, the coefficients c[0 .. deg + 2] already per lane */
static inline vd v_poly_dd(const vd *c, int deg, vd s, vd *lo)
{
    vd q = c[0];
    for (int i = 1; i <= deg - 2; i++) q = vd_fma(q, s, c[i]);
    const vd *t = c + deg - 1;
    vd pe, e1, e2;
    vd p = v_two_prod(s, q, &pe);
    vd ah = v_two_sum(t[0], p, &e1);
    vd al = vd_add(e1, vd_add(pe, t[1]));
    vd p2 = v_two_prod(s, ah, &pe);
    vd yh = v_two_sum(t[2], p2, &e2);
    *lo = vd_add(e2, vd_add(pe, vd_fma(s, al, t[3])));
    return yh;
}

/* gelu_exp_core */
static inline vd v_exp_core(vd h, vd l, vd *k)
{
    vm in = vd_ge(h, vd_bcast(-1300.0));
    h = vd_select(in, h, vd_bcast(-1300.0));
    l = vd_select(in, l, vd_bcast(0.0));
    vd shifter = vd_bcast(0x1.8p52);
    vd kd = vd_sub(vd_add(vd_mul(h, vd_bcast(GELU_INV_LN2)), shifter), shifter);
    vd r = vd_fma(vd_neg(kd), vd_bcast(GELU_LN2_HI), h);
    vd c = vd_fma(vd_neg(kd), vd_bcast(GELU_LN2_LO), l);
    const double *P = GELU_EXPM1_P;
    vd q = vd_bcast(P[0]);
    for (int i = 1; i < GELU_EXPM1_P_DEG - 1; i++) q = vd_fma(q, r, vd_bcast(P[i]));
    q = vd_fma(q, r, vd_bcast(P[GELU_EXPM1_P_DEG - 1]));
    q = vd_fma(q, r, vd_bcast(P[GELU_EXPM1_P_DEG + 1]));
    q = vd_fma(r, q, vd_bcast(0.5));
    vd p = vd_fma(vd_mul(r, r), q, r);
    p = vd_add(p, vd_fma(c, p, c));
    *k = kd;
    return p;
}

/* gelu_scale: k1 = k / 2 truncated (as the integer division), both factors normal */
static inline vd v_scale(vd v, vd k)
{
    const double shifter = 0x1.8p52;
    vd k1 = vd_trunc(vd_mul(k, vd_bcast(0.5)));
    vd k2 = vd_sub(k, k1);
    vd s1 = vd_pow2_shifted(vd_add(k1, vd_bcast(shifter)), shifter);
    vd s2 = vd_pow2_shifted(vd_add(k2, vd_bcast(shifter)), shifter);
    return vd_mul(vd_mul(v, s1), s2);
}

/* gelu_div_dd */
static inline vd v_div_dd(vd nh, vd nl, vd dh, vd dl, vd *lo)
{
    vd q = vd_div(nh, dh);
    vd r = vd_add(vd_fma(vd_neg(q), dh, nh), vd_sub(nl, vd_mul(q, dl)));
    *lo = vd_div(r, dh);
    return q;
}

/* gelu_deriv_near_zero_f64 */
static inline vd v_deriv_near_zero(vd x, double x0_hi, double x0_md, double x0_lo,
                                   const double g[2][19], int deg)
{
    vm first = vd_lt(x, vd_bcast(-0.875));
    vd s = vd_sub(x, vd_select(first, vd_bcast(-0x1.3p+0), vd_bcast(-0x1.2p-1)));
    vd de;
    vd d1 = vd_sub(x, vd_bcast(x0_hi));
    vd dh = v_two_sum(d1, vd_bcast(-x0_md), &de);
    vd dl = vd_sub(de, vd_bcast(x0_lo));
    vd c[19];
    v_coefs_pick2(first, g[0], g[1], deg + 3, c);
    vd gl;
    vd gh = v_poly_dd(c, deg, s, &gl);
    return vd_fma(dh, gh, vd_fma(dh, gl, vd_mul(dl, gh)));
}

/* x < -lim ? -lim : (x > lim ? lim : x) */
static inline vd v_clamp_sym(vd x, double lim)
{
    vd r = vd_select(vd_gt(x, vd_bcast(lim)), vd_bcast(lim), x);
    return vd_select(vd_lt(x, vd_bcast(-lim)), vd_bcast(-lim), r);
}

/* dx = dy * d with gelu_backward_product_f64's NaN rules */
static inline vd v_backward_product_f64(vd x, vd dy, vd d)
{
    vd p = vd_mul(dy, d);
    p = vd_select(vd_isnan(p), vd_from_bits(0x7ff8000000000000u), p);
    p = vd_select(vd_isnan(dy), vd_quiet(dy), p);
    return vd_select(vd_isnan(x), vd_quiet(x), p);
}

/* ---- The logistic forms: gelu_logistic_f64.h ------------------------------------- */
static inline vd v_logistic_exp(vd x, vd vh, vd vl, vd *k, vd *e)
{
    vm neg = vd_lt(x, vd_bcast(0.0));
    vd h = vd_select(neg, vh, vd_neg(vh));
    vd l = vd_select(neg, vl, vd_neg(vl));
    vd p = v_exp_core(h, l, k);
    *e = v_scale(vd_add(vd_bcast(1.0), p), *k);
    return p;
}

static inline vd v_logistic_forward(vd x, vd vh, vd vl)
{
    vd k, e, al, ql;
    vd p = v_logistic_exp(x, vh, vl, &k, &e);
    vd ah = v_fast_two_sum(vd_bcast(1.0), e, &al);
    vm neg = vd_lt(x, vd_bcast(0.0));
    vd r = vd_bcast(0.0);
    if (vm_any(vd_ge(x, vd_bcast(0.0)))) {
        vd qh = v_div_dd(x, vd_bcast(0.0), ah, al, &ql);
        r = vd_add(qh, ql);
    }
    if (vm_any(neg)) {
        vd ne, se;
        vd nh = v_two_prod(x, p, &ne);
        vd sh = v_two_sum(x, nh, &se);
        vd qh = v_div_dd(sh, vd_add(se, ne), ah, al, &ql);
        r = vd_select(neg, v_scale(vd_add(qh, ql), k), r);
    }
    return r;
}

static inline vd v_logistic_deriv(vd x, vd vh, vd vl, vd wh, vd wl)
{
    vd k, e, al, ql, dl, ne, nl;
    vd p = v_logistic_exp(x, vh, vl, &k, &e);
    vd ah = v_fast_two_sum(vd_bcast(1.0), e, &al);
    vd dh = v_two_prod(ah, ah, &dl);
    dl = vd_fma(vd_mul(vd_bcast(2.0), ah), al, dl);
    vm pos = vd_ge(x, vd_bcast(0.0));
    vd r = vd_bcast(0.0);
    if (vm_any(pos)) {
        vd we = vd_mul(wh, e);
        vd wee = vd_add(vd_fma(wh, e, vd_neg(we)), vd_mul(wl, e));
        vd nh = v_two_sum(ah, we, &ne);
        nl = vd_add(ne, vd_add(al, wee));
        vd qh = v_div_dd(nh, nl, dh, dl, &ql);
        r = vd_add(qh, ql);
    }
    if (vm_any(vd_lt(x, vd_bcast(0.0)))) {
        vd we, pe, se;
        vd wsh = v_two_sum(ah, wh, &we);
        vd wsl = vd_add(we, vd_add(al, wl));
        vd pp = v_two_prod(wsh, p, &pe);
        vd nh = v_two_sum(wsh, pp, &se);
        nl = vd_add(se, vd_fma(wsl, p, vd_add(wsl, pe)));
        vd qh = v_div_dd(nh, nl, dh, dl, &ql);
        r = vd_select(pos, r, v_scale(vd_add(qh, ql), k));
    }
    return r;
}

/* The settled lanes of the tanh and sigmoid derivatives: NaN, +inf (1), -inf (-0.0). */
static inline vd v_logistic_deriv_special(vd x, vd r)
{
    r = vd_select(vd_eq(x, vd_bcast(INFINITY)), vd_bcast(1.0), r);
    r = vd_select(vd_eq(x, vd_bcast(-INFINITY)), vd_bcast(-0.0), r);
    return vd_select(vd_isnan(x), vd_quiet(x), r);
}

/* ... and of the forward functions: NaN, +-0 and +inf (x), -inf (-0.0). */
static inline vd v_logistic_forward_special(vd x, vd r)
{
    r = vd_select(vm_or(vd_eq(x, vd_bcast(0.0)), vd_eq(x, vd_bcast(INFINITY))), x, r);
    r = vd_select(vd_eq(x, vd_bcast(-INFINITY)), vd_bcast(-0.0), r);
    return vd_select(vd_isnan(x), vd_quiet(x), r);
}

/* -1.5 <= x < -0.25: the pieces around the zero of f' */
static inline vm v_near_zero_lanes(vd x)
{
    return vm_andnot(vd_ge(x, vd_bcast(-1.5)), vd_ge(x, vd_bcast(-0.25)));
}

/* ---- GELU_TANH: gelu_tanh_f64.c --------------------------------------------------- */
static inline vd v_tanh_poly(vd x, double bh, double bl, vd *lo)
{
    vd x2l, pl, se, ve;
    vd x2h = v_two_prod(x, x, &x2l);
    vd ph = v_two_prod(vd_bcast(bh), x2h, &pl);
    pl = vd_fma(vd_bcast(bh), x2l, vd_fma(vd_bcast(bl), x2h, pl));
    vd sh = v_two_sum(vd_bcast(GELU_TANH_A_HI), ph, &se);
    vd sl = vd_add(se, vd_add(vd_bcast(GELU_TANH_A_LO), pl));
    vd vh = v_two_prod(x, sh, &ve);
    *lo = vd_fma(x, sl, ve);
    return vh;
}

static inline vd v_tanh_forward(vd x)
{
    vd xc = v_clamp_sym(x, 40.0);
    vd vl;
    vd vh = v_tanh_poly(xc, GELU_TANH_B_HI, GELU_TANH_B_LO, &vl);
    vd r = v_logistic_forward(vd_select(vd_lt(x, vd_bcast(0.0)), xc, x), vh, vl);
    return v_logistic_forward_special(x, r);
}

static inline vd v_tanh_derivative(vd x)
{
    vm near = v_near_zero_lanes(x);
    vd r = vd_bcast(0.0);
    if (vm_any(vm_andnot(vd_eq(x, x), near))) { /* some non-NaN lane off the pieces */
        vd xc = v_clamp_sym(x, 40.0);
        vd vl, wl;
        vd vh = v_tanh_poly(xc, GELU_TANH_B_HI, GELU_TANH_B_LO, &vl);
        vd wh = v_tanh_poly(xc, GELU_TANH_B3_HI, GELU_TANH_B3_LO, &wl);
        r = v_logistic_deriv(xc, vh, vl, wh, wl);
    }
    if (vm_any(near))
        r = vd_select(near, v_deriv_near_zero(x, GELU_TANH_X0_HI, GELU_TANH_X0_MD,
                                              GELU_TANH_X0_LO, GELU_TANH_G, GELU_TANH_G_DEG),
                      r);
    return v_logistic_deriv_special(x, r);
}

/* ---- GELU_SIGMOID: gelu_sigmoid_f64.c --------------------------------------------- */
static inline vd v_sigmoid_v(vd x, vd *lo)
{
    vd e;
    vd h = v_two_prod(vd_bcast(GELU_SIG_C_HI), x, &e);
    *lo = vd_fma(vd_bcast(GELU_SIG_C_LO), x, e);
    return h;
}

static inline vd v_sigmoid_forward(vd x)
{
    vd xc = v_clamp_sym(x, 800.0);
    vd vl;
    vd vh = v_sigmoid_v(xc, &vl);
    vd r = v_logistic_forward(vd_select(vd_lt(x, vd_bcast(0.0)), xc, x), vh, vl);
    return v_logistic_forward_special(x, r);
}

static inline vd v_sigmoid_derivative(vd x)
{
    vm near = v_near_zero_lanes(x);
    vd r = vd_bcast(0.0);
    if (vm_any(vm_andnot(vd_eq(x, x), near))) {
        vd xc = v_clamp_sym(x, 800.0);
        vd vl;
        vd vh = v_sigmoid_v(xc, &vl);
        r = v_logistic_deriv(xc, vh, vl, vh, vl);
    }
    if (vm_any(near))
        r = vd_select(near, v_deriv_near_zero(x, GELU_SIGMOID_X0_HI, GELU_SIGMOID_X0_MD,
                                              GELU_SIGMOID_X0_LO, GELU_SIGMOID_G,
                                              GELU_SIGMOID_G_DEG),
                      r);
    return v_logistic_deriv_special(x, r);
}

/* ---- GELU_ERF: gelu_erf_f64.c ----------------------------------------------------- */
/* gelu_erf_s: S(t) as hi + *lo, t in [0.5, 40] in every lane.  The scalar code's piece
 * index, t's binade, becomes a lane mask per piece. */
static inline vd v_erf_s(vd t, vd *lo)
{
    enum { STRIDE = GELU_ERF_S_DEG + 3 };
    vm in[7];
    for (int j = 0; j < 7; j++) /* t in [2^(j-1), 2^j) */
        in[j] = vm_andnot(vd_lt(t, vd_bcast((double)(1 << j))),
                          vd_lt(t, vd_bcast((double)(1 << j) * 0.5)));
    vd c[STRIDE], centre;
    v_coefs_rows(&GELU_ERF_S[0][0], STRIDE, 7, in, STRIDE, c);
    v_coefs_rows(gelu_erf_s_centre, 1, 7, in, 1, &centre);
    vm low = vd_lt(t, vd_bcast(2.0)); /* pieces 0, 1: variable t - c */
    vd s = vd_sub(t, centre);
    vd corr = vd_bcast(0.0);
    if (vm_any(vd_ge(t, vd_bcast(2.0)))) {
        vd w = vd_div(vd_bcast(1.0), t);
        vd wl = vd_mul(vd_fma(vd_neg(t), w, vd_bcast(1.0)), w);
        s = vd_select(low, s, vd_sub(w, centre));
        corr = vd_select(low, corr, vd_mul(wl, c[GELU_ERF_S_DEG - 1]));
    }
    vd l;
    vd h = v_poly_dd(c, GELU_ERF_S_DEG, s, &l);
    *lo = vd_add(l, corr);
    return h;
}

/* gelu_erf_gauss */
static inline vd v_erf_gauss(vd t, vd *k)
{
    vd e;
    vd h = v_two_prod(t, t, &e);
    return v_exp_core(vd_mul(vd_bcast(-0.5), h), vd_mul(vd_bcast(-0.5), e), k);
}

/* min(|x|, 40) for the lanes in take, 1/2 (any valid t) for the others */
static inline vd v_erf_tail_t(vd x, vm take)
{
    vd t = vd_abs(x);
    t = vd_select(vd_lt(t, vd_bcast(40.0)), t, vd_bcast(40.0));
    return vd_select(take, t, vd_bcast(0.5));
}

static inline vd v_erf_forward(vd x)
{
    vd ax = vd_abs(x);
    vm small = vm_andnot(vd_lt(ax, vd_bcast(0.5)), vd_eq(x, vd_bcast(0.0)));
    vm tail = vd_ge(ax, vd_bcast(0.5));
    vd r = x; /* +-0 */
    if (vm_any(small)) {
        vd c[GELU_ERF_E_DEG + 3];
        v_coefs_bcast(GELU_ERF_E, GELU_ERF_E_DEG + 3, c);
        vd el, pe, se;
        vd z = vd_mul(x, x);
        vd eh = v_poly_dd(c, GELU_ERF_E_DEG, z, &el);
        vd p = v_two_prod(x, eh, &pe);
        vd sh = v_two_sum(vd_bcast(0.5), p, &se);
        vd sl = vd_add(se, vd_fma(x, el, pe));
        r = vd_select(small, vd_fma(x, sh, vd_mul(x, sl)), r);
    }
    if (vm_any(tail)) {
        vd t = v_erf_tail_t(x, tail);
        vd k, sl;
        vd p = v_erf_gauss(t, &k);
        vd sh = v_erf_s(t, &sl);
        vd m = vd_add(sh, vd_fma(sh, p, vd_fma(sl, p, sl)));
        vd q = v_scale(m, k);
        r = vd_select(tail, vd_select(vd_lt(x, vd_bcast(0.0)), vd_neg(q), vd_sub(x, q)), r);
    }
    return vd_select(vd_isnan(x), vd_quiet(x), r);
}

static inline vd v_erf_derivative(vd x)
{
    vm mid = vm_andnot(vd_ge(x, vd_bcast(-0.25)), vd_ge(x, vd_bcast(0.5)));
    vm near = v_near_zero_lanes(x);
    vm tail = vm_andnot(vm_andnot(vd_eq(x, x), mid), near);
    vd r = vd_bcast(0.0);
    if (vm_any(mid)) {
        vd c[GELU_ERF_D_DEG + 3];
        v_coefs_bcast(GELU_ERF_D, GELU_ERF_D_DEG + 3, c);
        vd dl, pe, se;
        vd z = vd_mul(x, x);
        vd dh = v_poly_dd(c, GELU_ERF_D_DEG, z, &dl);
        vd p = v_two_prod(x, dh, &pe);
        vd sh = v_two_sum(vd_bcast(0.5), p, &se);
        r = vd_select(mid, vd_add(sh, vd_add(se, vd_fma(x, dl, pe))), r);
    }
    if (vm_any(near))
        r = vd_select(near, v_deriv_near_zero(x, GELU_ERF_X0_HI, GELU_ERF_X0_MD, GELU_ERF_X0_LO,
                                              GELU_ERF_G, GELU_ERF_G_DEG),
                      r);
    if (vm_any(tail)) {
        vd t = v_erf_tail_t(x, tail);
        vd k, sl, ql, ce, te;
        vd p = v_erf_gauss(t, &k);
        vd sh = v_erf_s(t, &sl);
        vd qh = v_div_dd(sh, sl, t, vd_bcast(0.0), &ql);
        vd ch = v_two_prod(vd_bcast(GELU_C0_HI), t, &ce);
        ce = vd_fma(vd_bcast(GELU_C0_LO), t, ce);
        vd th = v_two_sum(qh, vd_neg(ch), &te);
        vd tl = vd_add(te, vd_sub(ql, ce));
        vd m = vd_add(th, vd_fma(th, p, vd_fma(tl, p, tl)));
        vd v = v_scale(m, k);
        r = vd_select(tail, vd_select(vd_lt(x, vd_bcast(0.0)), v, vd_sub(vd_bcast(1.0), v)), r);
    }
    return vd_select(vd_isnan(x), vd_quiet(x), r);
}

/* ---- ReLU: relu_f64.c ------------------------------------------------------------- */
static inline vd v_relu_forward(vd x)
{
    vd r = vd_select(vd_gt(x, vd_bcast(0.0)), x, vd_bcast(0.0));
    return vd_select(vd_isnan(x), vd_quiet(x), r);
}

static inline vd v_relu_derivative(vd x)
{
    return vd_select(vd_gt(x, vd_bcast(0.0)), vd_bcast(1.0), vd_bcast(0.0));
}

/* ---- The loops: whole vectors, then the remainder through a padded local copy (same
 * arithmetic, so the same bits; nothing read or written outside [0, n)). --------------- */
#define GELU_F64_CAT2(a, b) a##b
#define GELU_F64_CAT(a, b) GELU_F64_CAT2(a, b)
#define GELU_F64_KERNEL(name) GELU_F64_CAT(name, GELU_SIMD_SUFFIX)

#define GELU_F64_FORWARD_LOOP(form)                                                         \
    void GELU_F64_KERNEL(gelu_##form##_forward_f64_)(const double *x, double *y, size_t n) \
    {                                                                                       \
        size_t i = 0;                                                                       \
        for (; i + GELU_VLEN <= n; i += GELU_VLEN) vd_store(y + i, v_##form##_forward(vd_load(x + i))); \
        if (i < n) {                                                                        \
            double bx[GELU_VLEN] = {0}, by[GELU_VLEN];                                      \
            memcpy(bx, x + i, (n - i) * sizeof *x);                                         \
            vd_store(by, v_##form##_forward(vd_load(bx)));                                  \
            memcpy(y + i, by, (n - i) * sizeof *y);                                         \
        }                                                                                   \
    }

#define GELU_F64_BACKWARD_LOOP(form)                                                        \
    void GELU_F64_KERNEL(gelu_##form##_backward_f64_)(const double *x, const double *dy,    \
                                                      double *dx, size_t n)                 \
    {                                                                                       \
        size_t i = 0;                                                                       \
        for (; i + GELU_VLEN <= n; i += GELU_VLEN) {                                        \
            vd xv = vd_load(x + i);                                                         \
            vd_store(dx + i, v_backward_product_f64(xv, vd_load(dy + i), v_##form##_derivative(xv))); \
        }                                                                                   \
        if (i < n) {                                                                        \
            double bx[GELU_VLEN] = {0}, bdy[GELU_VLEN] = {0}, bdx[GELU_VLEN];               \
            memcpy(bx, x + i, (n - i) * sizeof *x);                                         \
            memcpy(bdy, dy + i, (n - i) * sizeof *dy);                                      \
            vd xv = vd_load(bx);                                                            \
            vd_store(bdx, v_backward_product_f64(xv, vd_load(bdy), v_##form##_derivative(xv))); \
            memcpy(dx + i, bdx, (n - i) * sizeof *dx);                                      \
        }                                                                                   \
    }

#define GELU_F64_SIMD_KERNELS()                                                             \
    GELU_F64_FORWARD_LOOP(erf)                                                              \
    GELU_F64_BACKWARD_LOOP(erf)                                                             \
    GELU_F64_FORWARD_LOOP(tanh)                                                             \
    GELU_F64_BACKWARD_LOOP(tanh)                                                            \
    GELU_F64_FORWARD_LOOP(sigmoid)                                                          \
    GELU_F64_BACKWARD_LOOP(sigmoid)                                                         \
    GELU_F64_FORWARD_LOOP(relu)                                                             \
    GELU_F64_BACKWARD_LOOP(relu)

#endif /* GELU_F64_SIMD_H */
