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
 *   3.5 < |x| <= 13 outside that, in float (gelu_erf_tail_f32, src/scalar/gelu_erf_f32_tail.h):
 *     f = -v (x < 0) or x - v (x > 0), v = exp(-x^2/2) S(|x|), S(y) = y Phi(-y) exp(y^2/2)
 *     on pieces of width 1/2, x^2 exact as a pair, exp by a 2^(j/16) pair table.
 *   elsewhere (|x| > 13, inf), in double (gelu_erf_slow_f32): Phi(a) = exp(g(a) - a^2/2) with
 *     a = max(-|x|, -15) and g(a) = ln Phi(a) + a^2/2 a degree-5 polynomial on 16 pieces;
 *     exp from 2^(j/16) and a degree-4 polynomial; f = a Phi(a) for x < 0, x + a Phi(a)
 *     for x > 0 (x Phi(x) = x - x Phi(-x)), rounded once to float: the far left tail
 *     underflows gracefully to -0.0.
 *   Error: within 1 ulp for all 2^32 inputs, measured max 0.742 ulp (tools/verify/verify_f32.c;
 *   the analytic bound of the fast path alone allows ~1.2 ulp, the exhaustive test is the
 *   proof).  Every operation is an fmaf/fma, +, -, * or a table lookup, so the SIMD
 *   kernels (src/simd/gelu_f32_methods.h on every SIMD ISA) give the same bits.
 *
 * Backward: src/scalar/gelu_erf_f32_derivative.h (the same scheme for f'(x), with
 * f' = (x - x0) P near its zero x0 ~ -0.7518, a float tail and a double slow path), then
 * dx = dy * f'(x) with the NaN rules of gelu.h.  f' within 1 ulp for all 2^32 inputs,
 * measured max 0.741 ulp (tools/verify/verify_f32.c). */
#include "kernels.h"
#include "scalar/gelu_erf_f32_forward.h"
#include "scalar/gelu_erf_f32_derivative.h"

void gelu_erf_forward_f32_scalar(const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) y[i] = gelu_erf_forward_f32_element(x[i]);
}

void gelu_erf_backward_f32_scalar(const float *x, const float *dy, float *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float xi = x[i];
        dx[i] = gelu_backward_product_f32(xi, dy[i], gelu_erf_derivative_f32_element(xi));
    }
}
