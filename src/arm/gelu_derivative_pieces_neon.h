/* gelu_derivative_pieces_neon.h -- the float fast path of the f32 derivatives on 4 lanes
 * (AArch64 NEON): gelu_derivative_pieces_f32 (src/scalar/gelu_derivative_f32_pieces.h) and
 * gelu_erf_derivative_fast_f32 (src/scalar/gelu_erf_f32_derivative.h), which are one method
 * on tables of one shape, named here by a struct of pointers.  The coefficient tables are
 * read by gelu_lookup32_neon.h and every fmaf is a vfmaq_f32 with the same operands.  DA,
 * DB and DK take two values each: the d-form lanes (dform_lo <= x <= dform_hi, exactly the
 * pieces whose DA is 1, as in the AVX-512 kernels) get dh = w - x0l, dl = -x0l - (dh - w),
 * DK = dform_k from one range mask, the others dh = 1, dl = +0, c = +0, which is what
 * fmaf(w, 0, 1), 1 - fmaf(w, -0, 1) and fmaf(+0, ph, +0) give: the same bits as the scalar
 * code, without three more table reads. */
#ifndef GELU_DERIVATIVE_PIECES_NEON_H
#define GELU_DERIVATIVE_PIECES_NEON_H

#include <arm_neon.h>
#include <stdint.h>

#include "arm/gelu_lookup32_neon.h"

typedef struct {
    const float *c0h, *c0l, *c1h, *c1l;
    const float *c[5]; /* c2 .. c6 */
    float x0h, x0l, dform_k, dform_lo, dform_hi;
} gelu_pieces_neon;

static inline float32x4_t gelu_derivative_pieces_neon(float32x4_t x, gelu_pieces_neon T)
{
    const float32x4_t sh = vdupq_n_f32(0x1.8p23f);
    float32x4_t s = vfmaq_f32(sh, x, vdupq_n_f32(4.0f));
    float32x4_t kd = vsubq_f32(s, sh);
    float32x4_t u = vfmaq_f32(x, kd, vdupq_n_f32(-0.25f));
    gelu_index32_neon i = gelu_index32_neon_from(s);
    float32x4_t q = gelu_lookup32_neon(T.c[4], i);
    q = vfmaq_f32(gelu_lookup32_neon(T.c[3], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(T.c[2], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(T.c[1], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(T.c[0], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(T.c1l, i), q, u);
    float32x4_t lo = vfmaq_f32(gelu_lookup32_neon(T.c0l, i), q, u);
    float32x4_t c0h = gelu_lookup32_neon(T.c0h, i), c1h = gelu_lookup32_neon(T.c1h, i);
    float32x4_t ph = vfmaq_f32(c0h, c1h, u);
    float32x4_t e = vfmaq_f32(vsubq_f32(c0h, ph), c1h, u);
    float32x4_t pl = vaddq_f32(e, lo);
    uint32x4_t md = vandq_u32(vcgeq_f32(x, vdupq_n_f32(T.dform_lo)),
                              vcleq_f32(x, vdupq_n_f32(T.dform_hi)));
    float32x4_t w = vsubq_f32(x, vdupq_n_f32(T.x0h));
    float32x4_t dh = vbslq_f32(md, vsubq_f32(w, vdupq_n_f32(T.x0l)), vdupq_n_f32(1.0f));
    float32x4_t dl = vsubq_f32(vdupq_n_f32(-T.x0l), vsubq_f32(dh, w));
    dl = vreinterpretq_f32_u32(vandq_u32(md, vreinterpretq_u32_f32(dl)));
    float32x4_t c = vfmaq_f32(vdupq_n_f32(T.dform_k), dl, ph);
    c = vreinterpretq_f32_u32(vandq_u32(md, vreinterpretq_u32_f32(c)));
    return vfmaq_f32(vfmaq_f32(c, dh, pl), dh, ph);
}

#endif /* GELU_DERIVATIVE_PIECES_NEON_H */
