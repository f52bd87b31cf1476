#include "proto_derf.h"
void proto_derf_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = pd_gelu_erf_derivative(x[i]);
}
