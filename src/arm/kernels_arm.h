/* kernels_arm.h -- the AArch64 kernel tables (src/arm/gelu_<isa>.c). */
#ifndef GELU_KERNELS_ARM_H
#define GELU_KERNELS_ARM_H

#include "kernels.h"

extern const gelu_kernel_table gelu_neon_kernels;
extern const gelu_half_simd gelu_half_simd_neon; /* gelu_half_neon.c */
extern const gelu_vector_ops gelu_vector_ops_neon; /* vector_ops_neon.c */

/* The f32 float-method kernels (src/arm/gelu_{erf,logistic}_{forward,backward}_neon.c). */
void gelu_erf_forward_f32_neon(const float *x, float *y, size_t n);
void gelu_erf_backward_f32_neon(const float *x, const float *dy, float *dx, size_t n);
void gelu_tanh_forward_f32_neon(const float *x, float *y, size_t n);
void gelu_sigmoid_forward_f32_neon(const float *x, float *y, size_t n);
void gelu_tanh_backward_f32_neon(const float *x, const float *dy, float *dx, size_t n);
void gelu_sigmoid_backward_f32_neon(const float *x, const float *dy, float *dx, size_t n);
/* The correctly rounded f32 forward, path 1 on 4 lanes (gelu_cr_forward_neon.c). */
void gelu_erf_forward_cr_f32_neon(const float *x, float *y, size_t n);
void gelu_tanh_forward_cr_f32_neon(const float *x, float *y, size_t n);
void gelu_sigmoid_forward_cr_f32_neon(const float *x, float *y, size_t n);
/* The f64 kernels (src/arm/gelu_f64_neon.c), every form, forward and backward. */
void gelu_erf_forward_f64_neon(const double *x, double *y, size_t n);
void gelu_erf_backward_f64_neon(const double *x, const double *dy, double *dx, size_t n);
void gelu_tanh_forward_f64_neon(const double *x, double *y, size_t n);
void gelu_tanh_backward_f64_neon(const double *x, const double *dy, double *dx, size_t n);
void gelu_sigmoid_forward_f64_neon(const double *x, double *y, size_t n);
void gelu_sigmoid_backward_f64_neon(const double *x, const double *dy, double *dx, size_t n);
void gelu_relu_forward_f64_neon(const double *x, double *y, size_t n);
void gelu_relu_backward_f64_neon(const double *x, const double *dy, double *dx, size_t n);

#endif /* GELU_KERNELS_ARM_H */
