/* gelu_f32_pieces_neon.h -- gelu_f32_pieces_eval (src/scalar/gelu_f32_pieces.h) on 4 float
 * lanes (AArch64 NEON): the tables read by gelu_lookup32_neon.h, every fmaf a vfmaq_f32
 * with the same operands, so the same bits. */
#ifndef GELU_F32_PIECES_NEON_H
#define GELU_F32_PIECES_NEON_H

#include <arm_neon.h>

#include "arm/gelu_lookup32_neon.h"
#include "scalar/gelu_f32_pieces.h"

/* Returns Ph, sets *pl, *lo_out (the low part without e) and *ix_out (the index). */
static inline __attribute__((always_inline)) float32x4_t
gelu_f32_pieces_lo_neon(float32x4_t x, const gelu_f32_pieces_ref *P, float32x4_t *pl,
                        float32x4_t *lo_out, gelu_index32_neon *ix_out)
{
    const float32x4_t sh = vdupq_n_f32(0x1.8p23f);
    float32x4_t s = vfmaq_f32(sh, x, vdupq_n_f32(4.0f));
    float32x4_t kd = vsubq_f32(s, sh);
    float32x4_t u = vfmaq_f32(x, kd, vdupq_n_f32(-0.25f));
    gelu_index32_neon i = gelu_index32_neon_from(s);
    float32x4_t q = gelu_lookup32_neon(P->hi_to_lo[0], i);
    for (int j = 1; j < P->nq; j++) q = vfmaq_f32(gelu_lookup32_neon(P->hi_to_lo[j], i), q, u);
    q = vfmaq_f32(gelu_lookup32_neon(P->c1l, i), q, u);
    float32x4_t lo = vfmaq_f32(gelu_lookup32_neon(P->c0l, i), q, u);
    float32x4_t c0h = gelu_lookup32_neon(P->c0h, i), c1h = gelu_lookup32_neon(P->c1h, i);
    float32x4_t ph = vfmaq_f32(c0h, c1h, u);
    float32x4_t e = vfmaq_f32(vsubq_f32(c0h, ph), c1h, u);
    *pl = vaddq_f32(e, lo);
    *lo_out = lo;
    *ix_out = i;
    return ph;
}

/* Returns Ph, sets *pl. */
static inline __attribute__((always_inline)) float32x4_t
gelu_f32_pieces_neon(float32x4_t x, const gelu_f32_pieces_ref *P, float32x4_t *pl)
{
    float32x4_t lo;
    gelu_index32_neon i;
    return gelu_f32_pieces_lo_neon(x, P, pl, &lo, &i);
}

/* x Ph + x Pl as fma(x, Ph, x Pl): the forward methods' f = x P. */
static inline __attribute__((always_inline)) float32x4_t
gelu_f32_pieces_times_x_neon(float32x4_t x, const gelu_f32_pieces_ref *P)
{
    float32x4_t pl, ph = gelu_f32_pieces_neon(x, P, &pl);
    return vfmaq_f32(vmulq_f32(x, pl), x, ph);
}

#endif /* GELU_F32_PIECES_NEON_H */
