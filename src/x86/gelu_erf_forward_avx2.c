/* gelu_erf_forward_avx2.c -- GELU_ERF forward on float for the AVX2 table: the portable
 * method (src/scalar/gelu_erf_f32_forward.h) compiled with -mavx2 -mfma, so that fmaf and
 * fma become single instructions.  Same bits as the portable kernel (fma is correctly
 * rounded either way).  Not vectorised: its 32-entry tables would need four permutes and
 * three blends per coefficient on AVX2. */
#include "scalar/gelu_erf_f32_forward.h"
#include "x86/kernels_x86.h"

void gelu_erf_forward_f32_avx2(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_erf_forward_f32_element(x[i]);
}
