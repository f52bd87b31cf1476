/* gelu_avx512.c -- the AVX-512 kernels (F, DQ, BW, VL; built with those flags only here).
 *
 * f32: src/simd/gelu_f32_simd.h on 8 double lanes (simd_avx512.h), bit-identical to the
 * portable kernels.  f64: the portable kernels (not vectorised yet). */
#include "x86/kernels_x86.h"
#include "x86/simd_avx512.h"

#define GELU_SIMD_SUFFIX avx512
#include "simd/gelu_f32_simd.h"

/* Prototypes for the loops the macro defines (they are used through the table only). */
#define GELU_DECLARE(form)                                                                  \
    void gelu_##form##_forward_f32_avx512(const float *x, float *y, size_t n);              \
    void gelu_##form##_backward_f32_avx512(const float *x, const float *dy, float *dx, size_t n);
GELU_DECLARE(tanh)
GELU_DECLARE(sigmoid)
GELU_DECLARE(relu)

GELU_SIMD_BACKWARD_LOOP(tanh)
GELU_SIMD_BACKWARD_LOOP(sigmoid)
GELU_SIMD_FORWARD_LOOP(relu)
GELU_SIMD_BACKWARD_LOOP(relu)

const gelu_kernel_table gelu_avx512_kernels = {
    .isa = "avx512",
    .forward_f32 = {gelu_erf_forward_f32_avx512, gelu_tanh_forward_f32_avx512,
                    gelu_sigmoid_forward_f32_avx512, gelu_relu_forward_f32_avx512},
    .forward_f64 = {gelu_erf_forward_f64_scalar, gelu_tanh_forward_f64_scalar,
                    gelu_sigmoid_forward_f64_scalar, relu_forward_f64_scalar},
    .backward_f32 = {gelu_erf_backward_f32_avx512, gelu_tanh_backward_f32_avx512,
                     gelu_sigmoid_backward_f32_avx512, gelu_relu_backward_f32_avx512},
    .backward_f64 = {gelu_erf_backward_f64_scalar, gelu_tanh_backward_f64_scalar,
                     gelu_sigmoid_backward_f64_scalar, relu_backward_f64_scalar},
};
