/* gelu_logistic_f32_forward.h -- GELU_TANH and GELU_SIGMOID forward on one float, the
 * portable reference as inline functions (fmaf/fma only, no libm), shared by
 * src/scalar/gelu_{tanh,sigmoid}_f32.c; the AVX-512 and AVX2 kernels
 * (src/simd/gelu_f32_methods.h, every SIMD ISA) give the same bits.  Derivation and measurements:
 * research/fast_tanh_sigmoid_f32/README.md.  Error: within 1 ulp for all 2^32 inputs,
 * proven max 0.719 ulp (tanh) and 0.613 ulp (sigmoid) (`gelu verify --type f32 --isa scalar`).
 *
 * f(x) = x s(x), s = 1 / (1 + E); tanh form: E = exp(-2u), u = sqrt(2/pi)(x + 0.044715 x^3);
 * sigmoid form: E = exp(-1.702 x).
 * Fast path (float), tanh -3.5 <= x <= 4.125, sigmoid -3.875 < x <= 4.125:
 *   k = round(4x) via s = fma(x, 4, 1.5*2^23) (k & 31 = table index), u = x - k/4 exact,
 *   s(x) ~ c0 + c1 u + u^2 q(u) (degree 6 tanh, 5 sigmoid), c0, c1 float pairs:
 *     Ph = fma(c1h, u, c0h); e = fma(c1h, u, c0h - Ph) (exact: Sterbenz, c1h u / c0h in
 *     [-0.49, 0.53] on the pieces used); lo = fma(fma(q, u, c1l), u, c0l); y = fma(x, Ph, x (e + lo)).
 * NaN: quieted.  x > SAT_HI (+inf too): x.  x < SAT_LO (-inf too): -0.0.
 * Tail (float, no division), the rest (tanh [-10.8125, -3.5) and (4.125, 5], sigmoid
 *   [-63.75, -3.875] and (4.125, 10]): src/simd/gelu_logistic_tail_f32.h, the same text for
 *   every ISA (the portable instance: gelu_logistic_f32_tail.c).  z = -|Z| as a float pair
 *   (the constants as float pairs), E = exp(z) <= 1.4e-3 by k = round(16z/ln2), a 16-entry
 *   2^(j/16) table (head and relative tail), Taylor degree 4; g = E/(1 + E) = E(1 - w), w a
 *   short series; x < 0: f = x g, x > 0: f = x - x g; x g carried as an exact pair times
 *   2^(n+126), rounded once; subnormal results rounded on their grid by a -1 shift.
 *   Bound before rounding 2^-27.3 relative (0.60 ulp); measured on the tails 0.576 ulp
 *   (sigmoid), 0.583 (tanh); the maxima above are the fast path's. */
#ifndef GELU_LOGISTIC_F32_FORWARD_H
#define GELU_LOGISTIC_F32_FORWARD_H

#include <math.h>
#include <stdint.h>

#include "scalar/gelu_f32_pieces.h"
#include "tables/gelu_logistic_f32_tables.h"
#include "scalar/gelu_logistic_f32_tail.h"
#include "scalar/special_values.h"

#define GELU_TANH_F32_FAST_LO (-3.5f)
#define GELU_TANH_F32_FAST_HI 4.125f
#define GELU_SIGMOID_F32_FAST_LO (-0x1.effffep1f) /* just above -3.875, which would round to k = -16 */
#define GELU_SIGMOID_F32_FAST_HI 4.125f
/* Settled: the results below are exactly x for every x > SAT_HI, +inf included, and -0.0
 * for every x < SAT_LO, -inf included (found over every float; the SIMD loops set these
 * lanes in the register, and tests/identity_isa.c checks them against this code). */
#define GELU_TANH_F32_SAT_LO (-10.8125f)  /* -0.0 below -10.771 */
#define GELU_TANH_F32_SAT_HI 5.0f         /* x above 4.994 */
#define GELU_SIGMOID_F32_SAT_LO (-63.75f) /* -0.0 below -63.53 */
#define GELU_SIGMOID_F32_SAT_HI 10.0f     /* x above 9.899 */

static const gelu_f32_pieces_ref gelu_tanh_f32_pieces = {
    gelu_tanh_f32_fast.c0h, gelu_tanh_f32_fast.c0l, gelu_tanh_f32_fast.c1h, gelu_tanh_f32_fast.c1l,
    {gelu_tanh_f32_fast.c[4], gelu_tanh_f32_fast.c[3], gelu_tanh_f32_fast.c[2],
     gelu_tanh_f32_fast.c[1], gelu_tanh_f32_fast.c[0]}, GELU_TANH_F32_DEG - 1};
static const gelu_f32_pieces_ref gelu_sigmoid_f32_pieces = {
    gelu_sigmoid_f32_fast.c0h, gelu_sigmoid_f32_fast.c0l, gelu_sigmoid_f32_fast.c1h,
    gelu_sigmoid_f32_fast.c1l,
    {gelu_sigmoid_f32_fast.c[3], gelu_sigmoid_f32_fast.c[2], gelu_sigmoid_f32_fast.c[1],
     gelu_sigmoid_f32_fast.c[0], NULL}, GELU_SIGMOID_F32_DEG - 1};

/* f = fma(x, Ph, x Pl) with s(x) = f(x)/x ~ Ph + Pl */
static inline float gelu_logistic_fast_f32(float x, const gelu_f32_pieces_ref *P)
{
    float pl, ph = gelu_f32_pieces_eval(x, P, &pl);
    return fmaf(x, ph, x * pl);
}

/* The fast range; NaN quieted; x above SAT_HI (+inf too), -0.0 below SAT_LO (-inf too); the
 * float tail (gelu_logistic_f32_tail.h) between.  The SIMD loops classify the same way. */
static inline float gelu_tanh_forward_f32_element(float x)
{
    if (x >= GELU_TANH_F32_FAST_LO && x <= GELU_TANH_F32_FAST_HI) return gelu_logistic_fast_f32(x, &gelu_tanh_f32_pieces);
    if (gelu_isnan_f32(x)) return gelu_quiet_f32(x);
    if (x > GELU_TANH_F32_SAT_HI) return x;
    if (x < GELU_TANH_F32_SAT_LO) return -0.0f;
    return gelu_tanh_forward_tail_f32(x);
}
static inline float gelu_sigmoid_forward_f32_element(float x)
{
    if (x >= GELU_SIGMOID_F32_FAST_LO && x <= GELU_SIGMOID_F32_FAST_HI) return gelu_logistic_fast_f32(x, &gelu_sigmoid_f32_pieces);
    if (gelu_isnan_f32(x)) return gelu_quiet_f32(x);
    if (x > GELU_SIGMOID_F32_SAT_HI) return x;
    if (x < GELU_SIGMOID_F32_SAT_LO) return -0.0f;
    return gelu_sigmoid_forward_tail_f32(x);
}

#endif /* GELU_LOGISTIC_F32_FORWARD_H */
