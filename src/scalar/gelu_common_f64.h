/* gelu_common_f64.h -- building blocks of the portable f64 kernels (private).
 *
 * Everything here uses only +, -, *, /, fma() and bit manipulation, so that the results
 * are the same on every platform (fma is exact by C99) and can be mirrored bit for bit
 * in SIMD.  The library is compiled with -ffp-contract=off: every fma is written out.
 *
 *   - error-free transformations (two_sum, two_prod) for double-double arithmetic;
 *   - gelu_poly_dd: Horner evaluation whose last two steps are done in double-double,
 *     with the linear and constant coefficients stored as double-doubles;
 *   - gelu_exp_core: exp(h + l) = 2^k (1 + p), h + l a double-double in [-1300, 0];
 *     |p| <= 0.42, error of 1 + p below 2^-54 relative (the range reduction is exact,
 *     expm1 on [-ln2/2, ln2/2] is a degree-10 polynomial with error 2^-60);
 *   - gelu_scale: v * 2^k with a single rounding, also into the subnormal range.
 */
#ifndef GELU_COMMON_F64_H
#define GELU_COMMON_F64_H

#include <math.h>
#include <stdint.h>

#include "special_values.h"
#include "tables/gelu_coeffs_f64.h"

/* s + e = a + b exactly (Knuth). */
static inline double gelu_two_sum(double a, double b, double *e)
{
    double s = a + b;
    double bb = s - a;
    *e = (a - (s - bb)) + (b - bb);
    return s;
}

/* s + e = a + b exactly, given |a| >= |b| or a == 0 (Dekker). */
static inline double gelu_fast_two_sum(double a, double b, double *e)
{
    double s = a + b;
    *e = b - (s - a);
    return s;
}

/* p + e = a * b exactly (barring underflow). */
static inline double gelu_two_prod(double a, double b, double *e)
{
    double p = a * b;
    *e = fma(a, b, -p);
    return p;
}

/* c: a polynomial of degree deg >= 2 in the layout of gelu_coeffs_f64.h (c[deg] .. c[2],
 * then linear hi, lo, then constant hi, lo).  Returns hi, *lo: the value at s as a
 * double-double (relative error about 2^-60 plus the error of the upper terms). */
static inline double gelu_poly_dd(const double *c, int deg, double s, double *lo)
{
    double q = c[0];
    for (int i = 1; i <= deg - 2; i++) q = fma(q, s, c[i]);
    const double *t = c + deg - 1; /* t[0], t[1]: linear term; t[2], t[3]: constant term */
    double pe, e1, e2;
    double p = gelu_two_prod(s, q, &pe);
    double ah = gelu_two_sum(t[0], p, &e1);
    double al = e1 + (pe + t[1]);
    double p2 = gelu_two_prod(s, ah, &pe);
    double yh = gelu_two_sum(t[2], p2, &e2);
    *lo = e2 + (pe + fma(s, al, t[3]));
    return yh;
}

/* exp(h + l) = 2^k * (1 + p); returns p, stores k (an integer, as a double) in *k.
 * h + l is a double-double with |l| <= 2^-40 |h|; h below -1300 is treated as -1300
 * (the result is then far below the subnormal range anyway). */
static inline double gelu_exp_core(double h, double l, double *k)
{
    if (!(h >= -1300.0)) { h = -1300.0; l = 0.0; }
    /* round h / ln 2 to the nearest integer with the 1.5 * 2^52 shifter */
    double kd = (h * GELU_INV_LN2 + 0x1.8p52) - 0x1.8p52;
    /* r = h - kd ln2_hi is exact: |r| < 1 and both terms are multiples of 2^-53 */
    double r = fma(-kd, GELU_LN2_HI, h);
    /* the rest of the argument: l - kd ln2_lo, |c| < 2^-40 */
    double c = fma(-kd, GELU_LN2_LO, l);
    const double *P = GELU_EXPM1_P;
    double q = P[0];
    for (int i = 1; i < GELU_EXPM1_P_DEG - 1; i++) q = fma(q, r, P[i]);
    q = fma(q, r, P[GELU_EXPM1_P_DEG - 1]);      /* linear term (hi) */
    q = fma(q, r, P[GELU_EXPM1_P_DEG + 1]);      /* constant term (hi): P(r) */
    q = fma(r, q, 0.5);                          /* 1/2 + r P(r) */
    double p = fma(r * r, q, r);                 /* expm1(r) */
    /* exp(r + c) = (1 + p)(1 + c): p + c (1 + p) */
    p = p + fma(c, p, c);
    *k = kd;
    return p;
}

/* v * 2^k for an integer k in [-2000, 0] (as a double), rounded once: the first product
 * is exact because v * 2^(k/2) stays normal for the v (about 2^-10 .. 2^30) used here. */
static inline double gelu_scale(double v, double k)
{
    int64_t ki = (int64_t)k;
    int64_t k1 = ki / 2;
    int64_t k2 = ki - k1;
    double s1 = gelu_from_bits_f64((uint64_t)(k1 + 1023) << 52);
    double s2 = gelu_from_bits_f64((uint64_t)(k2 + 1023) << 52);
    return (v * s1) * s2;
}

/* q + *lo = (nh + nl) / (dh + dl), to about 2^-104 relative, for normal values. */
static inline double gelu_div_dd(double nh, double nl, double dh, double dl, double *lo)
{
    double q = nh / dh;
    double r = fma(-q, dh, nh) + (nl - q * dl);
    *lo = r / dh;
    return q;
}

/* f'(x) on [-1.5, -0.25), around its zero x0 = x0_hi + x0_md + x0_lo (triple-double):
 * (x - x0) G_i(x - c_i) on two pieces, centres c_0 = -1.1875 (x < -0.875) and
 * c_1 = -0.5625, with x - x0 in double-double so that f' keeps its relative accuracy
 * however close a double lies to x0.  g: the two pieces' coefficients (gelu_poly_dd). */
static inline double gelu_deriv_near_zero_f64(double x, double x0_hi, double x0_md,
                                              double x0_lo, const double g[2][19], int deg)
{
    int i = x < -0.875 ? 0 : 1;
    double s = x - (i == 0 ? -0x1.3p+0 : -0x1.2p-1); /* exact */
    double de;
    double d1 = x - x0_hi; /* exact (Sterbenz) */
    double dh = gelu_two_sum(d1, -x0_md, &de);
    double dl = de - x0_lo; /* x - x0 = dh + dl */
    double gl;
    double gh = gelu_poly_dd(g[i], deg, s, &gl);
    return fma(dh, gh, fma(dh, gl, dl * gh));
}

#endif /* GELU_COMMON_F64_H */
