/* gelu_logistic_f64.h -- the part the tanh and sigmoid forms share (private, f64).
 *
 * Both forms are f(x) = x sigma(v(x)) with v odd and increasing:
 *   tanh form:    v = 2 sqrt(2/pi) (x + 0.044715 x^3)   (0.5 (1 + tanh u) = sigma(2u))
 *   sigmoid form: v = 1.702 x
 * With e = exp(-|v|) (no overflow, no cancellation) and A = 1 + e:
 *   f  = x / A                          (x >= 0)
 *   f  = x e / A                        (x < 0)
 *   f' = (A + w e) / A^2                (x >= 0),   w = x v'(x)
 *   f' = e (A + w) / A^2                (x < 0; A + w cancels near the zero x0 of f', so
 *                                        the callers use a polynomial in x - x0 there)
 * v and w come in as double-doubles; e is 2^k (1 + p) from gelu_exp_core, and for x < 0
 * the factor 2^k is applied last, with one rounding, so that results in the subnormal
 * range are right.
 */
#ifndef GELU_LOGISTIC_F64_H
#define GELU_LOGISTIC_F64_H

#include "gelu_common_f64.h"

/* e = exp(-|v|) = 2^k (1 + p): returns p; *e gets e rounded (possibly subnormal or 0). */
static inline double gelu_logistic_exp(double x, double vh, double vl, double *k, double *e)
{
    double h = x < 0.0 ? vh : -vh;
    double l = x < 0.0 ? vl : -vl;
    double p = gelu_exp_core(h, l, k);
    *e = gelu_scale(1.0 + p, *k);
    return p;
}

/* f = x sigma(v) for finite nonzero x. */
static inline double gelu_logistic_forward(double x, double vh, double vl)
{
    double k, e, al, ql;
    double p = gelu_logistic_exp(x, vh, vl, &k, &e);
    double ah = gelu_fast_two_sum(1.0, e, &al);          /* A = 1 + e, e <= 1 */
    if (x >= 0.0) {
        double qh = gelu_div_dd(x, 0.0, ah, al, &ql);
        return qh + ql;
    }
    /* x (1 + p) / A, then * 2^k */
    double ne, se;
    double nh = gelu_two_prod(x, p, &ne);
    double sh = gelu_two_sum(x, nh, &se);
    double qh = gelu_div_dd(sh, se + ne, ah, al, &ql);
    return gelu_scale(qh + ql, k);
}

/* f'(x) for finite x outside the zero-crossing pieces; w = x v'(x) as wh + wl. */
static inline double gelu_logistic_deriv(double x, double vh, double vl, double wh, double wl)
{
    double k, e, al, ql, dl, ne, nl;
    double p = gelu_logistic_exp(x, vh, vl, &k, &e);
    double ah = gelu_fast_two_sum(1.0, e, &al);          /* A = 1 + e */
    double dh = gelu_two_prod(ah, ah, &dl);              /* A^2 */
    dl = fma(2.0 * ah, al, dl);
    if (x >= 0.0) {
        /* N = A + w e */
        double we = wh * e;
        double wee = fma(wh, e, -we) + wl * e;
        double nh = gelu_two_sum(ah, we, &ne);
        nl = ne + (al + wee);
        double qh = gelu_div_dd(nh, nl, dh, dl, &ql);
        return qh + ql;
    }
    /* W = A + w, N = (1 + p) W, f' = 2^k N / A^2 */
    double we;
    double wsh = gelu_two_sum(ah, wh, &we);
    double wsl = we + (al + wl);
    double pe, se;
    double pp = gelu_two_prod(wsh, p, &pe);
    double nh = gelu_two_sum(wsh, pp, &se);
    nl = se + fma(wsl, p, wsl + pe);
    double qh = gelu_div_dd(nh, nl, dh, dl, &ql);
    return gelu_scale(qh + ql, k);
}

#endif /* GELU_LOGISTIC_F64_H */
