/* relu_f32.c -- ReLU on float, forward and backward.  Exact (no rounding happens).
 *
 * relu(x) = x for x > 0, +0.0 for every other non-NaN x; relu'(x) = 1 for x > 0, else 0
 * (relu'(0) = 0, as in PyTorch).  NaN in, that NaN out, quieted (gelu.h §3). */
#include "kernels.h"
#include "scalar/special_values.h"

static float relu_f32(float x)
{
    if (gelu_isnan_f32(x)) return gelu_quiet_f32(x);
    return x > 0.0f ? x : 0.0f;
}

void gelu_relu_forward_f32_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = relu_f32(x[i]);
}

void gelu_relu_backward_f32_scalar(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], xi > 0.0f ? 1.0f : 0.0f);
    }
}
