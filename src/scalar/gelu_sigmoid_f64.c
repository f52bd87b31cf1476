/* gelu_sigmoid_f64.c -- "quick GELU", f(x) = x sigma(1.702 x), f64, portable C11.
 *
 *   v = 1.702 x, with 1.702 (a real number, not its rounding) stored as a double-double,
 *   so v is a double-double; w = x v'(x) = v.
 *
 * Method (no libm: +, -, *, /, fma and bit manipulation only):
 *   forward: x / (1 + e) for x >= 0 and x e / (1 + e) for x < 0, e = exp(-|v|) from
 *     gelu_exp_core, quotients in double-double, the factor 2^k applied last (subnormal
 *     results computed, not flushed); see gelu_logistic_f64.h.
 *   derivative: f' = sigma(v) + v sigma(v)(1 - sigma(v)), in the cancellation-free forms of
 *     gelu_logistic_f64.h, except for -3/2 <= x < -1/4 (around the zero x0 ~ -0.7512 of
 *     f'), where f' = (x - x0) G(x - c), two degree-16 polynomials, x0 a triple-double, so
 *     that f' keeps its relative accuracy next to its zero.
 * Error (measured by tools/verify/verify_f64.c against MPFR, dense samples and hard regions):
 * max 1.15 ulp forward, 1.10 ulp f'(x) (contract: 2 and 3 ulp); within 0.53 ulp near the
 * zero of f'.  This is a measured bound, not a proof.
 */
#include <math.h>
#include <stddef.h>

#include "kernels.h"
#include "gelu_logistic_f64.h"

/* v = 1.702 x as hi + *lo. */
static inline double gelu_sigmoid_v(double x, double *lo)
{
    double e;
    double h = gelu_two_prod(GELU_SIG_C_HI, x, &e);
    *lo = fma(GELU_SIG_C_LO, x, e);
    return h;
}

static inline double gelu_sigmoid_f64(double x)
{
    if (gelu_isnan_f64(x)) return gelu_quiet_f64(x);
    if (x == 0.0) return x;                       /* f(+-0) = +-0 */
    if (x == INFINITY) return x;
    if (x == -INFINITY) return -0.0;
    /* beyond |x| = 800, exp(-|v|) is 0 in double: clamping v's argument changes nothing */
    double xc = x < -800.0 ? -800.0 : (x > 800.0 ? 800.0 : x);
    double vl;
    double vh = gelu_sigmoid_v(xc, &vl);
    return gelu_logistic_forward(x < 0.0 ? xc : x, vh, vl);
}

static inline double gelu_sigmoid_deriv_f64(double x)
{
    if (gelu_isnan_f64(x)) return gelu_quiet_f64(x);
    if (x == INFINITY) return 1.0;
    if (x == -INFINITY) return -0.0;
    if (x >= -1.5 && x < -0.25)
        return gelu_deriv_near_zero_f64(x, GELU_SIGMOID_X0_HI, GELU_SIGMOID_X0_MD, GELU_SIGMOID_X0_LO,
                                        GELU_SIGMOID_G, GELU_SIGMOID_G_DEG);
    double xc = x < -800.0 ? -800.0 : (x > 800.0 ? 800.0 : x);
    double vl;
    double vh = gelu_sigmoid_v(xc, &vl);
    return gelu_logistic_deriv(xc, vh, vl, vh, vl);
}

void gelu_sigmoid_forward_f64_scalar(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_sigmoid_f64(x[i]);
}

void gelu_sigmoid_backward_f64_scalar(const double *x, const double *dy, double *dx,
                                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double xi = x[i];
        dx[i] = gelu_backward_product_f64(xi, dy[i], gelu_sigmoid_deriv_f64(xi));
    }
}
