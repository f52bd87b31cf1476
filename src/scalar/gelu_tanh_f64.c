/* gelu_tanh_f64.c -- tanh-approximation GELU, f64, portable C11.
 *
 *   f(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x sigma(v),
 *   v = 2 sqrt(2/pi) (x + 0.044715 x^3)  (the constants as real numbers, stored as
 *   double-doubles; v and w = x v'(x) are computed in double-double).
 *
 * Method (no libm: +, -, *, /, fma and bit manipulation only):
 *   forward: x / (1 + e) for x >= 0 and x e / (1 + e) for x < 0, e = exp(-|v|) from
 *     gelu_exp_core, quotients in double-double, the factor 2^k applied last (subnormal
 *     results computed, not flushed); see gelu_logistic_f64.h.
 *   derivative: f' = sigma(v) + x sigma(v)(1 - sigma(v)) v'(x), in the cancellation-free
 *     forms of gelu_logistic_f64.h, except for -3/2 <= x < -1/4 (around the zero x0 ~
 *     -0.7522 of f'), where f' = (x - x0) G(x - c), two degree-16 polynomials, x0 a
 *     triple-double, so that f' keeps its relative accuracy next to its zero.
 * Error (measured by tools/verify/verify_f64.c against MPFR, dense samples and hard regions):
 * max 1.11 ulp forward, 1.14 ulp f'(x) (contract: 2 and 3 ulp); within 0.51 ulp near the
 * zero of f'.  This is a measured bound, not a proof.
 */
#include <math.h>
#include <stddef.h>

#include "kernels.h"
#include "gelu_logistic_f64.h"

/* v = x (A + B x^2) (b = B) or w = x (A + 3B x^2) (b = 3B) as hi + *lo; |x| <= 40. */
static inline double gelu_tanh_poly(double x, double bh, double bl, double *lo)
{
    double x2l, pl, se, ve;
    double x2h = gelu_two_prod(x, x, &x2l);
    double ph = gelu_two_prod(bh, x2h, &pl);
    pl = fma(bh, x2l, fma(bl, x2h, pl));
    double sh = gelu_two_sum(GELU_TANH_A_HI, ph, &se);
    double sl = se + (GELU_TANH_A_LO + pl);
    double vh = gelu_two_prod(x, sh, &ve);
    *lo = fma(x, sl, ve);
    return vh;
}

static inline double gelu_tanh_f64(double x)
{
    if (gelu_isnan_f64(x)) return gelu_quiet_f64(x);
    if (x == 0.0) return x;                       /* f(+-0) = +-0 */
    if (x == INFINITY) return x;
    if (x == -INFINITY) return -0.0;
    /* beyond |x| = 40, exp(-|v|) is 0 in double: clamping v's argument changes nothing */
    double xc = x < -40.0 ? -40.0 : (x > 40.0 ? 40.0 : x);
    double vl;
    double vh = gelu_tanh_poly(xc, GELU_TANH_B_HI, GELU_TANH_B_LO, &vl);
    return gelu_logistic_forward(x < 0.0 ? xc : x, vh, vl);
}

static inline double gelu_tanh_deriv_f64(double x)
{
    if (gelu_isnan_f64(x)) return gelu_quiet_f64(x);
    if (x == INFINITY) return 1.0;
    if (x == -INFINITY) return -0.0;
    if (x >= -1.5 && x < -0.25)
        return gelu_deriv_near_zero_f64(x, GELU_TANH_X0_HI, GELU_TANH_X0_MD, GELU_TANH_X0_LO,
                                        GELU_TANH_G, GELU_TANH_G_DEG);
    double xc = x < -40.0 ? -40.0 : (x > 40.0 ? 40.0 : x);
    double vl, wl;
    double vh = gelu_tanh_poly(xc, GELU_TANH_B_HI, GELU_TANH_B_LO, &vl);
    double wh = gelu_tanh_poly(xc, GELU_TANH_B3_HI, GELU_TANH_B3_LO, &wl);
    return gelu_logistic_deriv(xc, vh, vl, wh, wl);
}

void gelu_tanh_forward_f64_scalar(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_tanh_f64(x[i]);
}

void gelu_tanh_backward_f64_scalar(const double *x, const double *dy, double *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double xi = x[i];
        dx[i] = gelu_backward_product_f64(xi, dy[i], gelu_tanh_deriv_f64(xi));
    }
}
