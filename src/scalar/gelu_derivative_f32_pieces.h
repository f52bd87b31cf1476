/* gelu_derivative_f32_pieces.h -- the fast path of an f32 derivative f'(x) on 32 float
 * pieces of width 1/4 with f' = (x - x0) P near its zero x0: the method of
 * src/scalar/gelu_erf_f32_derivative.h (derivation: research/fast_erf_derivative_f32),
 * written once for any table of that shape.  Used by the GELU_TANH and GELU_SIGMOID
 * derivatives (tables: research/fast_logistic_derivative_f32/fit.py).
 *
 *   k = round(4x) from s = fma(x, 4, 1.5*2^23) (index k & 31), u = x - k/4 (exact),
 *   P(u) = c0 + c1 u + u^2 q(u), degree 6, c0 and c1 as float pairs:
 *     Ph = fma(c1h, u, c0h), e = fma(c1h, u, c0h - Ph) (exact: |1 - Ph/c0h| < 0.5),
 *     Pl = e + fma(fma(q, u, c1l), u, c0l);
 *   d = x - x0 as dh + dl exactly (w = x - x0h exact on the d-form pieces, dh = fma(w, DA, DB),
 *   dl the Fast2Sum error); y = fma(dh, Ph, fma(dh, Pl, fma(dl, Ph, DK))).  On the plain
 *   pieces DA = 0, DB = 1, DK = 0 give dh = 1, dl = 0: y = Ph + Pl, rounded once. */
#ifndef GELU_DERIVATIVE_F32_PIECES_H
#define GELU_DERIVATIVE_F32_PIECES_H

#include <math.h>
#include <stdint.h>

#include "scalar/special_values.h"

typedef struct gelu_derivative_f32_pieces {
    float c0h[32], c0l[32], c1h[32], c1l[32];
    float c[5][32];        /* c2 .. c6 */
    float da[32], db[32], dk[32];
    float x0h, x0l;        /* the zero of f' as a float pair */
    float dform_k;         /* DK of the d-form pieces: -(x0 - x0h - x0l) f''(x0) */
    float dform_lo, dform_hi; /* the d-form pieces are exactly dform_lo <= x <= dform_hi */
} gelu_derivative_f32_pieces;

static inline float gelu_derivative_pieces_f32(float x, const gelu_derivative_f32_pieces *T)
{
    const float sh = 0x1.8p23f;
    float s = fmaf(x, 4.0f, sh);
    float kd = s - sh;
    float u = fmaf(kd, -0.25f, x);
    uint32_t i = gelu_bits_f32(s) & 31;
    float q = T->c[4][i];
    q = fmaf(q, u, T->c[3][i]);
    q = fmaf(q, u, T->c[2][i]);
    q = fmaf(q, u, T->c[1][i]);
    q = fmaf(q, u, T->c[0][i]);
    q = fmaf(q, u, T->c1l[i]);
    float lo = fmaf(q, u, T->c0l[i]);
    float ph = fmaf(T->c1h[i], u, T->c0h[i]);
    float e = fmaf(T->c1h[i], u, T->c0h[i] - ph);
    float pl = e + lo;
    float w = x - T->x0h;
    float dh = fmaf(w, T->da[i], T->db[i]);
    float dl = T->db[i] - fmaf(w, -T->da[i], dh);
    float c = fmaf(dl, ph, T->dk[i]);
    return fmaf(dh, ph, fmaf(dh, pl, c));
}

extern const gelu_derivative_f32_pieces gelu_tanh_derivative_f32_pieces;
extern const gelu_derivative_f32_pieces gelu_sigmoid_derivative_f32_pieces;

#endif /* GELU_DERIVATIVE_F32_PIECES_H */
