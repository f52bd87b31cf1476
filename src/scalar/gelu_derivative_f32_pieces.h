/* gelu_derivative_f32_pieces.h -- the fast path of an f32 derivative f'(x) on 32 float
 * pieces of width 1/4 with f' = (x - x0) P near its zero x0: the method of
 * src/scalar/gelu_erf_f32_derivative.h (derivation: research/fast_erf_derivative_f32),
 * written once for any table of that shape: the GELU_ERF, GELU_TANH and GELU_SIGMOID
 * derivatives (tables: tools/fit/fit_erf_derivative_f32.py,
 * tools/fit/fit_logistic_derivative_f32.py).
 *
 *   P = Ph + Pl by gelu_f32_pieces.h (degree 6, index k & 31 with k = round(4x));
 *   d = x - x0 as dh + dl exactly (w = x - x0h exact on the d-form pieces, dh = fma(w, DA, DB),
 *   dl the Fast2Sum error); y = fma(dh, Ph, fma(dh, Pl, fma(dl, Ph, DK))).  On the plain
 *   pieces DA = 0, DB = 1, DK = 0 give dh = 1, dl = 0: y = Ph + Pl, rounded once. */
#ifndef GELU_DERIVATIVE_F32_PIECES_H
#define GELU_DERIVATIVE_F32_PIECES_H

#include <math.h>
#include <stdint.h>

#include "scalar/gelu_f32_pieces.h"
#include "scalar/special_values.h"

typedef struct gelu_derivative_f32_pieces {
    float c0h[32], c0l[32], c1h[32], c1l[32];
    float c[5][32];        /* c2 .. c6 */
    float da[32], db[32], dk[32];
    float x0h, x0l;        /* the zero of f' as a float pair */
    float dform_k;         /* DK of the d-form pieces: -(x0 - x0h - x0l) f''(x0) */
    float dform_lo, dform_hi; /* the d-form pieces are exactly dform_lo <= x <= dform_hi */
} gelu_derivative_f32_pieces;

extern const gelu_derivative_f32_pieces gelu_erf_derivative_f32_pieces;
extern const gelu_derivative_f32_pieces gelu_tanh_derivative_f32_pieces;
extern const gelu_derivative_f32_pieces gelu_sigmoid_derivative_f32_pieces;

/* Their polynomial tables in the form gelu_f32_pieces_eval takes. */
#define GELU_DERIVATIVE_F32_POLY(T)                                                          \
    {(T).c0h, (T).c0l, (T).c1h, (T).c1l, {(T).c[4], (T).c[3], (T).c[2], (T).c[1], (T).c[0]}, 5}
static const gelu_f32_pieces_ref gelu_erf_derivative_f32_poly =
    GELU_DERIVATIVE_F32_POLY(gelu_erf_derivative_f32_pieces);
static const gelu_f32_pieces_ref gelu_tanh_derivative_f32_poly =
    GELU_DERIVATIVE_F32_POLY(gelu_tanh_derivative_f32_pieces);
static const gelu_f32_pieces_ref gelu_sigmoid_derivative_f32_poly =
    GELU_DERIVATIVE_F32_POLY(gelu_sigmoid_derivative_f32_pieces);

/* P: T's polynomial tables (above). */
static inline float gelu_derivative_pieces_f32(float x, const gelu_derivative_f32_pieces *T,
                                               const gelu_f32_pieces_ref *P)
{
    float pl, ph = gelu_f32_pieces_eval(x, P, &pl);
    uint32_t i = gelu_bits_f32(fmaf(x, 4.0f, 0x1.8p23f)) & 31;
    float w = x - T->x0h;
    float dh = fmaf(w, T->da[i], T->db[i]);
    float dl = T->db[i] - fmaf(w, -T->da[i], dh);
    float c = fmaf(dl, ph, T->dk[i]);
    return fmaf(dh, ph, fmaf(dh, pl, c));
}

#endif /* GELU_DERIVATIVE_F32_PIECES_H */
