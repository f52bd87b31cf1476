/* proto_ts.h -- prototype GELU_TANH and GELU_SIGMOID forward f32: scalar reference
 * (fmaf/fma only, no libm) and AVX-512 kernels, bit-identical.  Build with -ffp-contract=off.
 *
 * f(x) = x s(x), s = 1 / (1 + E); tanh form: E = exp(-2u), u = sqrt(2/pi)(x + 0.044715 x^3);
 * sigmoid form: E = exp(-1.702 x).
 * Fast path (float), tanh -3.5 <= x <= 4.125, sigmoid -3.875 < x <= 4.125:
 *   k = round(4x) via s = fma(x, 4, 1.5*2^23) (k & 31 = table index), u = x - k/4 exact,
 *   s(x) ~ c0 + c1 u + u^2 q(u) (degree 6 tanh, 5 sigmoid), c0, c1 float pairs:
 *     Ph = fma(c1h, u, c0h); e = fma(c1h, u, c0h - Ph) (exact: Sterbenz, c1h u / c0h in
 *     [-0.49, 0.53] on the pieces used); lo = fma(fma(q, u, c1l), u, c0l); y = fma(x, Ph, x (e + lo)).
 * Slow path (double), everything else incl. NaN and +-inf:
 *   a = max(x, -L) (L = 12 tanh, 70 sigmoid: beyond, |f| < 2^-160), b = min(a, L),
 *   E = exp(z(b)) by a 2^(j/16) table and a degree-5 Taylor polynomial, y = a / (1 + E)
 *   rounded once to float (graceful underflow; x = +inf gives +inf, x = -inf gives -0). */
#ifndef PROTO_TS_H
#define PROTO_TS_H
#include <math.h> /* fmaf, fma declarations only (hardware fma) */
#include <stdint.h>
#include <string.h>
#include <stddef.h>
#include "tables.h"

static inline uint32_t pt_bits32(float v) { uint32_t u; memcpy(&u, &v, 4); return u; }
static inline uint64_t pt_bits64(double v) { uint64_t u; memcpy(&u, &v, 8); return u; }
static inline double pt_from64(uint64_t u) { double v; memcpy(&v, &u, 8); return v; }

#define PT_TANH_LO (-3.5f)
#define PT_TANH_HI 4.125f
#define PT_SIGMOID_LO (-0x1.effffep1f) /* just above -3.875, which would round to k = -16 */
#define PT_SIGMOID_HI 4.125f
#define PT_TANH_L 12.0
#define PT_SIGMOID_L 70.0
#define PT_SQRT_2_OVER_PI 0x1.9884533d43651p-1 /* sqrt(2/pi) */
#define PT_TANH_CUBIC 0x1.6e4e26d4801f7p-5    /* 0.044715 */
#define PT_SIGMOID_SCALE 0x1.b3b645a1cac08p0  /* 1.702 */

static inline float pt_fast(float x, const pt_fast_tab *T, int deg)
{
    const float sh = 0x1.8p23f;
    float s = fmaf(x, 4.0f, sh);
    float kd = s - sh;
    float u = fmaf(kd, -0.25f, x);
    uint32_t i = pt_bits32(s) & 31;
    float q = T->c[deg - 2][i];
#pragma GCC unroll 8
    for (int j = deg - 3; j >= 0; j--) q = fmaf(q, u, T->c[j][i]);
    q = fmaf(q, u, T->c1l[i]);
    float lo = fmaf(q, u, T->c0l[i]);
    float ph = fmaf(T->c1h[i], u, T->c0h[i]);
    float e = fmaf(T->c1h[i], u, T->c0h[i] - ph);
    float pl = e + lo;
    return fmaf(x, ph, x * pl);
}

/* exp(z) for |z| <= 150, relative error ~2^-50. */
static inline double pt_exp(double z)
{
    const double shd = 0x1.8p52;
    double kf = fma(z, PT_INV_LN2_16, shd);
    double kd = kf - shd;
    double r = fma(kd, -PT_LN2_16_HI, z);
    r = fma(kd, -PT_LN2_16_LO, r);
    double p = 1.0 / 120;
    p = fma(p, r, 1.0 / 24);
    p = fma(p, r, 1.0 / 6);
    p = fma(p, r, 0.5);
    p = fma(p, r, 1.0);
    p = fma(p, r, 1.0);
    double e = PT_EXP2_16[pt_bits64(kf) & 15] * p;
    int64_t n = (int64_t)kd >> 4; /* floor(kd / 16) */
    return e * pt_from64((uint64_t)(n + 1023) << 52);
}

/* tanh = 1: tanh form, 0: sigmoid form */
static inline float pt_slow(float xf, int tanh)
{
    if (xf != xf) return xf + xf;
    double x = xf, L = tanh ? PT_TANH_L : PT_SIGMOID_L;
    double a = x > -L ? x : -L;
    double b = a < L ? a : L;
    double z;
    if (tanh) z = (-2.0 * PT_SQRT_2_OVER_PI) * (b * fma(PT_TANH_CUBIC, b * b, 1.0));
    else z = (-PT_SIGMOID_SCALE) * b;
    double E = pt_exp(z);
    return (float)(a / (1.0 + E));
}

static inline float pt_gelu_tanh(float x)
{
    if (x >= PT_TANH_LO && x <= PT_TANH_HI) return pt_fast(x, &PT_FAST_TANH, PT_TANH_DEG);
    return pt_slow(x, 1);
}
static inline float pt_gelu_sigmoid(float x)
{
    if (x >= PT_SIGMOID_LO && x <= PT_SIGMOID_HI) return pt_fast(x, &PT_FAST_SIGMOID, PT_SIGMOID_DEG);
    return pt_slow(x, 0);
}

void proto_tanh_scalar(const float *x, float *y, size_t n);
void proto_tanh_avx512(const float *x, float *y, size_t n);
void proto_sigmoid_scalar(const float *x, float *y, size_t n);
void proto_sigmoid_avx512(const float *x, float *y, size_t n);
#endif
