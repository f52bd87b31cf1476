/* gelu_logistic_forward_neon.c -- GELU_TANH and GELU_SIGMOID forward on float, AArch64 NEON.
 *
 * The method of src/scalar/gelu_logistic_f32_forward.h, 4 lanes at a time: the float fast
 * path (gelu_f32_pieces_neon.h: tables by gelu_lookup32_neon.h, vfmaq_f32 = fmaf) on every
 * lane; vectors with a lane outside the fast range (NaN, inf included) go out of line,
 * where those lanes get the portable element function.  The same operations per lane as
 * the portable kernels: the same bits. */
#include <arm_neon.h>

#include "arm/gelu_f32_loop_neon.h"
#include "arm/gelu_f32_pieces_neon.h"
#include "arm/kernels_arm.h"
#include "scalar/gelu_logistic_f32_forward.h"

GELU_NEON_RARE_LANES(tanh_rare4, gelu_tanh_forward_f32_element)
GELU_NEON_RARE_LANES(sigmoid_rare4, gelu_sigmoid_forward_f32_element)

static inline float32x4_t tanh_forward4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgeq_f32(x, vdupq_n_f32(GELU_TANH_F32_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(GELU_TANH_F32_FAST_HI)));
    float32x4_t y = gelu_f32_pieces_times_x_neon(x, &gelu_tanh_f32_pieces);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) y = tanh_rare4(x, y, fast);
    return y;
}

static inline float32x4_t sigmoid_forward4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgeq_f32(x, vdupq_n_f32(GELU_SIGMOID_F32_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(GELU_SIGMOID_F32_FAST_HI)));
    float32x4_t y = gelu_f32_pieces_times_x_neon(x, &gelu_sigmoid_f32_pieces);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) y = sigmoid_rare4(x, y, fast);
    return y;
}

GELU_NEON_FORWARD_LOOP(gelu_tanh_forward_f32_neon, tanh_forward4)
GELU_NEON_FORWARD_LOOP(gelu_sigmoid_forward_f32_neon, sigmoid_forward4)
