/* gelu_erf_f32.c -- exact GELU, f(x) = x Phi(x), on float, forward and backward.
 *
 * Forward (tables: tools/fit/fit_gelu_erf_f32.py; derivation and measurements:
 * research/fast_erf_f32/README.md):
 *   -3.5 <= x <= 4, in float (gelu_erf_fast_f32): k = round(4x) from the shifter
 *     s = fma(x, 4, 1.5 * 2^23), whose low 5 bits index 32 pieces; u = x - k/4 exactly;
 *     Phi(x) ~ c0 + c1 u + u^2 q(u) (degree 6) with c0, c1 as float pairs.  The high part
 *     Ph = fma(c1h, u, c0h) and its rounding error e = fma(c1h, u, c0h - Ph) (c0h - Ph is
 *     exact by Sterbenz: |c1h u| <= 0.47 c0h on every piece) are exact; the low part
 *     Pl = e + fma(fma(q, u, c1l), u, c0l) is at most 0.15 Phi; f = fma(x, Ph, x Pl), so
 *     x Ph is exact and the only full-size rounding is the last one.
 *   elsewhere, in double (gelu_erf_slow_f32): Phi(a) = exp(g(a) - a^2/2) with
 *     a = max(-|x|, -15) and g(a) = ln Phi(a) + a^2/2 a degree-5 polynomial on 16 pieces;
 *     exp from 2^(j/16) and a degree-4 polynomial; f = a Phi(a) for x < 0, x + a Phi(a)
 *     for x > 0 (x Phi(x) = x - x Phi(-x)), rounded once to float: the far left tail
 *     underflows gracefully to -0.0.
 *   Error: within 1 ulp for all 2^32 inputs, measured max 0.742 ulp (tests/accuracy_f32.c;
 *   the analytic bound of the fast path alone allows ~1.2 ulp, the exhaustive test is the
 *   proof).  Every operation is an fmaf/fma, +, -, * or a table lookup, so the SIMD
 *   kernels (src/x86/gelu_erf_forward_avx512.c) give the same bits.
 *
 * Backward, in double (see gelu_f32_eval.h; M(y) = Phi(-y) exp(y^2/2)):
 *   |x| <= 1:       f'(x) = 1/2 + x T(x^2)
 *   -15 <= x < -1:  f'(x) = E (M(|x|) - |x|/sqrt(2 pi)), E = exp(-x^2/2) (exact argument)
 *   1 < x <= 15:    f'(x) = 1 + E (x/sqrt(2 pi) - M(x))
 *   -1 <= x <= -0.5: f'(x) = d P(d), d = x - x0, x0 ~ -0.7518 the zero of f', so f' keeps
 *                   its relative accuracy where it crosses zero
 *   x < -15: f' = -0.0 (|exact| < 2^-150);  x > 15: f' = 1
 *   Error: relative error of the double result below 2^-48: within 1 ulp (proven on all
 *   2^32 inputs by tests/accuracy_f32.c). */

#include "kernels.h"
#include "scalar/gelu_erf_f32_forward.h"
#include "scalar/gelu_f32_eval.h"

static float gelu_erf_derivative_f32(float xf)
{
    if (gelu_isnan_f32(xf)) return gelu_quiet_f32(xf);
    if (xf < -(float)GELU_F32_ERF_LIMIT) return -0.0f;
    if (xf > (float)GELU_F32_ERF_LIMIT) return 1.0f;
    double x = xf;
    if (x >= -1.0 && x <= -0.5) {
        /* x - X0_HI is exact (Sterbenz); X0_LO carries x0 to 106 bits. */
        double d = (x - GELU_F32_ERF_X0_HI) - GELU_F32_ERF_X0_LO;
        return (float)(d * gelu_f32_horner(gelu_f32_dzero_erf, GELU_F32_DZERO_ERF_DEGREE, d));
    }
    if (x >= -1.0 && x <= 1.0)
        return (float)(0.5 +
                       x * gelu_f32_horner(gelu_f32_dgelu_center, GELU_F32_DGELU_CENTER_DEGREE,
                                           x * x));
    double y = x < 0 ? -x : x;
    double e = gelu_f32_exp(-0.5 * (x * x));
    double m = gelu_f32_mills(y);
    double yphi = y * GELU_F32_INV_SQRT_2PI;
    if (x < 0) return (float)(e * (m - yphi));
    return (float)(1.0 + e * (yphi - m));
}

void gelu_erf_forward_f32_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_erf_forward_f32_element(x[i]);
}

void gelu_erf_backward_f32_scalar(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], gelu_erf_derivative_f32(xi));
    }
}
