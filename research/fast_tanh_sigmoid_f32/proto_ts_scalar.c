#include "proto_ts.h"
void proto_tanh_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = pt_gelu_tanh(x[i]);
}
void proto_sigmoid_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = pt_gelu_sigmoid(x[i]);
}
