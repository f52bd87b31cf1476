/* kernels_x86.h -- the x86 kernel tables (src/x86/gelu_<isa>.c). */
#ifndef GELU_KERNELS_X86_H
#define GELU_KERNELS_X86_H

#include "kernels.h"

extern const gelu_kernel_table gelu_avx512_kernels;
extern const gelu_kernel_table gelu_avx2_kernels;

/* Kernels with their own file (src/x86/gelu_<form>_<direction>_<isa>.c). */
void gelu_erf_forward_f32_avx512(const float *x, float *y, size_t n);
void gelu_erf_forward_f32_avx2(const float *x, float *y, size_t n);
void gelu_erf_backward_f32_avx512(const float *x, const float *dy, float *dx, size_t n);
void gelu_erf_backward_f32_avx2(const float *x, const float *dy, float *dx, size_t n);
void gelu_tanh_forward_f32_avx512(const float *x, float *y, size_t n);
void gelu_sigmoid_forward_f32_avx512(const float *x, float *y, size_t n);
void gelu_tanh_forward_f32_avx2(const float *x, float *y, size_t n);
void gelu_sigmoid_forward_f32_avx2(const float *x, float *y, size_t n);
void gelu_tanh_backward_f32_avx512(const float *x, const float *dy, float *dx, size_t n);
void gelu_sigmoid_backward_f32_avx512(const float *x, const float *dy, float *dx, size_t n);
void gelu_tanh_backward_f32_avx2(const float *x, const float *dy, float *dx, size_t n);
void gelu_sigmoid_backward_f32_avx2(const float *x, const float *dy, float *dx, size_t n);

/* bf16/f16 conversions on 16 lanes (gelu_half_avx512.c). */
extern const gelu_half_simd gelu_half_simd_avx512;
extern const gelu_half_simd gelu_half_simd_avx2; /* gelu_half_avx2.c */
extern const gelu_vector_ops gelu_vector_ops_avx512; /* vector_ops_avx512.c */
/* Fused loops (gelu_fused_loop_avx2.h, gelu_fused_loop_avx512.h), in the files of the
 * forms' kernels. */
void gelu_erf_bias_forward_f32_avx2(const float *x, const float *bias, float *y, size_t n,
                                    int stream);
void gelu_tanh_bias_forward_f32_avx2(const float *x, const float *bias, float *y, size_t n,
                                     int stream);
void gelu_sigmoid_bias_forward_f32_avx2(const float *x, const float *bias, float *y, size_t n,
                                        int stream);
void gelu_erf_geglu_forward_f32_avx2(const float *value, const float *gate, float *y, size_t n,
                                     int stream);
void gelu_tanh_geglu_forward_f32_avx2(const float *value, const float *gate, float *y, size_t n,
                                      int stream);
void gelu_sigmoid_geglu_forward_f32_avx2(const float *value, const float *gate, float *y,
                                         size_t n, int stream);
void gelu_erf_bias_backward_f32_avx2(const float *x, const float *bias, const float *dy,
                                     float *dx, double *acc, size_t n, const float *pf_x,
                                     const float *pf_dy, int stream);
void gelu_tanh_bias_backward_f32_avx2(const float *x, const float *bias, const float *dy,
                                      float *dx, double *acc, size_t n, const float *pf_x,
                                      const float *pf_dy, int stream);
void gelu_sigmoid_bias_backward_f32_avx2(const float *x, const float *bias, const float *dy,
                                         float *dx, double *acc, size_t n, const float *pf_x,
                                         const float *pf_dy, int stream);
void gelu_erf_bias_forward_f32_avx512(const float *x, const float *bias, float *y, size_t n,
                                      int stream);
void gelu_tanh_bias_forward_f32_avx512(const float *x, const float *bias, float *y, size_t n,
                                       int stream);
void gelu_sigmoid_bias_forward_f32_avx512(const float *x, const float *bias, float *y, size_t n,
                                          int stream);
void gelu_erf_geglu_forward_f32_avx512(const float *value, const float *gate, float *y,
                                       size_t n, int stream);
void gelu_tanh_geglu_forward_f32_avx512(const float *value, const float *gate, float *y,
                                        size_t n, int stream);
void gelu_sigmoid_geglu_forward_f32_avx512(const float *value, const float *gate, float *y,
                                           size_t n, int stream);
void gelu_erf_bias_backward_f32_avx512(const float *x, const float *bias, const float *dy,
                                       float *dx, double *acc, size_t n, const float *pf_x,
                                       const float *pf_dy, int stream);
void gelu_tanh_bias_backward_f32_avx512(const float *x, const float *bias, const float *dy,
                                        float *dx, double *acc, size_t n, const float *pf_x,
                                        const float *pf_dy, int stream);
void gelu_sigmoid_bias_backward_f32_avx512(const float *x, const float *bias, const float *dy,
                                           float *dx, double *acc, size_t n, const float *pf_x,
                                           const float *pf_dy, int stream);
extern const gelu_vector_ops gelu_vector_ops_avx2;   /* vector_ops_avx2.c */

/* The correctly rounded f32 forward, path 1 in SIMD (gelu_cr_forward_<isa>.c). */
void gelu_erf_forward_cr_f32_avx512(const float *x, float *y, size_t n);
void gelu_tanh_forward_cr_f32_avx512(const float *x, float *y, size_t n);
void gelu_sigmoid_forward_cr_f32_avx512(const float *x, float *y, size_t n);
void gelu_erf_forward_cr_f32_avx2(const float *x, float *y, size_t n);
void gelu_tanh_forward_cr_f32_avx2(const float *x, float *y, size_t n);
void gelu_sigmoid_forward_cr_f32_avx2(const float *x, float *y, size_t n);

/* The f64 kernels (src/x86/gelu_f64_<isa>.c), every form, forward and backward. */
void gelu_erf_forward_f64_avx512(const double *x, double *y, size_t n);
void gelu_erf_backward_f64_avx512(const double *x, const double *dy, double *dx, size_t n);
void gelu_tanh_forward_f64_avx512(const double *x, double *y, size_t n);
void gelu_tanh_backward_f64_avx512(const double *x, const double *dy, double *dx, size_t n);
void gelu_sigmoid_forward_f64_avx512(const double *x, double *y, size_t n);
void gelu_sigmoid_backward_f64_avx512(const double *x, const double *dy, double *dx, size_t n);
void gelu_relu_forward_f64_avx512(const double *x, double *y, size_t n);
void gelu_relu_backward_f64_avx512(const double *x, const double *dy, double *dx, size_t n);
void gelu_erf_forward_f64_avx2(const double *x, double *y, size_t n);
void gelu_erf_backward_f64_avx2(const double *x, const double *dy, double *dx, size_t n);
void gelu_tanh_forward_f64_avx2(const double *x, double *y, size_t n);
void gelu_tanh_backward_f64_avx2(const double *x, const double *dy, double *dx, size_t n);
void gelu_sigmoid_forward_f64_avx2(const double *x, double *y, size_t n);
void gelu_sigmoid_backward_f64_avx2(const double *x, const double *dy, double *dx, size_t n);
void gelu_relu_forward_f64_avx2(const double *x, double *y, size_t n);
void gelu_relu_backward_f64_avx2(const double *x, const double *dy, double *dx, size_t n);

#endif /* GELU_KERNELS_X86_H */
