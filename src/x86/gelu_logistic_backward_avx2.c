/* gelu_logistic_backward_avx2.c -- GELU_TANH and GELU_SIGMOID backward on float for the AVX2
 * table: the portable method (src/scalar/gelu_logistic_f32_derivative.h) compiled with
 * -mavx2 -mfma, so that fmaf is a single instruction; same bits as the portable kernels.
 * Not vectorised yet. */
#include "scalar/gelu_logistic_f32_derivative.h"
#include "x86/kernels_x86.h"

void gelu_tanh_backward_f32_avx2(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], gelu_tanh_derivative_f32_element(xi));
    }
}

void gelu_sigmoid_backward_f32_avx2(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], gelu_sigmoid_derivative_f32_element(xi));
    }
}
