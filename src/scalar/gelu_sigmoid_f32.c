/* gelu_sigmoid_f32.c -- "quick GELU", f(x) = x sigmoid(1.702 x), on float.
 *
 *   f(x) = x / (1 + E), E = exp(-1.702 x).
 * Forward: src/scalar/gelu_logistic_f32_forward.h; f'(x): gelu_logistic_f32_derivative.h
 * (float pieces on -3.875 < x <= 4.125 with f' = (x - x0) P around its zero x0 ~ -0.7512, the
 * float tail of src/simd/gelu_logistic_tail_f32.h out to the saturation bounds, 1 or -0.0
 * beyond); then dx = dy * f'(x) with the NaN rules of
 * gelu.h.  Both within 1 ulp for all 2^32 inputs (tools/verify/verify_f32.c). */
#include "kernels.h"
#include "scalar/gelu_logistic_f32_derivative.h"
#include "scalar/gelu_logistic_f32_forward.h"

void gelu_sigmoid_forward_f32_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_sigmoid_forward_f32_element(x[i]);
}

void gelu_sigmoid_backward_f32_scalar(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], gelu_sigmoid_derivative_f32_element(xi));
    }
}
