/* gelu_avx2.c -- the AVX2 kernel table (built with -mavx2 -mfma only here).
 *
 * f32: the tanh and sigmoid derivatives and ReLU from src/simd/gelu_f32_simd.h on 4 double
 * lanes (simd_avx2.h); GELU_ERF and the tanh and sigmoid forward functions as FMA-compiled
 * portable code (gelu_erf_{forward,backward}_avx2.c, gelu_logistic_forward_avx2.c).  All
 * bit-identical to the portable kernels.  f64: src/simd/gelu_f64_simd.h on 4 double lanes
 * (gelu_f64_avx2.c), bit-identical too. */
#include "x86/kernels_x86.h"
#include "x86/simd_avx2.h"

#define GELU_SIMD_SUFFIX avx2
#include "simd/gelu_f32_simd.h"

GELU_SIMD_BACKWARD_LOOP(tanh)
GELU_SIMD_BACKWARD_LOOP(sigmoid)
GELU_SIMD_FORWARD_LOOP(relu)
GELU_SIMD_BACKWARD_LOOP(relu)

const gelu_kernel_table gelu_avx2_kernels = {
    .isa = "avx2",
    .forward_f32 = {gelu_erf_forward_f32_avx2, gelu_tanh_forward_f32_avx2,
                    gelu_sigmoid_forward_f32_avx2, gelu_relu_forward_f32_avx2},
    .forward_f64 = {gelu_erf_forward_f64_avx2, gelu_tanh_forward_f64_avx2,
                    gelu_sigmoid_forward_f64_avx2, gelu_relu_forward_f64_avx2},
    .backward_f32 = {gelu_erf_backward_f32_avx2, gelu_tanh_backward_f32_avx2,
                     gelu_sigmoid_backward_f32_avx2, gelu_relu_backward_f32_avx2},
    .backward_f64 = {gelu_erf_backward_f64_avx2, gelu_tanh_backward_f64_avx2,
                     gelu_sigmoid_backward_f64_avx2, gelu_relu_backward_f64_avx2},
};
