/* gelu_neon.c -- the NEON kernels (AArch64 Advanced SIMD, no extra flags needed).
 *
 * f32: src/simd/gelu_f32_simd.h on 2 double lanes (simd_neon.h), bit-identical to the
 * portable kernels.  f64: the portable kernels (not vectorised yet). */
#include "arm/kernels_arm.h"
#include "arm/simd_neon.h"

#define GELU_SIMD_SUFFIX neon
#include "simd/gelu_f32_simd.h"

/* Prototypes for the loops the macro defines (they are used through the table only). */
#define GELU_DECLARE(form)                                                                  \
    void gelu_##form##_forward_f32_neon(const float *x, float *y, size_t n);              \
    void gelu_##form##_backward_f32_neon(const float *x, const float *dy, float *dx, size_t n);
GELU_DECLARE(tanh)
GELU_DECLARE(sigmoid)
GELU_DECLARE(relu)

GELU_SIMD_BACKWARD_LOOP(tanh)
GELU_SIMD_BACKWARD_LOOP(sigmoid)
GELU_SIMD_FORWARD_LOOP(relu)
GELU_SIMD_BACKWARD_LOOP(relu)

const gelu_kernel_table gelu_neon_kernels = {
    .isa = "neon",
    .forward_f32 = {gelu_erf_forward_f32_scalar, /* not vectorised yet */
                    gelu_tanh_forward_f32_scalar, gelu_sigmoid_forward_f32_scalar,
                    gelu_relu_forward_f32_neon},
    .forward_f64 = {gelu_erf_forward_f64_scalar, gelu_tanh_forward_f64_scalar,
                    gelu_sigmoid_forward_f64_scalar, relu_forward_f64_scalar},
    .backward_f32 = {gelu_erf_backward_f32_scalar, /* not vectorised yet */
                     gelu_tanh_backward_f32_neon,
                     gelu_sigmoid_backward_f32_neon, gelu_relu_backward_f32_neon},
    .backward_f64 = {gelu_erf_backward_f64_scalar, gelu_tanh_backward_f64_scalar,
                     gelu_sigmoid_backward_f64_scalar, relu_backward_f64_scalar},
};
