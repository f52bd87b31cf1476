/* gelu_tanh_f32.c -- the tanh approximation of GELU on float, forward and backward.
 *
 *   f(x) = 0.5 x (1 + tanh(u)) = x / (1 + E),  u = sqrt(2/pi) (x + 0.044715 x^3),
 *   E = exp(-2u);  with s = 1 / (1 + E) and 1 - s = E s:
 *   f'(x) = s (1 + 2 x u' E s),  u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2).
 * Method (in double, see gelu_f32_eval.h): x / (1 + E) has no cancellation for any x
 * (E is large, not 1 - tiny, on the left); constants are doubles (relative error 2^-54,
 * harmless at float precision).  Around the zero of f' (x0 ~ -0.7525), -1 <= x <= -0.5,
 * f'(x) = d P(d) with d = x - x0, so f' keeps its relative accuracy there.
 *   x < -12: f = f' = -0.0 (|exact| < 2^-190);  x > 12: f = x, f' = 1 (E < 2^-200).
 * Error: relative error of the double results below 2^-43 (the exp argument reaches 142
 * with a relative error of a few 2^-53), so both directions are within 1 ulp (proven on all
 * 2^32 inputs by tests/accuracy_f32.c). */
#include "kernels.h"
#include "scalar/gelu_f32_eval.h"
#include "scalar/gelu_logistic_f32_forward.h"

/* E = exp(-2u). */
static double exp_minus_2u(double x)
{
    double u = GELU_F32_SQRT_2_OVER_PI * (x * (1.0 + GELU_F32_TANH_CUBIC * (x * x)));
    return gelu_f32_exp(-2.0 * u);
}

static float gelu_tanh_derivative_f32(float xf)
{
    if (gelu_isnan_f32(xf)) return gelu_quiet_f32(xf);
    if (xf < -(float)GELU_F32_TANH_LIMIT) return -0.0f;
    if (xf > (float)GELU_F32_TANH_LIMIT) return 1.0f;
    double x = xf;
    if (x >= -1.0 && x <= -0.5) {
        double d = (x - GELU_F32_TANH_X0_HI) - GELU_F32_TANH_X0_LO;
        return (float)(d * gelu_f32_horner(gelu_f32_dzero_tanh, GELU_F32_DZERO_TANH_DEGREE, d));
    }
    double e = exp_minus_2u(x);
    double s = 1.0 / (1.0 + e);
    double du = GELU_F32_SQRT_2_OVER_PI * (1.0 + (3.0 * GELU_F32_TANH_CUBIC) * (x * x));
    return (float)(s * (1.0 + (2.0 * x) * du * (e * s)));
}

void gelu_tanh_forward_f32_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_tanh_forward_f32_element(x[i]);
}

void gelu_tanh_backward_f32_scalar(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], gelu_tanh_derivative_f32(xi));
    }
}
