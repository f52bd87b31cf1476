/* gelu_sigmoid_f32.c -- "quick GELU", f(x) = x sigmoid(1.702 x), on float.
 *
 *   z = 1.702 x, E = exp(-z), s = 1 / (1 + E), 1 - s = E s:
 *   f(x) = x / (1 + E);  f'(x) = s (1 + z E s).
 * Method (in double, see gelu_f32_eval.h): no cancellation for any x (E is large on the
 * left, not 1 - tiny); 1.702 is a double (relative error 2^-54).  Around the zero of f'
 * (x0 ~ -0.7512), -1 <= x <= -0.5, f'(x) = d P(d) with d = x - x0.
 *   x < -70: f = f' = -0.0 (|exact| < 2^-160);  x > 70: f = x, f' = 1 (E < 2^-170).
 * Error: relative error of the double results below 2^-44, so both directions are within
 * 1 ulp (proven on all 2^32 inputs by tests/accuracy_f32.c). */
#include "kernels.h"
#include "scalar/gelu_f32_eval.h"
#include "scalar/gelu_logistic_f32_forward.h"

static float gelu_sigmoid_derivative_f32(float xf)
{
    if (gelu_isnan_f32(xf)) return gelu_quiet_f32(xf);
    if (xf < -(float)GELU_F32_SIGMOID_LIMIT) return -0.0f;
    if (xf > (float)GELU_F32_SIGMOID_LIMIT) return 1.0f;
    double x = xf;
    if (x >= -1.0 && x <= -0.5) {
        double d = (x - GELU_F32_SIGMOID_X0_HI) - GELU_F32_SIGMOID_X0_LO;
        return (float)(d * gelu_f32_horner(gelu_f32_dzero_sigmoid,
                                           GELU_F32_DZERO_SIGMOID_DEGREE, d));
    }
    double z = GELU_F32_SIGMOID_SCALE * x;
    double e = gelu_f32_exp(-z);
    double s = 1.0 / (1.0 + e);
    return (float)(s * (1.0 + z * (e * s)));
}

void gelu_sigmoid_forward_f32_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_sigmoid_forward_f32_element(x[i]);
}

void gelu_sigmoid_backward_f32_scalar(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], gelu_sigmoid_derivative_f32(xi));
    }
}
