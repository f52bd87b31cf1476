/* table.c -- the portable kernels as one dispatch table, indexed by gelu_fn. */
#include "kernels.h"

const gelu_kernel_table gelu_scalar_kernels = {
    .isa = "scalar",
    .forward_f32 = {gelu_erf_forward_f32_scalar, gelu_tanh_forward_f32_scalar,
                    gelu_sigmoid_forward_f32_scalar, relu_forward_f32_scalar},
    .forward_f64 = {gelu_erf_forward_f64_scalar, gelu_tanh_forward_f64_scalar,
                    gelu_sigmoid_forward_f64_scalar, relu_forward_f64_scalar},
    .forward_cr_f32 = {gelu_erf_forward_cr_f32_scalar, gelu_tanh_forward_cr_f32_scalar,
                       gelu_sigmoid_forward_cr_f32_scalar, relu_forward_f32_scalar},
    .backward_f32 = {gelu_erf_backward_f32_scalar, gelu_tanh_backward_f32_scalar,
                     gelu_sigmoid_backward_f32_scalar, relu_backward_f32_scalar},
    .backward_f64 = {gelu_erf_backward_f64_scalar, gelu_tanh_backward_f64_scalar,
                     gelu_sigmoid_backward_f64_scalar, relu_backward_f64_scalar},
    .vec = &gelu_vector_ops_scalar,
};
