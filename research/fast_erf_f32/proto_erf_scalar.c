#include "proto_erf.h"
void proto_erf_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = pe_gelu_erf(x[i]);
}
