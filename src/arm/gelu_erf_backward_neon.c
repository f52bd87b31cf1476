/* gelu_erf_backward_neon.c -- GELU_ERF backward on float, AArch64 NEON.
 *
 * f'(x) by the method of src/scalar/gelu_erf_f32_derivative.h, 4 lanes at a time: the float
 * fast path (32 pieces, d-form near the zero of f': gelu_derivative_pieces_neon.h) on every
 * lane; vectors with a lane outside -3.875 < x <= 4.125 (float tail, double slow path, NaN,
 * inf) go out of line, where those lanes get the portable gelu_erf_derivative_f32_element.
 * Then dx = dy * f'(x) with gelu_backward_product_f32's NaN rules.  The same bits as the
 * portable kernel. */
#include <arm_neon.h>

#include "arm/gelu_derivative_pieces_neon.h"
#include "arm/gelu_f32_loop_neon.h"
#include "arm/kernels_arm.h"
#include "scalar/gelu_erf_f32_derivative.h"

static inline float32x4_t erf_derivative_fast4(float32x4_t x)
{
    return gelu_derivative_pieces_neon(x, &gelu_erf_derivative_f32_pieces, &gelu_erf_derivative_f32_poly);
}

GELU_NEON_RARE_LANES(erf_derivative_rare4, gelu_erf_derivative_f32_element)

static inline float32x4_t erf_derivative4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgtq_f32(x, vdupq_n_f32(DERF_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(DERF_FAST_HI)));
    float32x4_t d = erf_derivative_fast4(x);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) d = erf_derivative_rare4(x, d, fast);
    return d;
}

GELU_NEON_BACKWARD_LOOP(gelu_erf_backward_f32_neon, erf_derivative4)
