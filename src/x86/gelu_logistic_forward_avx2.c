/* gelu_logistic_forward_avx2.c -- GELU_TANH and GELU_SIGMOID forward on float for the AVX2
 * table: the portable method (src/scalar/gelu_logistic_f32_forward.h) compiled with -mavx2
 * -mfma, so that fmaf and fma are single instructions; same bits as the portable kernels.
 * Not vectorised yet. */
#include "scalar/gelu_logistic_f32_forward.h"
#include "x86/kernels_x86.h"

void gelu_tanh_forward_f32_avx2(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_tanh_forward_f32_element(x[i]);
}

void gelu_sigmoid_forward_f32_avx2(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_sigmoid_forward_f32_element(x[i]);
}
