/* gelu_logistic_forward_neon.c -- GELU_TANH and GELU_SIGMOID forward on float, AArch64 NEON.
 *
 * The method of src/scalar/gelu_logistic_f32_forward.h, 4 lanes at a time: the float fast
 * path (gelu_logistic_fast_f32, tables by gelu_lookup32_neon.h, vfmaq_f32 = fmaf) on every
 * lane; vectors with a lane outside the fast range (NaN, inf included) go out of line,
 * where those lanes get the portable element function.  The same operations per lane as
 * the portable kernels: the same bits. */
#include <arm_neon.h>

#include "arm/gelu_f32_loop_neon.h"
#include "arm/gelu_lookup32_neon.h"
#include "arm/kernels_arm.h"
#include "scalar/gelu_logistic_f32_forward.h"

/* deg: 6 (tanh) or 5 (sigmoid), a constant after inlining */
static inline float32x4_t logistic_fast4(float32x4_t x, const gelu_logistic_f32_table *T, int deg)
{
    const float32x4_t sh = vdupq_n_f32(0x1.8p23f);
    float32x4_t s = vfmaq_f32(sh, x, vdupq_n_f32(4.0f));
    float32x4_t k = vsubq_f32(s, sh);
    float32x4_t u = vfmaq_f32(x, k, vdupq_n_f32(-0.25f));
    gelu_index32_neon i = gelu_index32_neon_from(s);
    float32x4_t q = gelu_lookup32_neon(T->c[deg - 2], i);
    if (deg > 5) q = vfmaq_f32(gelu_lookup32_neon(T->c[3], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(T->c[2], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(T->c[1], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(T->c[0], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(T->c1l, i), q, u);
    float32x4_t lo = vfmaq_f32(gelu_lookup32_neon(T->c0l, i), q, u);
    float32x4_t c0h = gelu_lookup32_neon(T->c0h, i), c1h = gelu_lookup32_neon(T->c1h, i);
    float32x4_t ph = vfmaq_f32(c0h, c1h, u);
    float32x4_t e = vfmaq_f32(vsubq_f32(c0h, ph), c1h, u);
    float32x4_t pl = vaddq_f32(e, lo);
    return vfmaq_f32(vmulq_f32(x, pl), x, ph);
}

GELU_NEON_RARE_LANES(tanh_rare4, gelu_tanh_forward_f32_element)
GELU_NEON_RARE_LANES(sigmoid_rare4, gelu_sigmoid_forward_f32_element)

static inline float32x4_t tanh_forward4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgeq_f32(x, vdupq_n_f32(GELU_TANH_F32_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(GELU_TANH_F32_FAST_HI)));
    float32x4_t y = logistic_fast4(x, &gelu_tanh_f32_fast, GELU_TANH_F32_DEG);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) y = tanh_rare4(x, y, fast);
    return y;
}

static inline float32x4_t sigmoid_forward4(float32x4_t x)
{
    uint32x4_t fast = vandq_u32(vcgeq_f32(x, vdupq_n_f32(GELU_SIGMOID_F32_FAST_LO)),
                                vcleq_f32(x, vdupq_n_f32(GELU_SIGMOID_F32_FAST_HI)));
    float32x4_t y = logistic_fast4(x, &gelu_sigmoid_f32_fast, GELU_SIGMOID_F32_DEG);
    if (__builtin_expect(!gelu_all_neon(fast), 0)) y = sigmoid_rare4(x, y, fast);
    return y;
}

GELU_NEON_FORWARD_LOOP(gelu_tanh_forward_f32_neon, tanh_forward4)
GELU_NEON_FORWARD_LOOP(gelu_sigmoid_forward_f32_neon, sigmoid_forward4)
