/* gelu_logistic_tail_f32.h -- the float tails of the f32 GELU_SIGMOID and GELU_TANH forward
 * functions and derivatives, written once over a native float vector layer: include one of
 * src/simd/vec_f32_scalar.h (the portable reference, src/scalar/gelu_logistic_f32_tail.c),
 * src/x86/vec_f32_avx512.h, src/x86/vec_f32_avx2.h, src/arm/vec_f32_neon.h first.  Every
 * instance gives the same bits.  Derivation and error analysis: research/fast_tanh_sigmoid_f32/
 * README.md and research/fast_logistic_derivative_f32/README.md ("Float tails").
 *
 *   gelu_sigmoid_forward_tail(x)     x in [GELU_SIGMOID_F32_SAT_LO, -3.875] or (4.125, SAT_HI]
 *   gelu_sigmoid_derivative_tail(x)  x in [GELU_SIGMOID_DERIVATIVE_F32_SAT_LO, -3.875] or
 *                                    (4.125, GELU_SIGMOID_DERIVATIVE_F32_SAT_HI]
 *   gelu_tanh_forward_tail(x)        x in [GELU_TANH_F32_SAT_LO, -3.5) or (4.125, SAT_HI]
 *   gelu_tanh_derivative_tail(x)     x in [GELU_TANH_DERIVATIVE_F32_SAT_LO, -3.5) or (4.125, SAT_HI]
 * Lanes outside these ranges (NaN, inf, the fast range) give unspecified values, no trap.
 *
 * Method (both forms): f = x s(Z), s = 1 / (1 + exp(-Z)), Z = 1.702 x or 2 sqrt(2/pi)(x +
 * 0.044715 x^3).  With z = -|Z| (a float pair zh + zl, the constants as float pairs) and
 * E = exp(z) <= 1.4e-3, g = E / (1 + E):  left (x < 0) f = x g, right f = x - x g;
 * f' = g h with h = 1 - |x Z'| (1 - g): left f' = g h, right f' = 1 - g h.
 *   exp: k = round(16 zh / ln2) (shifter), r = z - k ln2/16 + rel_j (exact head, ln2/16 as a
 *   12-bit L1 plus L2), E = 2^n th_j (1 + el), el = exp(r) - 1 by Taylor degree 4, j = k & 15
 *   (16-entry table), n = floor(k/16); 1/(1+E) = 1 - w, w = E - E^2 + E^3 (sigmoid) or
 *   E - E^2 (tanh); g = 2^n th (1 + d), d = el - w (1 + el).
 *   product: m th = ph + pl exactly (m = x, or h as a pair), Y = (ph + ph d + pl) 2^(n+126)
 *   rounded once (every term a normal float), f = Y 2^-126 (exact while |Y| >= 1).  Where
 *   |Y| < 1 (subnormal results, only left of GELU_LT_*_SUB), Y is rounded to the subnormal
 *   grid 2^-23 by adding -1 (Fast2Sum), -1 - t exactly, times -2^-126: one rounding, -0 for 0.
 * Error: bound before the final rounding 2^-27 relative (0.63 ulp); the scalar kernels with
 * these tails are proven within 1 ulp over all 2^32 inputs (`gelu verify`); largest tail error
 * measured 0.583 ulp.  Cost per vector (layer operations): sigmoid 38 forward, 42 derivative;
 * tanh 50, 62; plus 11 where a lane is left of GELU_LT_*_SUB. */
#ifndef GELU_LOGISTIC_TAIL_F32_H
#define GELU_LOGISTIC_TAIL_F32_H

#include "tables/gelu_logistic_f32_tail_tables.h"

/* Left of these x, some results may be subnormal (they are from about -53.6 sigmoid, -10.1
 * tanh): vectors with such a lane take the subnormal rounding. */
#define GELU_LT_SIGMOID_SUB (-50.0f)
#define GELU_LT_TANH_SUB (-9.5f)

/* g = E / (1 + E) = 2^n th (1 + d), sc = 2^(n+126), w ~ g (relative 2^-20 where it matters) */
typedef struct gelu_lt_exp {
    vs th, d, sc, w;
} gelu_lt_exp;

/* z = zh + zl; kf = fma(zh, 16/ln2, SHIFT), kd = kf - SHIFT; r1 = z's head - kd L1, exact.
 * cubic = 1: w = E - E^2 + E^3 (E <= 2^-9.5, sigmoid); 0: w = E - E^2 (E <= 2^-12.4, tanh). */
GELU_VS_INLINE gelu_lt_exp gelu_lt_exp_eval(vs kf, vs kd, vs r1, vs zl, int cubic)
{
    gelu_lt_exp e;
    vsi ki = vs_as_vsi(kf); /* its low 4 bits are k & 15 */
    e.th = vs_lookup16(gelu_logistic_tail_exp2_hi, ki);
    vs tr = vs_lookup16(gelu_logistic_tail_exp2_rel, ki);
    /* r = z - k ln2/16, plus the table's relative error: exp(r) (1 + rel) = exp(r + rel) */
    vs r = vs_fnma(kd, vs_bcast(GELU_LT_L2), r1);
    r = vs_add(r, vs_add(zl, tr));
    /* el = exp(r) - 1, |r| <= 0.0219: Taylor degree 4, relative error 2^-34.4 */
    vs q = vs_fma(r, vs_bcast(GELU_LT_P4), vs_bcast(GELU_LT_P3));
    q = vs_fma(q, r, vs_bcast(0.5f));
    vs el = vs_fma(vs_mul(r, r), q, r);
    /* bits(kf) = 0x4b400000 + k, so bits >> 4 = 0x04b40000 + floor(k/16): sc = 2^(n+126) */
    vsi nb = vsi_sra(ki, 4);
    e.sc = vsi_as_vs(vsi_shl(vsi_add(nb, vsi_bcast(253 - 0x04b40000)), 23));
    /* E = 2^n th (1 + el) (underflows harmlessly far left); 1/(1 + E) = 1 - w to E^4 or E^3 */
    vs E = vs_mul(vs_mul(vs_fma(e.th, el, e.th), e.sc), vs_bcast(0x1p-126f));
    if (cubic) e.w = vs_mul(E, vs_fnma(E, vs_sub(vs_bcast(1.0f), E), vs_bcast(1.0f)));
    else e.w = vs_fnma(E, E, E);
    /* (1 + el)(1 - w) = 1 + d */
    e.d = vs_fnma(e.w, el, vs_sub(el, e.w));
    return e;
}

/* (ph + pl) 2^n (1 + d), rounded once to float (ph + pl = m th, |pl| <= 2^-7 |ph|; pd = ph + pl
 * rounded, or ph where |pl| <= 2^-24 |ph|); x < xsub in some lane: the subnormal results
 * (|Y| < 1, all negative) rounded on their grid. */
GELU_VS_INLINE vs gelu_lt_product(vs ph, vs pl, vs pd, gelu_lt_exp e, vs x, float xsub)
{
    vs yl = vs_mul(vs_fma(pd, e.d, pl), e.sc);
    vs yn = vs_fma(ph, e.sc, yl);
    vs y = vs_mul(yn, vs_bcast(0x1p-126f));
    if (vsm_any(vs_lt(x, vs_bcast(xsub)))) {
        /* Y - 1 in [-2, -1], where floats are 2^-23 apart: hi + lo by Fast2Sum, rounded once */
        vs yh = vs_mul(ph, e.sc);
        vs hi = vs_sub(yh, vs_bcast(1.0f));
        vs t = vs_add(hi, vs_add(vs_add(vs_sub(vs_bcast(-1.0f), hi), yh), yl));
        vs ys = vs_mul(vs_sub(vs_bcast(-1.0f), t), vs_bcast(-0x1p-126f));
        y = vs_select(vs_lt(vs_abs(yn), vs_bcast(1.0f)), ys, y);
    }
    return y;
}

/* The forward result from g = 2^n th (1 + d): x g for x < 0, x - x g for x > 0 (x th as an
 * exact pair). */
GELU_VS_INLINE vs gelu_lt_forward(vs x, gelu_lt_exp e, float xsub)
{
    vs ph = vs_mul(x, e.th);
    vs pl = vs_fms(x, e.th, ph);
    vs p = gelu_lt_product(ph, pl, ph, e, x, xsub);
    return vs_select(vs_lt(x, vs_bcast(0.0f)), p, vs_sub(x, p));
}

/* The derivative from g and h = hh + hl: g h for x < 0, 1 - g h for x > 0. */
GELU_VS_INLINE vs gelu_lt_derivative(vs x, vs hh, vs hl, gelu_lt_exp e, float xsub)
{
    vs ph = vs_mul(hh, e.th);
    vs pl = vs_fma(hl, e.th, vs_fms(hh, e.th, ph));
    vs p = gelu_lt_product(ph, pl, vs_add(ph, pl), e, x, xsub);
    return vs_select(vs_lt(x, vs_bcast(0.0f)), p, vs_sub(vs_bcast(1.0f), p));
}

/* ---- GELU_SIGMOID: z = -1.702 |x| */
typedef struct gelu_lt_sigmoid_arg {
    vs zh, zl;
    gelu_lt_exp e;
} gelu_lt_sigmoid_arg;

GELU_VS_INLINE gelu_lt_sigmoid_arg gelu_lt_sigmoid_eval(vs x)
{
    gelu_lt_sigmoid_arg a;
    vs ax = vs_abs(x);
    /* zh = AH |x| rounded, its error exactly (FMA), plus AL |x| */
    a.zh = vs_mul(vs_bcast(GELU_LT_SIG_AH), ax);
    a.zl = vs_fma(vs_bcast(GELU_LT_SIG_AL), ax, vs_fms(vs_bcast(GELU_LT_SIG_AH), ax, a.zh));
    vs kf = vs_fma(a.zh, vs_bcast(GELU_LT_INV), vs_bcast(GELU_LT_SHIFT));
    vs kd = vs_sub(kf, vs_bcast(GELU_LT_SHIFT));
    /* exact: kd L1 is a multiple of 2^-16 below 2^8, zh - kd L1 is below 2^-5 */
    vs r1 = vs_fnma(kd, vs_bcast(GELU_LT_L1), a.zh);
    a.e = gelu_lt_exp_eval(kf, kd, r1, a.zl, 1);
    return a;
}

/* f(x) = x sigmoid(1.702 x) */
GELU_VS_INLINE vs gelu_sigmoid_forward_tail(vs x)
{
    return gelu_lt_forward(x, gelu_lt_sigmoid_eval(x).e, GELU_LT_SIGMOID_SUB);
}

/* f'(x) = g h, h = 1 + z (1 - w) (z = -1.702 |x|): left f' = g h, right f' = 1 - g h */
GELU_VS_INLINE vs gelu_sigmoid_derivative_tail(vs x)
{
    gelu_lt_sigmoid_arg a = gelu_lt_sigmoid_eval(x);
    /* hh = 1 + zh exactly (|zh| > 6), hl = zl - zh w */
    vs hh = vs_add(vs_bcast(1.0f), a.zh);
    vs hl = vs_fnma(a.zh, a.e.w, a.zl);
    return gelu_lt_derivative(x, hh, hl, a.e, GELU_LT_SIGMOID_SUB);
}

/* ---- GELU_TANH: z = -2 sqrt(2/pi) (|x| + 0.044715 |x|^3) = T1 |x| + T3 |x|^3 */
typedef struct gelu_lt_tanh_arg {
    vs t1h, t1b, t3h, t3b; /* T1 |x| = t1h + t1b, T3 |x|^3 = t3h + t3b (to 2^-40 absolute) */
    gelu_lt_exp e;
} gelu_lt_tanh_arg;

GELU_VS_INLINE gelu_lt_tanh_arg gelu_lt_tanh_eval(vs x)
{
    gelu_lt_tanh_arg a;
    vs ax = vs_abs(x);
    /* |x|^3 = uh + ul + |x| ql exactly (x^2 = qh + ql) */
    vs qh = vs_mul(ax, ax);
    vs ql = vs_fms(ax, ax, qh);
    vs uh = vs_mul(ax, qh);
    vs ul = vs_fms(ax, qh, uh);
    /* T1 |x| = t1h + t1l + T1L |x|, T3 |x|^3 = t3h + t3l + T3H (ul + |x| ql) + T3L uh */
    a.t1h = vs_mul(vs_bcast(GELU_LT_TANH_T1H), ax);
    a.t1b = vs_fma(vs_bcast(GELU_LT_TANH_T1L), ax, vs_fms(vs_bcast(GELU_LT_TANH_T1H), ax, a.t1h));
    a.t3h = vs_mul(vs_bcast(GELU_LT_TANH_T3H), uh);
    vs t3l = vs_fms(vs_bcast(GELU_LT_TANH_T3H), uh, a.t3h);
    a.t3b = vs_fma(vs_bcast(GELU_LT_TANH_T3H), vs_fma(ax, ql, ul), t3l);
    a.t3b = vs_fma(vs_bcast(GELU_LT_TANH_T3L), uh, a.t3b);
    vs zl = vs_add(a.t1b, a.t3b);
    vs kf = vs_fma(vs_add(a.t1h, a.t3h), vs_bcast(GELU_LT_INV), vs_bcast(GELU_LT_SHIFT));
    vs kd = vs_sub(kf, vs_bcast(GELU_LT_SHIFT));
    /* exact: the larger term (in magnitude) less kd L1 is about minus the smaller one, then
     * the sum is below 2^-5 and a multiple of the smaller term's ulp (t1h, t3h <= -3) */
    vs big = vs_min(a.t1h, a.t3h), small = vs_max(a.t1h, a.t3h);
    vs r1 = vs_add(vs_fnma(kd, vs_bcast(GELU_LT_L1), big), small);
    a.e = gelu_lt_exp_eval(kf, kd, r1, zl, 0);
    return a;
}

/* f(x) = 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3))) */
GELU_VS_INLINE vs gelu_tanh_forward_tail(vs x)
{
    return gelu_lt_forward(x, gelu_lt_tanh_eval(x).e, GELU_LT_TANH_SUB);
}

/* f'(x) = g h, h = 1 + m (1 - w), m = -|x Z'| = T1 |x| + 3 T3 |x|^3 */
GELU_VS_INLINE vs gelu_tanh_derivative_tail(vs x)
{
    gelu_lt_tanh_arg a = gelu_lt_tanh_eval(x);
    /* 3 t3h = bh + bl exactly; S = bh + t1h + err by Fast2Sum (|bh| >= |t1h| on the tails:
     * 9.18 > 5.59 at |x| = 3.5, and |bh| grows as |x|^3), hh = 1 + S exactly (S < -14) */
    vs bh = vs_mul(vs_bcast(3.0f), a.t3h);
    vs bl = vs_fms(vs_bcast(3.0f), a.t3h, bh);
    vs s = vs_add(bh, a.t1h);
    vs err = vs_sub(a.t1h, vs_sub(s, bh));
    vs ml = vs_add(vs_fma(vs_bcast(3.0f), a.t3b, bl), a.t1b);
    vs hh = vs_add(vs_bcast(1.0f), s);
    vs hl = vs_fnma(s, a.e.w, vs_add(err, ml));
    return gelu_lt_derivative(x, hh, hl, a.e, GELU_LT_TANH_SUB);
}

#endif /* GELU_LOGISTIC_TAIL_F32_H */
