/* gelu_avx2.c -- the AVX2 kernels (with FMA available; built with -mavx2 -mfma only here).
 *
 * f32: src/simd/gelu_f32_simd.h on 4 double lanes (simd_avx2.h), bit-identical to the
 * portable kernels; GELU_ERF forward in gelu_erf_forward_avx2.c.  f64: the portable kernels (not vectorised yet). */
#include "x86/kernels_x86.h"
#include "x86/simd_avx2.h"

#define GELU_SIMD_SUFFIX avx2
#include "simd/gelu_f32_simd.h"

/* Prototypes for the loops the macro defines (they are used through the table only). */
#define GELU_DECLARE(form)                                                                  \
    void gelu_##form##_forward_f32_avx2(const float *x, float *y, size_t n);              \
    void gelu_##form##_backward_f32_avx2(const float *x, const float *dy, float *dx, size_t n);
GELU_DECLARE(tanh)
GELU_DECLARE(sigmoid)
GELU_DECLARE(relu)

GELU_SIMD_BACKWARD_LOOP(tanh)
GELU_SIMD_BACKWARD_LOOP(sigmoid)
GELU_SIMD_FORWARD_LOOP(relu)
GELU_SIMD_BACKWARD_LOOP(relu)

const gelu_kernel_table gelu_avx2_kernels = {
    .isa = "avx2",
    .forward_f32 = {gelu_erf_forward_f32_avx2, gelu_tanh_forward_f32_avx2,
                    gelu_sigmoid_forward_f32_avx2, gelu_relu_forward_f32_avx2},
    .forward_f64 = {gelu_erf_forward_f64_scalar, gelu_tanh_forward_f64_scalar,
                    gelu_sigmoid_forward_f64_scalar, relu_forward_f64_scalar},
    .backward_f32 = {gelu_erf_backward_f32_avx2, gelu_tanh_backward_f32_avx2,
                     gelu_sigmoid_backward_f32_avx2, gelu_relu_backward_f32_avx2},
    .backward_f64 = {gelu_erf_backward_f64_scalar, gelu_tanh_backward_f64_scalar,
                     gelu_sigmoid_backward_f64_scalar, relu_backward_f64_scalar},
};
