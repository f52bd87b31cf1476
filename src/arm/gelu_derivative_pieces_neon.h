/* gelu_derivative_pieces_neon.h -- the float fast path of the f32 derivatives on 4 lanes
 * (AArch64 NEON): gelu_derivative_pieces_f32 (src/scalar/gelu_derivative_f32_pieces.h),
 * the polynomial by gelu_f32_pieces_neon.h.  DA,
 * DB and DK take two values each: the d-form lanes (dform_lo <= x <= dform_hi, exactly the
 * pieces whose DA is 1, as in the AVX-512 kernels) get dh = w - x0l, dl = -x0l - (dh - w),
 * DK = dform_k from one range mask, the others dh = 1, dl = +0, c = +0, which is what
 * fmaf(w, 0, 1), 1 - fmaf(w, -0, 1) and fmaf(+0, ph, +0) give: the same bits as the scalar
 * code, without three more table reads. */
#ifndef GELU_DERIVATIVE_PIECES_NEON_H
#define GELU_DERIVATIVE_PIECES_NEON_H

#include <arm_neon.h>
#include <stdint.h>

#include "arm/gelu_f32_pieces_neon.h"
#include "scalar/gelu_derivative_f32_pieces.h"

/* P: T's polynomial tables (gelu_derivative_f32_pieces.h). */
static inline __attribute__((always_inline)) float32x4_t
gelu_derivative_pieces_neon(float32x4_t x, const gelu_derivative_f32_pieces *T, const gelu_f32_pieces_ref *P)
{
    float32x4_t pl, ph = gelu_f32_pieces_neon(x, P, &pl);
    uint32x4_t md = vandq_u32(vcgeq_f32(x, vdupq_n_f32(T->dform_lo)),
                              vcleq_f32(x, vdupq_n_f32(T->dform_hi)));
    float32x4_t w = vsubq_f32(x, vdupq_n_f32(T->x0h));
    float32x4_t dh = vbslq_f32(md, vsubq_f32(w, vdupq_n_f32(T->x0l)), vdupq_n_f32(1.0f));
    float32x4_t dl = vsubq_f32(vdupq_n_f32(-T->x0l), vsubq_f32(dh, w));
    dl = vreinterpretq_f32_u32(vandq_u32(md, vreinterpretq_u32_f32(dl)));
    float32x4_t c = vfmaq_f32(vdupq_n_f32(T->dform_k), dl, ph);
    c = vreinterpretq_f32_u32(vandq_u32(md, vreinterpretq_u32_f32(c)));
    return vfmaq_f32(vfmaq_f32(c, dh, pl), dh, ph);
}

#endif /* GELU_DERIVATIVE_PIECES_NEON_H */
