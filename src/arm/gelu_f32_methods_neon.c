/* gelu_f32_methods_neon.c -- the six f32 methods (GELU_ERF, GELU_TANH, GELU_SIGMOID;
 * forward and backward) on AArch64 NEON: src/simd/gelu_f32_methods.h over the 4-lane layer
 * (src/arm/vec_f32_neon.h) in the NEON loops (src/arm/gelu_f32_loop_neon.h): the fast path
 * on every vector, and for a vector with a lane outside the fast range the tail method of
 * the form on the vector, out of line.  The same bits as the portable kernels
 * (tests/identity_isa.c, run under qemu by make cross-aarch64). */
#include <arm_neon.h>

#include "arm/vec_f32_neon.h"
#include "simd/gelu_f32_methods.h"
#include "arm/gelu_f32_loop_neon.h"
#include "arm/kernels_arm.h"

GELU_NEON_FORWARD_LOOP(gelu_erf_forward_f32_neon, gelu_erf_forward_vs)
GELU_NEON_FORWARD_LOOP(gelu_tanh_forward_f32_neon, gelu_tanh_forward_vs)
GELU_NEON_FORWARD_LOOP(gelu_sigmoid_forward_f32_neon, gelu_sigmoid_forward_vs)
GELU_NEON_BACKWARD_LOOP(gelu_erf_backward_f32_neon, gelu_erf_derivative_vs)
GELU_NEON_BACKWARD_LOOP(gelu_tanh_backward_f32_neon, gelu_tanh_derivative_vs)
GELU_NEON_BACKWARD_LOOP(gelu_sigmoid_backward_f32_neon, gelu_sigmoid_derivative_vs)
