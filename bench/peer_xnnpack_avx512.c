/* peer_xnnpack_avx512.c -- the AVX-512F kernel of the XNNPACK peer (peer_xnnpack.c): XNNPACK's
 * f32 GELU method, written anew here from its published description and coefficients, not
 * copied.  Source of the facts: google/XNNPACK, src/f32-vgelu/rational-12-10.c.in and its
 * generated src/f32-vgelu/gen/f32-vgelu-avx512f-rational-12-10-nr.c (the variant that
 * src/configs/unary-elementwise-config.c picks on AVX-512F CPUs: two vectors a step, "nr").
 *
 * The method: GELU(x) = 0.5 x (1 + erf(x / sqrt 2)), with erf(x / sqrt 2) approximated by a
 * rational function of x, odd degree 12 over even degree 10 (an odd polynomial of degree 11
 * over an even one of degree 10), on x clamped to [-c, c] where c is the first float at which
 * the approximation reaches +-1.  The division is a 14-bit reciprocal (vrcp14ps) refined by
 * one Newton step.  Consequences, which the benchmark states: below x = -c (about -5.12)
 * 1 + erf is exactly 0 and the result is -0.0 (the true GELU is about -7.8e-7 at -5.12);
 * and 1 + erf is formed in float, so relative accuracy is lost in the left tail well before
 * that.  Built with -mavx512f only where the compiler takes it; called only on CPUs that
 * have AVX-512F. */
#include <immintrin.h>
#include <stddef.h>

#include "bench.h"

/* The clamp c: XNNPACK's value for targets with a fused multiply-add (ours: vfmadd). */
#define XNN_MAX_ABS_X 5.1164608002e+00f

/* One vector of 16 floats. */
static inline __m512 gelu_rational_12_10(__m512 x)
{
    /* Numerator: x * (a1 + a3 x^2 + ... + a11 x^10); denominator: 1 + b2 x^2 + ... + b10 x^10.
     * a1 = sqrt(2/pi), the slope of erf(x / sqrt 2) at 0. */
    const __m512 a1 = _mm512_set1_ps(7.9788452387e-01f), a3 = _mm512_set1_ps(6.6972173750e-02f),
                 a5 = _mm512_set1_ps(9.3065137044e-03f), a7 = _mm512_set1_ps(3.2973114867e-04f),
                 a9 = _mm512_set1_ps(1.2609783880e-05f), a11 = _mm512_set1_ps(4.5835321316e-08f);
    const __m512 b2 = _mm512_set1_ps(2.5060352683e-01f), b4 = _mm512_set1_ps(2.8431978077e-02f),
                 b6 = _mm512_set1_ps(1.8622842617e-03f), b8 = _mm512_set1_ps(7.2267655923e-05f),
                 b10 = _mm512_set1_ps(1.1988805682e-06f);
    const __m512 one = _mm512_set1_ps(1.0f), two = _mm512_set1_ps(2.0f),
                 half = _mm512_set1_ps(0.5f), c = _mm512_set1_ps(XNN_MAX_ABS_X),
                 minus_c = _mm512_set1_ps(-XNN_MAX_ABS_X);

    /* Clamp (min first, then max, so that a NaN input stays NaN). */
    __m512 t = _mm512_max_ps(minus_c, _mm512_min_ps(c, x));
    __m512 t2 = _mm512_mul_ps(t, t);

    __m512 p = _mm512_fmadd_ps(t2, a11, a9);
    p = _mm512_fmadd_ps(t2, p, a7);
    p = _mm512_fmadd_ps(t2, p, a5);
    p = _mm512_fmadd_ps(t2, p, a3);
    p = _mm512_fmadd_ps(t2, p, a1);
    p = _mm512_mul_ps(t, p);

    __m512 q = _mm512_fmadd_ps(t2, b10, b8);
    q = _mm512_fmadd_ps(t2, q, b6);
    q = _mm512_fmadd_ps(t2, q, b4);
    q = _mm512_fmadd_ps(t2, q, b2);
    q = _mm512_fmadd_ps(t2, q, one);

    /* 1/q: 14-bit estimate, one Newton step r (2 - r q). */
    __m512 r = _mm512_rcp14_ps(q);
    r = _mm512_mul_ps(r, _mm512_fnmadd_ps(r, q, two));

    /* erf as a plain product and 1 + erf as a plain sum (not fused: XNNPACK wants the
     * rounding that makes 1 + erf exactly 0 at the clamp; -ffp-contract=off keeps it). */
    __m512 erf = _mm512_mul_ps(p, r);
    return _mm512_mul_ps(_mm512_mul_ps(x, half), _mm512_add_ps(erf, one));
}

void bench_xnnpack_gelu_avx512(const float *x, float *y, size_t n)
{
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 y0 = gelu_rational_12_10(_mm512_loadu_ps(x + i));
        __m512 y1 = gelu_rational_12_10(_mm512_loadu_ps(x + i + 16));
        _mm512_storeu_ps(y + i, y0);
        _mm512_storeu_ps(y + i + 16, y1);
    }
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, gelu_rational_12_10(_mm512_loadu_ps(x + i)));
    if (i < n) { /* the last 1..15: masked, nothing read or written past n */
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);
        _mm512_mask_storeu_ps(y + i, m, gelu_rational_12_10(_mm512_maskz_loadu_ps(m, x + i)));
    }
}
