/* proto_derf.h -- prototype GELU_ERF derivative f'(x) = Phi(x) + x phi(x) on f32: the
 * scalar reference (fmaf/fma, +, -, *, compares, bit ops only; no libm) and, in
 * proto_derf_avx512.c, an AVX-512 kernel bit-identical to it.  Build with -ffp-contract=off.
 *
 * Fast path, -3.875 < x <= 4.125 (float):
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
 *     w  = x - X0H                          (exact on [-1.125, -0.375]: Sterbenz / spacing)
 *     dh = fma(w, DA, DB) = w - X0L         (DA = 1, DB = -X0L)
 *     dl = DB - fma(w, -DA, dh)             (Fast2Sum: w = 0 or |w| >= 2^-24 > |X0L|)
 *     y  = fma(dh, Ph, fma(dh, Pl, fma(dl, Ph, DK)))   (DK = -(x0 - X0H - X0L) f''(x0))
 *   and the same formula with DA = 0, DB = 1, DK = 0 gives dh = 1, dl = 0, y = Ph + Pl on
 *   the other pieces, so one branch-free sequence serves all 32 (the AVX-512 kernel makes
 *   dh, dl and DK with a range mask instead of three table lookups: the same values).
 * Float tail, 3.875 <= |x| <= 13 outside the fast range (pd_tail): v = exp(-x^2/2) R(|x|),
 *   R(y) = y/sqrt(2 pi) - M(y), with x^2 exact as a pair, exp(r) = 1 + el, 2^(j/16) and R
 *   (degree 5 on pieces of width 1/2) as float pairs, 2^n a normal float; one final fma.
 *   f'(x) = -v for x < 0, 1 + v for x > 0 (f'(x) + f'(-x) = 1).  -DPD_NO_FLOAT_TAIL drops it.
 * Slow path, |x| > 13, NaN, inf (double; also the whole tail with -DPD_NO_FLOAT_TAIL):
 *   a = max(-|x|, -15), v = exp(h(a) - a^2/2), h(a) = ln(-f'(a)) + a^2/2 a degree-8
 *   polynomial on 16 pieces of [-15, -3]; exp by 2^(j/16) table + degree-4 Taylor;
 *   f'(x) = -v for x < 0 and 1 + v for x > 0, rounded once to float (subnormal results
 *   and the graceful underflow to -0.0 come from that one rounding). */
#ifndef PROTO_DERF_H
#define PROTO_DERF_H
#include <stdint.h>
#include <string.h>
#include <stddef.h>
#include "tables.h"
#include "tables_tail.h"

static inline uint32_t pd_bits32(float v) { uint32_t u; memcpy(&u, &v, 4); return u; }
static inline uint64_t pd_bits64(double v) { uint64_t u; memcpy(&u, &v, 8); return u; }
static inline double pd_from64(uint64_t u) { double v; memcpy(&v, &u, 8); return v; }
static inline float pd_from32(uint32_t u) { float v; memcpy(&v, &u, 4); return v; }

#define PD_FAST_LO (-3.875f) /* exclusive: round(4 * -3.875) = -16 would wrap to piece 16 */
#define PD_FAST_HI 4.125f    /* inclusive */

static inline float pd_fast(float x)
{
    const float sh = 0x1.8p23f;
    float s = __builtin_fmaf(x, 4.0f, sh);
    float kd = s - sh;
    float u = __builtin_fmaf(kd, -0.25f, x);
    uint32_t i = pd_bits32(s) & 31;
    float q = FAST_C6[i];
    q = __builtin_fmaf(q, u, FAST_C5[i]);
    q = __builtin_fmaf(q, u, FAST_C4[i]);
    q = __builtin_fmaf(q, u, FAST_C3[i]);
    q = __builtin_fmaf(q, u, FAST_C2[i]);
    q = __builtin_fmaf(q, u, FAST_C1L[i]);
    float lo = __builtin_fmaf(q, u, FAST_C0L[i]);
    float ph = __builtin_fmaf(FAST_C1H[i], u, FAST_C0H[i]);
    float e = __builtin_fmaf(FAST_C1H[i], u, FAST_C0H[i] - ph);
    float pl = e + lo;
    float w = x - X0H;
    float dh = __builtin_fmaf(w, FAST_DA[i], FAST_DB[i]);
    float dl = FAST_DB[i] - __builtin_fmaf(w, -FAST_DA[i], dh);
    float c = __builtin_fmaf(dl, ph, FAST_DK[i]);
    return __builtin_fmaf(dh, ph, __builtin_fmaf(dh, pl, c));
}

static inline float pd_slow(float xf)
{
    if (xf != xf) return xf + xf;
    double x = xf;
    double a = pd_from64(pd_bits64(x) | 0x8000000000000000ull);
    a = a > -15.0 ? a : -15.0;
    const double shd = 0x1.8p52;
    double s = __builtin_fma(a, 4.0 / 3.0, 20.0 + shd);
    uint64_t j = pd_bits64(s) & 15;
    double t = a - SLOW_MID[j];
    double g = SLOW_G8[j];
    g = __builtin_fma(g, t, SLOW_G7[j]);
    g = __builtin_fma(g, t, SLOW_G6[j]);
    g = __builtin_fma(g, t, SLOW_G5[j]);
    g = __builtin_fma(g, t, SLOW_G4[j]);
    g = __builtin_fma(g, t, SLOW_G3[j]);
    g = __builtin_fma(g, t, SLOW_G2[j]);
    g = __builtin_fma(g, t, SLOW_G1[j]);
    g = __builtin_fma(g, t, SLOW_G0[j]);
    double z = __builtin_fma(a * a, -0.5, g);
    double kf = __builtin_fma(z, INV_LN2_16, shd);
    double kd = kf - shd;
    double r = __builtin_fma(kd, -LN2_16_HI, z);
    r = __builtin_fma(kd, -LN2_16_LO, r);
    double p = 1.0 / 24;
    p = __builtin_fma(p, r, 1.0 / 6);
    p = __builtin_fma(p, r, 0.5);
    p = __builtin_fma(p, r, 1.0);
    p = __builtin_fma(p, r, 1.0);
    double e = EXP2_16[pd_bits64(kf) & 15] * p;
    int64_t n = (int64_t)kd >> 4; /* floor(kd / 16) */
    e = e * pd_from64((uint64_t)(n + 1023) << 52);
    double y = x < 0 ? -e : 1.0 + e;
    return (float)y;
}

#define PD_TAIL_HI 13.0f /* f'(-13) ~ -1.1e-36: the float tail's results stay normal */

/* Float tail, 3.875 <= y = |x| <= 13 outside the fast range: v = 2^n T_j exp(r) R(y),
 * -y^2/2 = z + zl exactly, k = round(z 16/ln2) = 16 n + j, r = z - k ln2/16 + zl,
 * exp(r) = 1 + el, T_j = 2^(j/16) and R(y) as float pairs; f' = -v or 1 + v. */
static inline float pd_tail(float x)
{
    const float sh = 0x1.8p23f;
    float y = pd_from32(pd_bits32(x) & 0x7fffffffu);
    float p = y * y;
    float pl = __builtin_fmaf(y, y, -p);
    float z = -0.5f * p, zl = -0.5f * pl;
    float kf = __builtin_fmaf(z, TL_INV, sh);
    float kd = kf - sh;
    int32_t k = (int32_t)(pd_bits32(kf) - pd_bits32(sh));
    float r = __builtin_fmaf(kd, -TL_L1, z);
    r = __builtin_fmaf(kd, -TL_L2, r);
    r = r + zl;
    float q = __builtin_fmaf(r, 1.0f / 120, 1.0f / 24);
    q = __builtin_fmaf(q, r, 1.0f / 6);
    q = __builtin_fmaf(q, r, 0.5f);
    float el = __builtin_fmaf(r * r, q, r);
    float th = TAIL_T_HI[k & 15], tl = TAIL_T_LO[k & 15];
    float sc = pd_from32((uint32_t)((k >> 4) + 127) << 23);
    float s2 = __builtin_fmaf(y, 2.0f, sh);
    float u = __builtin_fmaf(s2 - sh, -0.5f, y);
    uint32_t i = pd_bits32(s2) & 31;
    float c = TAIL_R5[i];
    c = __builtin_fmaf(c, u, TAIL_R4[i]);
    c = __builtin_fmaf(c, u, TAIL_R3[i]);
    c = __builtin_fmaf(c, u, TAIL_R2[i]);
    c = __builtin_fmaf(c, u, TAIL_R1L[i]);
    float lo = __builtin_fmaf(c, u, TAIL_R0L[i]);
    float rh = __builtin_fmaf(TAIL_R1H[i], u, TAIL_R0H[i]);
    float rl = __builtin_fmaf(TAIL_R1H[i], u, TAIL_R0H[i] - rh) + lo;
    float ah = th * rh;
    float b = __builtin_fmaf(th, rh, -ah);
    b = __builtin_fmaf(tl, rh, b);
    b = __builtin_fmaf(th, rl, b);
    float low = __builtin_fmaf(ah, el, __builtin_fmaf(b, el, b));
    float v = __builtin_fmaf(ah, sc, low * sc);
    return x < 0 ? -v : 1.0f + v;
}

static inline float pd_gelu_erf_derivative(float x)
{
    if (x > PD_FAST_LO && x <= PD_FAST_HI) return pd_fast(x);
#ifndef PD_NO_FLOAT_TAIL
    if (pd_from32(pd_bits32(x) & 0x7fffffffu) <= PD_TAIL_HI) return pd_tail(x);
#endif
    return pd_slow(x);
}

void proto_derf_scalar(const float *x, float *y, size_t n);
void proto_derf_avx512(const float *x, float *y, size_t n);
#endif
