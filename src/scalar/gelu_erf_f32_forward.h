/* gelu_erf_f32_forward.h -- GELU_ERF forward on one float: the method of
 * src/scalar/gelu_erf_f32.c (see there), as inline functions.  fmaf and fma are correctly
 * rounded wherever they run; the SIMD kernels (src/simd/gelu_f32_methods.h)
 * do the same operations lane by lane and give the same bits. */
#ifndef GELU_ERF_F32_FORWARD_H
#define GELU_ERF_F32_FORWARD_H

#include <math.h>
#include <stdint.h>

#include "tables/gelu_erf_f32_tables.h"
#include "scalar/gelu_erf_f32_tail.h"
#include "scalar/gelu_exp_table_f64.h"
#include "scalar/gelu_f32_pieces.h"
#include "scalar/special_values.h"

#define GELU_ERF_F32_FAST_LO (-3.5f)
#define GELU_ERF_F32_FAST_HI 4.0f
/* Settled: the results below are exactly x for every x > SAT_HI, +inf included, and -0.0
 * for every x < SAT_LO, -inf included (found over every float; the SIMD loops set these
 * lanes in the register, and tests/identity_isa.c checks them against this code). */
#define GELU_ERF_F32_SAT_LO (-14.375f) /* results -0.0 below -14.356 */
#define GELU_ERF_F32_SAT_HI 5.375f     /* results x above 5.3475 */

static const gelu_f32_pieces_ref gelu_erf_f32_pieces = {
    gelu_erf_f32_fast_c0h, gelu_erf_f32_fast_c0l, gelu_erf_f32_fast_c1h, gelu_erf_f32_fast_c1l,
    {gelu_erf_f32_fast_c6, gelu_erf_f32_fast_c5, gelu_erf_f32_fast_c4, gelu_erf_f32_fast_c3,
     gelu_erf_f32_fast_c2}, 5};

/* f = fma(x, Ph, x Pl): x Ph is exact inside the fma, the last rounding the only full one. */
static inline float gelu_erf_fast_f32(float x)
{
    float pl, ph = gelu_f32_pieces_eval(x, &gelu_erf_f32_pieces, &pl);
    return fmaf(x, ph, x * pl);
}

/* |x| > 13 (inf included), not NaN; exact for any x outside [-3.5, 4]. */
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

/* Float tail, 3.5 < |x| <= 13 outside the fast range (gelu_erf_f32_tail.h):
 * f = -v for x < 0, x - v for x > 0, v = exp(-x^2/2) S(|x|). */
static inline float gelu_erf_tail_f32(float x)
{
    float v = gelu_erf_tail_v_f32(x, &gelu_erf_forward_tail_s_f32);
    return x < 0 ? -v : x - v;
}

static inline float gelu_erf_forward_f32_element(float x)
{
    if (gelu_isnan_f32(x)) return gelu_quiet_f32(x);
    if (x >= GELU_ERF_F32_FAST_LO && x <= GELU_ERF_F32_FAST_HI) return gelu_erf_fast_f32(x);
    if (gelu_from_bits_f32(gelu_bits_f32(x) & 0x7fffffffu) <= GELU_ERF_F32_TAIL_HI)
        return gelu_erf_tail_f32(x);
    return gelu_erf_slow_f32(x);
}

#endif /* GELU_ERF_F32_FORWARD_H */
