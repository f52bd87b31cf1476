/* gelu_logistic_backward_neon.c -- GELU_TANH and GELU_SIGMOID backward on float, AArch64 NEON.
 *
 * f'(x) by the method of src/scalar/gelu_logistic_f32_derivative.h, 4 lanes at a time: the
 * float pieces (gelu_derivative_pieces_neon.h) on every lane; vectors with a lane outside
 * the fast range (NaN, inf included) go out of line, where those lanes get the portable
 * element function (its double formula).  Then dx = dy * f'(x) with
 * gelu_backward_product_f32's NaN rules.  The same bits as the portable kernels. */
#include <arm_neon.h>

#include "arm/gelu_derivative_pieces_neon.h"
#include "arm/gelu_f32_loop_neon.h"
#include "arm/kernels_arm.h"
#include "scalar/gelu_logistic_f32_derivative.h"

GELU_NEON_RARE_LANES(tanh_derivative_rare4, gelu_tanh_derivative_f32_element)
GELU_NEON_RARE_LANES(sigmoid_derivative_rare4, gelu_sigmoid_derivative_f32_element)

static inline float32x4_t tanh_derivative4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgeq_f32(x, vdupq_n_f32(GELU_TANH_F32_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(GELU_TANH_F32_FAST_HI)));
    float32x4_t d = gelu_derivative_pieces_neon(x, &gelu_tanh_derivative_f32_pieces, &gelu_tanh_derivative_f32_poly);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) d = tanh_derivative_rare4(x, d, fast);
    return d;
}

static inline float32x4_t sigmoid_derivative4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgeq_f32(x, vdupq_n_f32(GELU_SIGMOID_F32_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(GELU_SIGMOID_F32_FAST_HI)));
    float32x4_t d = gelu_derivative_pieces_neon(x, &gelu_sigmoid_derivative_f32_pieces, &gelu_sigmoid_derivative_f32_poly);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) d = sigmoid_derivative_rare4(x, d, fast);
    return d;
}

GELU_NEON_BACKWARD_LOOP(gelu_tanh_backward_f32_neon, tanh_derivative4)
GELU_NEON_BACKWARD_LOOP(gelu_sigmoid_backward_f32_neon, sigmoid_derivative4)
