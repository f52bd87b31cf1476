/* gelu_erf_forward_neon.c -- GELU_ERF forward on float, AArch64 NEON.
 *
 * The method of src/scalar/gelu_erf_f32.c, 4 lanes at a time: the float fast path
 * (gelu_f32_pieces_neon.h: tables by gelu_lookup32_neon.h, vfmaq_f32 = fmaf) on every lane;
 * vectors with a lane outside [-3.5, 4] (NaN, inf included) go out of line, where those
 * lanes get the portable gelu_erf_forward_f32_element.  The same operations per lane as
 * the portable kernel: the same bits. */
#include <arm_neon.h>

#include "arm/gelu_f32_loop_neon.h"
#include "arm/gelu_f32_pieces_neon.h"
#include "arm/kernels_arm.h"
#include "scalar/gelu_erf_f32_forward.h"

GELU_NEON_RARE_LANES(erf_rare4, gelu_erf_forward_f32_element)

static inline float32x4_t erf_forward4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgeq_f32(x, vdupq_n_f32(GELU_ERF_F32_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(GELU_ERF_F32_FAST_HI)));
    float32x4_t y = gelu_f32_pieces_times_x_neon(x, &gelu_erf_f32_pieces);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) y = erf_rare4(x, y, fast);
    return y;
}

GELU_NEON_FORWARD_LOOP(gelu_erf_forward_f32_neon, erf_forward4)
