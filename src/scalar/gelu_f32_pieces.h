/* gelu_f32_pieces.h -- the piece polynomial shared by the f32 float methods (GELU_ERF
 * forward and derivative, GELU_TANH and GELU_SIGMOID forward and derivative), in one place.
 *
 * 32 pieces of width 1/4: k = round(4x) from s = fma(x, 4, 1.5*2^23) (index k & 31 = the low
 * 5 bits of s), u = x - k/4 (exact), P(u) = c0 + c1 u + u^2 q(u) with c0 and c1 as float
 * pairs and q by Horner from the highest coefficient:
 *   q  = Horner(hi_to_lo, u); lo = fma(fma(q, u, c1l), u, c0l)
 *   Ph = fma(c1h, u, c0h); e = fma(c1h, u, c0h - Ph)   (exact where |1 - Ph/c0h| <= 1/2)
 *   Pl = e + lo.
 * The caller combines Ph and Pl (x Ph + x Pl for f = x P, Ph + Pl, or the d-form of
 * gelu_derivative_f32_pieces.h). */
#ifndef GELU_F32_PIECES_H
#define GELU_F32_PIECES_H

#include <math.h>
#include <stdint.h>

#include "scalar/special_values.h"

/* One method's tables: c0h, c0l, c1h, c1l and the coefficients of degree 2 and up,
 * highest first (nq of them). */
typedef struct gelu_f32_pieces_ref {
    const float *c0h, *c0l, *c1h, *c1l;
    const float *hi_to_lo[5];
    int nq;
} gelu_f32_pieces_ref;

/* Returns Ph, sets *pl, and *lo_out (the low part without e) and *idx (the piece index). */
static inline float gelu_f32_pieces_eval_lo(float x, const gelu_f32_pieces_ref *P, float *pl,
                                            float *lo_out, uint32_t *idx)
{
    const float sh = 0x1.8p23f;
    float s = fmaf(x, 4.0f, sh);
    float kd = s - sh;
    float u = fmaf(kd, -0.25f, x);
    uint32_t i = gelu_bits_f32(s) & 31;
    float q = P->hi_to_lo[0][i];
    for (int j = 1; j < P->nq; j++) q = fmaf(q, u, P->hi_to_lo[j][i]);
    q = fmaf(q, u, P->c1l[i]);
    float lo = fmaf(q, u, P->c0l[i]);
    float ph = fmaf(P->c1h[i], u, P->c0h[i]);
    float e = fmaf(P->c1h[i], u, P->c0h[i] - ph);
    *pl = e + lo;
    *lo_out = lo;
    *idx = i;
    return ph;
}

/* Returns Ph, sets *pl. */
static inline float gelu_f32_pieces_eval(float x, const gelu_f32_pieces_ref *P, float *pl)
{
    float lo;
    uint32_t i;
    return gelu_f32_pieces_eval_lo(x, P, pl, &lo, &i);
}

#endif /* GELU_F32_PIECES_H */
