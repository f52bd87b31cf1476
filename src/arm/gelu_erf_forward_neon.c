/* gelu_erf_forward_neon.c -- GELU_ERF forward on float, AArch64 NEON.
 *
 * The method of src/scalar/gelu_erf_f32.c, 4 lanes at a time: the float fast path
 * (gelu_erf_fast_f32, tables by gelu_lookup32_neon.h, vfmaq_f32 = fmaf) on every lane;
 * vectors with a lane outside [-3.5, 4] (NaN, inf included) go out of line, where those
 * lanes get the portable gelu_erf_forward_f32_element.  The same operations per lane as
 * the portable kernel: the same bits. */
#include <arm_neon.h>

#include "arm/gelu_f32_loop_neon.h"
#include "arm/gelu_lookup32_neon.h"
#include "arm/kernels_arm.h"
#include "scalar/gelu_erf_f32_forward.h"

static inline float32x4_t erf_fast4(float32x4_t x)
{
    const float32x4_t sh = vdupq_n_f32(0x1.8p23f);
    float32x4_t s = vfmaq_f32(sh, x, vdupq_n_f32(4.0f));
    float32x4_t k = vsubq_f32(s, sh);
    float32x4_t u = vfmaq_f32(x, k, vdupq_n_f32(-0.25f));
    gelu_index32_neon i = gelu_index32_neon_from(s);
    float32x4_t q = gelu_lookup32_neon(gelu_erf_f32_fast_c6, i);
    q = vfmaq_f32(gelu_lookup32_neon(gelu_erf_f32_fast_c5, i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(gelu_erf_f32_fast_c4, i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(gelu_erf_f32_fast_c3, i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(gelu_erf_f32_fast_c2, i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(gelu_erf_f32_fast_c1l, i), q, u);
    float32x4_t lo = vfmaq_f32(gelu_lookup32_neon(gelu_erf_f32_fast_c0l, i), q, u);
    float32x4_t c0h = gelu_lookup32_neon(gelu_erf_f32_fast_c0h, i);
    float32x4_t c1h = gelu_lookup32_neon(gelu_erf_f32_fast_c1h, i);
    float32x4_t ph = vfmaq_f32(c0h, c1h, u);
    float32x4_t e = vfmaq_f32(vsubq_f32(c0h, ph), c1h, u);
    float32x4_t pl = vaddq_f32(e, lo);
    return vfmaq_f32(vmulq_f32(x, pl), x, ph);
}

GELU_NEON_RARE_LANES(erf_rare4, gelu_erf_forward_f32_element)

static inline float32x4_t erf_forward4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgeq_f32(x, vdupq_n_f32(GELU_ERF_F32_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(GELU_ERF_F32_FAST_HI)));
    float32x4_t y = erf_fast4(x);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) y = erf_rare4(x, y, fast);
    return y;
}

GELU_NEON_FORWARD_LOOP(gelu_erf_forward_f32_neon, erf_forward4)
