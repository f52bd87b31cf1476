/* proto_erf.h -- prototype GELU_ERF forward f32: scalar reference (fmaf/fma only) and
 * AVX-512 kernel, bit-identical.  Build with -ffp-contract=off.
 *
 * Fast path, -3.5 <= x <= 4 (float):
 *   k = round(4x) via the shifter s = fma(x, 4, 1.5*2^23) (k & 31 = low 5 bits of s: the
 *   vpermt2ps index), u = x - k/4 (exact), Phi(x) ~ c0 + c1 u + u^2 q(u) (degree 6) with
 *   c0, c1 as float pairs (hi + lo):
 *     Ph = fma(c1h, u, c0h)                 (one rounding)
 *     e  = fma(c1h, u, c0h - Ph)            (c0h - Ph exact: Sterbenz, |c1h u| <= c0h/2)
 *     lo = fma(fma(q, u, c1l), u, c0l)      (small: <= 0.15 Phi)
 *     Pl = e + lo
 *     y  = fma(x, Ph, x * Pl)               (x * Ph exact inside the fma)
 * Slow path, x < -3.5, x > 4, NaN (double):
 *   a = max(-|x|, -15), Q = Phi(a) = exp(g(a) - a^2/2), g(a) = ln Phi(a) + a^2/2 a degree-5
 *   polynomial on 16 pieces of [-15, -3]; exp by 2^(j/16) table + degree-4 Taylor;
 *   y = x < 0 ? a Q : x + a Q, rounded once to float. */
#ifndef PROTO_ERF_H
#define PROTO_ERF_H
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <stddef.h>
#include "tables.h"

static inline uint32_t pe_bits32(float v) { uint32_t u; memcpy(&u, &v, 4); return u; }
static inline uint64_t pe_bits64(double v) { uint64_t u; memcpy(&u, &v, 8); return u; }
static inline double pe_from64(uint64_t u) { double v; memcpy(&v, &u, 8); return v; }

#define PE_FAST_LO (-3.5f)
#define PE_FAST_HI 4.0f

static inline float pe_fast(float x)
{
    const float sh = 0x1.8p23f;
    float s = fmaf(x, 4.0f, sh);
    float kd = s - sh;
    float u = fmaf(kd, -0.25f, x);
    uint32_t i = pe_bits32(s) & 31;
    float q = FAST_C6[i];
    q = fmaf(q, u, FAST_C5[i]);
    q = fmaf(q, u, FAST_C4[i]);
    q = fmaf(q, u, FAST_C3[i]);
    q = fmaf(q, u, FAST_C2[i]);
    q = fmaf(q, u, FAST_C1L[i]);
    float lo = fmaf(q, u, FAST_C0L[i]);
    float ph = fmaf(FAST_C1H[i], u, FAST_C0H[i]);
    float e = fmaf(FAST_C1H[i], u, FAST_C0H[i] - ph);
    float pl = e + lo;
    return fmaf(x, ph, x * pl);
}

static inline float pe_slow(float xf)
{
    if (xf != xf) return xf + xf;
    double x = xf;
    double a = pe_from64(pe_bits64(x) | 0x8000000000000000ull);
    a = a > -15.0 ? a : -15.0;
    const double shd = 0x1.8p52;
    double s = fma(a, 4.0 / 3.0, 20.0 + shd);
    uint64_t j = pe_bits64(s) & 15;
    double t = a - SLOW_MID[j];
    double g = SLOW_G5[j];
    g = fma(g, t, SLOW_G4[j]);
    g = fma(g, t, SLOW_G3[j]);
    g = fma(g, t, SLOW_G2[j]);
    g = fma(g, t, SLOW_G1[j]);
    g = fma(g, t, SLOW_G0[j]);
    double z = fma(a * a, -0.5, g);
    double kf = fma(z, INV_LN2_16, shd);
    double kd = kf - shd;
    double r = fma(kd, -LN2_16_HI, z);
    r = fma(kd, -LN2_16_LO, r);
    double p = 1.0 / 24;
    p = fma(p, r, 1.0 / 6);
    p = fma(p, r, 0.5);
    p = fma(p, r, 1.0);
    p = fma(p, r, 1.0);
    double e = EXP2_16[pe_bits64(kf) & 15] * p;
    int64_t n = (int64_t)kd >> 4; /* floor(kd / 16) */
    e = e * pe_from64((uint64_t)(n + 1023) << 52);
    double v = a * e;
    double y = x < 0 ? v : x + v;
    return (float)y;
}

static inline float pe_gelu_erf(float x)
{
    if (x >= PE_FAST_LO && x <= PE_FAST_HI) return pe_fast(x);
    return pe_slow(x);
}

void proto_erf_scalar(const float *x, float *y, size_t n);
void proto_erf_avx512(const float *x, float *y, size_t n);
#endif
