/* gelu_erf_f32_tail.h -- the float tail of the f32 GELU_ERF forward function and derivative,
 * 3.5 < |x| <= 13 outside their fast ranges (derivation: research/fast_erf_derivative_f32/
 * README.md; the forward function uses the same scheme with its own R).
 *
 *   v = exp(-y^2/2) R(y), y = |x|:  -y^2/2 = z + zl exactly (fma), k = round(z 16/ln2) =
 *   16 n + j, r = z - k ln2/16 + zl (the first product exact: a 12-bit ln2/16 head),
 *   exp(r) = 1 + el (degree 5), 2^(j/16) and R(y) (pieces of width 1/2, degree 5, c0 and c1
 *   as pairs) as float pairs, their product summed as a pair, one final fma with 2^n (a
 *   normal float: no result of this path is subnormal for |x| <= 13).
 *   Derivative: R(y) = -f'(-y) exp(y^2/2); f'(x) = -v (x < 0), 1 + v (x > 0).
 *   Forward:    R(y) = S(y) = y Phi(-y) exp(y^2/2); f(x) = -v (x < 0), x - v (x > 0). */
#ifndef GELU_ERF_F32_TAIL_H
#define GELU_ERF_F32_TAIL_H

#include <math.h>
#include <stdint.h>

#include "tables/gelu_erf_f32_derivative_tables.h"
#include "scalar/special_values.h"

#define GELU_ERF_F32_TAIL_HI 13.0f /* f(-13) ~ -8e-38, f'(-13) ~ -1.1e-36: still normal */

/* R's pieces, index round(2y) & 31 (entries 7 .. 27 used) */
typedef struct gelu_erf_tail_f32_table {
    float r0h[32], r0l[32], r1h[32], r1l[32];
    float r[4][32]; /* r2 .. r5 */
} gelu_erf_tail_f32_table;

extern const gelu_erf_tail_f32_table gelu_erf_derivative_tail_r_f32;
extern const gelu_erf_tail_f32_table gelu_erf_forward_tail_s_f32;

/* v = exp(-x^2/2) R(|x|) */
static inline float gelu_erf_tail_v_f32(float x, const gelu_erf_tail_f32_table *T)
{
    const float sh = 0x1.8p23f;
    float y = gelu_from_bits_f32(gelu_bits_f32(x) & 0x7fffffffu);
    float p = y * y;
    float pl = fmaf(y, y, -p);
    float z = -0.5f * p, zl = -0.5f * pl;
    float kf = fmaf(z, DERF_TL_INV, sh);
    float kd = kf - sh;
    int32_t k = (int32_t)(gelu_bits_f32(kf) - gelu_bits_f32(sh));
    float r = fmaf(kd, -DERF_TL_L1, z);
    r = fmaf(kd, -DERF_TL_L2, r);
    r = r + zl;
    float q = fmaf(r, 1.0f / 120, 1.0f / 24);
    q = fmaf(q, r, 1.0f / 6);
    q = fmaf(q, r, 0.5f);
    float el = fmaf(r * r, q, r);
    float th = DERF_TAIL_T_HI[k & 15], tl = DERF_TAIL_T_LO[k & 15];
    int32_t n = (k - (k & 15)) / 16; /* floor(k / 16), exact */
    float sc = gelu_from_bits_f32((uint32_t)(n + 127) << 23);
    float s2 = fmaf(y, 2.0f, sh);
    float u = fmaf(s2 - sh, -0.5f, y);
    uint32_t i = gelu_bits_f32(s2) & 31;
    float c = T->r[3][i];
    c = fmaf(c, u, T->r[2][i]);
    c = fmaf(c, u, T->r[1][i]);
    c = fmaf(c, u, T->r[0][i]);
    c = fmaf(c, u, T->r1l[i]);
    float lo = fmaf(c, u, T->r0l[i]);
    float rh = fmaf(T->r1h[i], u, T->r0h[i]);
    float rl = fmaf(T->r1h[i], u, T->r0h[i] - rh) + lo;
    float ah = th * rh;
    float b = fmaf(th, rh, -ah);
    b = fmaf(tl, rh, b);
    b = fmaf(th, rl, b);
    float low = fmaf(ah, el, fmaf(b, el, b));
    return fmaf(ah, sc, low * sc);
}

#endif /* GELU_ERF_F32_TAIL_H */
