/* gelu_erf_f32_derivative.h -- the GELU_ERF derivative f'(x) = Phi(x) + x phi(x) on f32: the
 * portable reference, as inline functions (fmaf/fma, +, -, *, compares, bit ops; no libm),
 * used by src/scalar/gelu_erf_f32.c (and for its tables and slow-path bounds by the SIMD
 * kernels); the SIMD kernels (src/simd/gelu_f32_methods.h, every ISA) give
 * the same bits.  Derivation and
 * measurements: research/fast_erf_derivative_f32/README.md.  Error: within 1 ulp for all
 * 2^32 inputs, measured max 0.741 ulp (tools/verify/verify_f32.c).
 *
 * Fast path, -3.875 < x <= 4.125 (float; gelu_derivative_f32_pieces.h, tables in
 * gelu_erf_f32_derivative_pieces.c):
 *   k = round(4x) via the shifter s = fma(x, 4, 1.5*2^23) (k & 31 = low 5 bits of s: the
 *   vpermt2ps index), u = x - k/4 (exact), P(u) = c0 + c1 u + u^2 q(u) (degree 6), c0, c1
 *   as float pairs:
 *     Ph = fma(c1h, u, c0h)                 (c0h - Ph exact: Sterbenz, |1 - Ph/c0h| <= 0.44)
 *     e  = fma(c1h, u, c0h - Ph)
 *     Pl = e + fma(fma(q, u, c1l), u, c0l)
 *   On most pieces P ~ f'(x) (DA = 0, DB = 1, DK = 0) and the result is Ph + Pl, rounded
 *   once.  On the three pieces around the zero x0 ~ -0.7518 of f' (k = -4..-2, i.e.
 *   x in [-1.125, -0.375]: the d-form) P ~ f'(x) / (x - x0), and d = x - x0 is carried
 *   exactly as dh + dl:
 *     w  = x - x0h                          (exact on [-1.125, -0.375]: Sterbenz / spacing)
 *     dh = fma(w, DA, DB) = w - x0l         (DA = 1, DB = -x0l)
 *     dl = DB - fma(w, -DA, dh)             (Fast2Sum: w = 0 or |w| >= 2^-24 > |x0l|)
 *     y  = fma(dh, Ph, fma(dh, Pl, fma(dl, Ph, DK)))   (DK = -(x0 - x0h - x0l) f''(x0))
 *   and the same formula with DA = 0, DB = 1, DK = 0 gives dh = 1, dl = 0, y = Ph + Pl on
 *   the other pieces, so one branch-free sequence serves all 32 (the SIMD kernels,
 *   src/simd/gelu_f32_methods.h, make dh, dl and DK with a range mask instead of three
 *   table lookups: the same values).
 * Float tail, 3.875 <= |x| <= 13 outside the fast range (gelu_erf_derivative_tail_f32): v = exp(-x^2/2) R(|x|),
 *   R(y) = y/sqrt(2 pi) - M(y), with x^2 exact as a pair, exp(r) = 1 + el, 2^(j/16) and R
 *   (degree 5 on pieces of width 1/2) as float pairs, 2^n a normal float; one final fma.
 *   f'(x) = -v for x < 0, 1 + v for x > 0 (f'(x) + f'(-x) = 1).
 * Slow path, |x| > 13, NaN, inf (double):
 *   a = max(-|x|, -15), v = exp(h(a) - a^2/2), h(a) = ln(-f'(a)) + a^2/2 a degree-8
 *   polynomial on 16 pieces of [-15, -3]; exp by 2^(j/16) table + degree-4 Taylor;
 *   f'(x) = -v for x < 0 and 1 + v for x > 0, rounded once to float (subnormal results
 *   and the graceful underflow to -0.0 come from that one rounding). */
#ifndef GELU_ERF_F32_DERIVATIVE_H
#define GELU_ERF_F32_DERIVATIVE_H

#include <math.h>
#include <stdint.h>

#include "scalar/gelu_derivative_f32_pieces.h"
#include "tables/gelu_erf_f32_derivative_tables.h"
#include "scalar/gelu_erf_f32_tail.h"
#include "scalar/gelu_exp_table_f64.h"
#include "scalar/special_values.h"

#define DERF_FAST_LO (-3.875f) /* exclusive: round(4 * -3.875) = -16 would wrap to piece 16 */
#define DERF_FAST_HI 4.125f    /* inclusive */
/* Settled: f' below is exactly 1 for every x > DERF_SAT_HI, +inf included, and -0.0 for
 * every x < DERF_SAT_LO, -inf included (found over every float; the SIMD loops set these
 * lanes in the register, and tests/identity_isa.c checks them against this code). */
#define DERF_SAT_LO (-14.5625f) /* -0.0 below -14.541 */
#define DERF_SAT_HI 6.0f        /* 1 above 5.9103 */

static inline float gelu_erf_derivative_fast_f32(float x)
{
    return gelu_derivative_pieces_f32(x, &gelu_erf_derivative_f32_pieces,
                                      &gelu_erf_derivative_f32_poly);
}

static inline float gelu_erf_derivative_slow_f32(float xf)
{
    if (gelu_isnan_f32(xf)) return gelu_quiet_f32(xf);
    double x = xf;
    double a = gelu_from_bits_f64(gelu_bits_f64(x) | 0x8000000000000000ull);
    a = a > -15.0 ? a : -15.0;
    const double shd = 0x1.8p52;
    double s = fma(a, 4.0 / 3.0, 20.0 + shd);
    uint64_t j = gelu_bits_f64(s) & 15;
    double t = a - DERF_SLOW_MID[j];
    double g = DERF_SLOW_G8[j];
    g = fma(g, t, DERF_SLOW_G7[j]);
    g = fma(g, t, DERF_SLOW_G6[j]);
    g = fma(g, t, DERF_SLOW_G5[j]);
    g = fma(g, t, DERF_SLOW_G4[j]);
    g = fma(g, t, DERF_SLOW_G3[j]);
    g = fma(g, t, DERF_SLOW_G2[j]);
    g = fma(g, t, DERF_SLOW_G1[j]);
    g = fma(g, t, DERF_SLOW_G0[j]);
    double z = fma(a * a, -0.5, g);
    double e = gelu_exp_table_f64(z, 0);
    double y = x < 0 ? -e : 1.0 + e;
    return (float)y;
}

static inline float gelu_erf_derivative_tail_f32(float x)
{
    float v = gelu_erf_tail_v_f32(x, &gelu_erf_derivative_tail_r_f32);
    return x < 0 ? -v : 1.0f + v;
}

static inline float gelu_erf_derivative_f32_element(float x)
{
    if (x > DERF_FAST_LO && x <= DERF_FAST_HI) return gelu_erf_derivative_fast_f32(x);
    if (gelu_from_bits_f32(gelu_bits_f32(x) & 0x7fffffffu) <= GELU_ERF_F32_TAIL_HI)
        return gelu_erf_derivative_tail_f32(x);
    return gelu_erf_derivative_slow_f32(x);
}

#endif /* GELU_ERF_F32_DERIVATIVE_H */
