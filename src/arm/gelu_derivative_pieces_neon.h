/* gelu_derivative_pieces_neon.h -- the float fast path of the f32 derivatives on 4 lanes
 * (AArch64 NEON): gelu_derivative_pieces_f32 (src/scalar/gelu_derivative_f32_pieces.h) and
 * gelu_erf_derivative_fast_f32 (src/scalar/gelu_erf_f32_derivative.h), which are one method
 * on tables of one shape, named here by a struct of pointers.  Every table, DA, DB and DK
 * included, is read by gelu_lookup32_neon.h and every fmaf is a vfmaq_f32 with the same
 * operands: the same bits as the scalar code. */
#ifndef GELU_DERIVATIVE_PIECES_NEON_H
#define GELU_DERIVATIVE_PIECES_NEON_H

#include <arm_neon.h>

#include "arm/gelu_lookup32_neon.h"

typedef struct {
    const float *c0h, *c0l, *c1h, *c1l;
    const float *c[5]; /* c2 .. c6 */
    const float *da, *db, *dk;
    float x0h;
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
    float32x4_t da = gelu_lookup32_neon(T.da, i), db = gelu_lookup32_neon(T.db, i);
    float32x4_t w = vsubq_f32(x, vdupq_n_f32(T.x0h));
    float32x4_t dh = vfmaq_f32(db, w, da);
    float32x4_t dl = vsubq_f32(db, vfmaq_f32(dh, w, vnegq_f32(da)));
    float32x4_t c = vfmaq_f32(gelu_lookup32_neon(T.dk, i), dl, ph);
    return vfmaq_f32(vfmaq_f32(c, dh, pl), dh, ph);
}

#endif /* GELU_DERIVATIVE_PIECES_NEON_H */
