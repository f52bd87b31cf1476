/* gelu_logistic_f32_tail.c -- the portable instance of the float tails of the f32 GELU_SIGMOID
 * and GELU_TANH forward functions and derivatives: src/simd/gelu_logistic_tail_f32.h over the
 * one-lane layer src/simd/vec_f32_scalar.h.  The scalar kernels call these for the inputs
 * between their fast range and their saturation bounds (gelu_logistic_f32_{forward,
 * derivative}.h); the SIMD instances give the same bits. */
#include "simd/vec_f32_scalar.h"

#include "scalar/gelu_logistic_f32_tail.h"
#include "simd/gelu_logistic_tail_f32.h"

float gelu_sigmoid_forward_tail_f32(float x) { return gelu_sigmoid_forward_tail(x); }
float gelu_sigmoid_derivative_tail_f32(float x) { return gelu_sigmoid_derivative_tail(x); }
float gelu_tanh_forward_tail_f32(float x) { return gelu_tanh_forward_tail(x); }
float gelu_tanh_derivative_tail_f32(float x) { return gelu_tanh_derivative_tail(x); }
