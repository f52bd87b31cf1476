/* gelu_erf_f32_forward.h -- GELU_ERF forward on one float: the method of
 * src/scalar/gelu_erf_f32.c (see there), as inline functions.  fmaf and fma are correctly
 * rounded wherever they run; the SIMD kernels (src/x86/gelu_erf_forward_{avx512,avx2}.c)
 * do the same operations lane by lane and give the same bits. */
#ifndef GELU_ERF_F32_FORWARD_H
#define GELU_ERF_F32_FORWARD_H

#include <math.h>
#include <stdint.h>

#include "scalar/gelu_erf_f32_tables.h"
#include "scalar/gelu_exp_table_f64.h"
#include "scalar/special_values.h"

#define GELU_ERF_F32_FAST_LO (-3.5f)
#define GELU_ERF_F32_FAST_HI 4.0f

static inline float gelu_erf_fast_f32(float x)
{
    const float shifter = 0x1.8p23f;
    float s = fmaf(x, 4.0f, shifter);
    float k = s - shifter;
    float u = fmaf(k, -0.25f, x); /* exact */
    uint32_t i = gelu_bits_f32(s) & 31;
    float q = gelu_erf_f32_fast_c6[i];
    q = fmaf(q, u, gelu_erf_f32_fast_c5[i]);
    q = fmaf(q, u, gelu_erf_f32_fast_c4[i]);
    q = fmaf(q, u, gelu_erf_f32_fast_c3[i]);
    q = fmaf(q, u, gelu_erf_f32_fast_c2[i]);
    q = fmaf(q, u, gelu_erf_f32_fast_c1l[i]);
    float lo = fmaf(q, u, gelu_erf_f32_fast_c0l[i]);
    float ph = fmaf(gelu_erf_f32_fast_c1h[i], u, gelu_erf_f32_fast_c0h[i]);
    float e = fmaf(gelu_erf_f32_fast_c1h[i], u, gelu_erf_f32_fast_c0h[i] - ph);
    float pl = e + lo;
    return fmaf(x, ph, x * pl);
}

/* x outside [-3.5, 4], not NaN. */
static inline float gelu_erf_slow_f32(float xf)
{
    const double shifter = 0x1.8p52;
    double x = xf;
    double a = x < 0 ? x : -x;
    a = a > -15.0 ? a : -15.0;
    double s = fma(a, 4.0 / 3.0, 20.0 + shifter);
    uint64_t j = gelu_bits_f64(s) & 15;
    double t = a - gelu_erf_f32_slow_mid[j];
    double g = gelu_erf_f32_slow_g5[j];
    g = fma(g, t, gelu_erf_f32_slow_g4[j]);
    g = fma(g, t, gelu_erf_f32_slow_g3[j]);
    g = fma(g, t, gelu_erf_f32_slow_g2[j]);
    g = fma(g, t, gelu_erf_f32_slow_g1[j]);
    g = fma(g, t, gelu_erf_f32_slow_g0[j]);
    double z = fma(a * a, -0.5, g); /* ln Phi(a) */
    double e = gelu_exp_table_f64(z, 0); /* Phi(a) */
    double v = a * e;
    return (float)(x < 0 ? v : x + v);
}

static inline float gelu_erf_forward_f32_element(float x)
{
    if (gelu_isnan_f32(x)) return gelu_quiet_f32(x);
    if (x >= GELU_ERF_F32_FAST_LO && x <= GELU_ERF_F32_FAST_HI) return gelu_erf_fast_f32(x);
    return gelu_erf_slow_f32(x);
}

#endif /* GELU_ERF_F32_FORWARD_H */
