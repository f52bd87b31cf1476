/* gelu_erf_f32.c -- exact GELU, f(x) = x Phi(x), on float, forward and backward.
 *
 * Method (in double, see gelu_f32_eval.h; M(y) = Phi(-y) exp(y^2/2)):
 *   |x| <= 1:       Phi(x) = 1/2 + x S(x^2);  f'(x) = 1/2 + x T(x^2)
 *   -15 <= x < -1:  Phi(x) = E M(|x|), E = exp(-x^2/2) (x^2/2 is exact in double for a
 *                   float x), so the left tail has no cancellation and no flush to zero;
 *                   f'(x) = E (M(|x|) - |x|/sqrt(2 pi))
 *   1 < x <= 15:    Phi(x) = 1 - E M(x);  f'(x) = 1 + E (x/sqrt(2 pi) - M(x))
 *   -1 <= x <= -0.5 (backward): f'(x) = d P(d), d = x - x0, x0 ~ -0.7518 the zero of f',
 *                   so f' keeps its relative accuracy where it crosses zero
 *   x < -15:        f = f' = -0.0 (|exact| < 2^-150: both round to -0 in float)
 *   x > 15:         f = x, f' = 1 (1 - Phi(x) < 2^-160)
 * Error: every double result has relative error below 2^-48, so both directions are
 * within 1 ulp (proven on all 2^32 inputs by tests/accuracy_f32.c, which prints the
 * measured maximum and the share correctly rounded). */
#include "kernels.h"
#include "scalar/gelu_f32_eval.h"

static double phi_of_x(double x)
{
    if (x >= -1.0 && x <= 1.0)
        return 0.5 + x * gelu_f32_horner(gelu_f32_phi_center, GELU_F32_PHI_CENTER_DEGREE, x * x);
    double y = x < 0 ? -x : x;
    double e_m = gelu_f32_exp(-0.5 * (x * x)) * gelu_f32_mills(y);
    return x < 0 ? e_m : 1.0 - e_m;
}

static float gelu_erf_f32(float xf)
{
    if (gelu_isnan_f32(xf)) return gelu_quiet_f32(xf);
    if (xf < -(float)GELU_F32_ERF_LIMIT) return -0.0f;
    if (xf > (float)GELU_F32_ERF_LIMIT) return xf;
    double x = xf;
    if (x > -GELU_F32_TINY && x < GELU_F32_TINY) return (float)gelu_f32_tiny(x);
    return (float)(x * phi_of_x(x));
}

static float gelu_erf_derivative_f32(float xf)
{
    if (gelu_isnan_f32(xf)) return gelu_quiet_f32(xf);
    if (xf < -(float)GELU_F32_ERF_LIMIT) return -0.0f;
    if (xf > (float)GELU_F32_ERF_LIMIT) return 1.0f;
    double x = xf;
    if (x >= -1.0 && x <= -0.5) {
        /* x - X0_HI is exact (Sterbenz); X0_LO carries x0 to 106 bits. */
        double d = (x - GELU_F32_ERF_X0_HI) - GELU_F32_ERF_X0_LO;
        return (float)(d * gelu_f32_horner(gelu_f32_dzero_erf, GELU_F32_DZERO_ERF_DEGREE, d));
    }
    if (x >= -1.0 && x <= 1.0)
        return (float)(0.5 +
                       x * gelu_f32_horner(gelu_f32_dgelu_center, GELU_F32_DGELU_CENTER_DEGREE,
                                           x * x));
    double y = x < 0 ? -x : x;
    double e = gelu_f32_exp(-0.5 * (x * x));
    double m = gelu_f32_mills(y);
    double yphi = y * GELU_F32_INV_SQRT_2PI;
    if (x < 0) return (float)(e * (m - yphi));
    return (float)(1.0 + e * (yphi - m));
}

void gelu_erf_forward_f32_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_erf_f32(x[i]);
}

void gelu_erf_backward_f32_scalar(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], gelu_erf_derivative_f32(xi));
    }
}
