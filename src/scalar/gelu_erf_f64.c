/* gelu_erf_f64.c -- exact GELU, f(x) = x Phi(x), f64, portable C11.
 *
 * Method (no libm: +, -, *, /, fma and bit manipulation only; see gelu_common_f64.h):
 *   forward
 *     |x| < 1/2:  f = x (1/2 + x E(x^2)), E a degree-9 polynomial, 1/2 + x E in double-double.
 *     |x| >= 1/2: with t = |x| (clamped to 40, beyond which the tail term is 0),
 *                 t Phi(-t) = exp(-t^2/2) S(t), where S(t) = t Phi(-t) exp(t^2/2) (t times
 *                 the Mills ratio / sqrt(2 pi)) is one of 7 degree-17 polynomials, one per
 *                 binade of t, in t (t < 2) or in 1/t (t >= 2).  t^2/2 is exact as a
 *                 double-double, so exp(-t^2/2) keeps full relative accuracy down to the
 *                 subnormal range; the result is scaled by 2^k with one rounding.
 *                 x <= -1/2: f = -exp(-t^2/2) S(t) (no cancellation, no erf);
 *                 x >= 1/2:  f = x - exp(-x^2/2) S(x).
 *   derivative f'(x) = Phi(x) + x phi(x)
 *     -1/4 <= x < 1/2:   f' = 1/2 + x D(x^2), D degree 9.
 *     -3/2 <= x < -1/4:  f' = (x - x0) G(x - c), two degree-16 pieces, where x0 ~ -0.7518 is
 *                        the zero of f' stored as a triple-double, so f' keeps its relative
 *                        accuracy next to the zero.
 *     x < -3/2, x >= 1/2: f' = exp(-t^2/2) T(t) and f' = 1 - exp(-x^2/2) T(x) with
 *                        T(t) = S(t)/t - t/sqrt(2 pi), in double-double.
 * Error (measured by tools/verify/verify_f64.c against MPFR, dense samples and hard regions):
 * max 1.33 ulp forward, 1.36 ulp f'(x) (contract: 2 and 3 ulp); within 0.51 ulp near the
 * zero of f'.  This is a measured bound (6.5 million samples over all forms), not a proof.
 */
#include <math.h>
#include <stddef.h>

#include "kernels.h"
#include "gelu_common_f64.h"
#include "gelu_erf_tail_f64.h"

/* S(t) as hi + *lo, for t in [0.5, 40]. */
static inline double gelu_erf_s(double t, double *lo)
{
    int j = (int)(gelu_bits_f64(t) >> 52) - 1022; /* binade index: t in [2^(j-1), 2^j) */
    const double *c = GELU_ERF_S[j];
    double s, corr = 0.0;
    if (j < 2) {
        s = t - gelu_erf_s_centre[j]; /* exact (Sterbenz) */
    } else {
        double w = 1.0 / t;
        /* w + wl = 1/t to about 2^-105: fold wl in through the linear coefficient */
        double wl = fma(-t, w, 1.0) * w;
        s = w - gelu_erf_s_centre[j]; /* exact */
        corr = wl * c[GELU_ERF_S_DEG - 1];
    }
    double l;
    double h = gelu_poly_dd(c, GELU_ERF_S_DEG, s, &l);
    *lo = l + corr;
    return h;
}

/* exp(-t^2/2) = 2^k (1 + p) for t >= 0; returns p. */
static inline double gelu_erf_gauss(double t, double *k)
{
    double e;
    double h = gelu_two_prod(t, t, &e);
    return gelu_exp_core(-0.5 * h, -0.5 * e, k);
}

static inline double gelu_erf_f64(double x)
{
    if (gelu_isnan_f64(x)) return gelu_quiet_f64(x);
    if (x == 0.0) return x;                      /* f(+-0) = +-0 */
    double ax = fabs(x);
    if (ax < 0.5) {
        double el, pe, se;
        double z = x * x;
        double eh = gelu_poly_dd(GELU_ERF_E, GELU_ERF_E_DEG, z, &el);
        double p = gelu_two_prod(x, eh, &pe);
        double sh = gelu_two_sum(0.5, p, &se);   /* Phi(x) = sh + sl */
        double sl = se + fma(x, el, pe);
        return fma(x, sh, x * sl);
    }
    /* +-inf: t = 40 gives a tail term of exactly 0, so f = x, or -0.0 */
    double t = ax < 40.0 ? ax : 40.0;
    double k, sl;
    double p = gelu_erf_gauss(t, &k);
    double sh = gelu_erf_s(t, &sl);
    /* t Phi(-t) = 2^k (1 + p)(sh + sl) */
    double m = sh + fma(sh, p, fma(sl, p, sl));
    double q = gelu_scale(m, k);
    return x < 0.0 ? -q : x - q;
}

static inline double gelu_erf_deriv_f64(double x)
{
    if (gelu_isnan_f64(x)) return gelu_quiet_f64(x);
    if (x >= -0.25 && x < 0.5) {                 /* f'(+-0) = 0.5 exactly */
        double dl, pe, se;
        double z = x * x;
        double dh = gelu_poly_dd(GELU_ERF_D, GELU_ERF_D_DEG, z, &dl);
        double p = gelu_two_prod(x, dh, &pe);
        double sh = gelu_two_sum(0.5, p, &se);
        return sh + (se + fma(x, dl, pe));
    }
    if (x >= -1.5 && x < -0.25)
        return gelu_deriv_near_zero_f64(x, GELU_ERF_X0_HI, GELU_ERF_X0_MD, GELU_ERF_X0_LO,
                                        GELU_ERF_G, GELU_ERF_G_DEG);
    /* tails: T(t) = S(t)/t - t/sqrt(2 pi); f' = exp(-t^2/2) T (x < 0), 1 - exp(-x^2/2) T (x > 0) */
    double t = fabs(x);
    t = t < 40.0 ? t : 40.0;
    double k, sl, ql, ce, te;
    double p = gelu_erf_gauss(t, &k);
    double sh = gelu_erf_s(t, &sl);
    double qh = gelu_div_dd(sh, sl, t, 0.0, &ql);
    double ch = gelu_two_prod(GELU_C0_HI, t, &ce);
    ce = fma(GELU_C0_LO, t, ce);
    double th = gelu_two_sum(qh, -ch, &te);
    double tl = te + (ql - ce);
    double m = th + fma(th, p, fma(tl, p, tl));
    double v = gelu_scale(m, k);
    return x < 0.0 ? v : 1.0 - v;
}

void gelu_erf_forward_f64_scalar(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_erf_f64(x[i]);
}

void gelu_erf_backward_f64_scalar(const double *x, const double *dy, double *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double xi = x[i];
        dx[i] = gelu_backward_product_f64(xi, dy[i], gelu_erf_deriv_f64(xi));
    }
}
