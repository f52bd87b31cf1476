/* gelu_logistic_f32_tail.h -- the float tails of the f32 GELU_SIGMOID and GELU_TANH forward
 * functions and derivatives on one float (src/scalar/gelu_logistic_f32_tail.c, the portable
 * instance of src/simd/gelu_logistic_tail_f32.h).  Each is meant for x between the fast range
 * and the saturation bounds of its kernel (the *_SAT_LO/_SAT_HI of gelu_logistic_f32_forward.h
 * and gelu_logistic_f32_derivative.h), NaN and infinities excluded: sigmoid [SAT_LO, -3.875]
 * and (4.125, SAT_HI], tanh [SAT_LO, -3.5) and (4.125, SAT_HI]. */
#ifndef GELU_LOGISTIC_F32_TAIL_H
#define GELU_LOGISTIC_F32_TAIL_H

float gelu_sigmoid_forward_tail_f32(float x);
float gelu_sigmoid_derivative_tail_f32(float x);
float gelu_tanh_forward_tail_f32(float x);
float gelu_tanh_derivative_tail_f32(float x);

#endif /* GELU_LOGISTIC_F32_TAIL_H */
