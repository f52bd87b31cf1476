/* oracle_f32.c -- exact values of the GELU forms and their derivatives for float inputs.
 *
 * The double oracle uses glibc's erfc and exp (a few ulp of double) on formulas without
 * cancellation: Phi(x) from erfc(|x|/sqrt 2)/2; tanh and sigmoid forms as x s with
 * s = 1/(1+E), 1-s = E/(1+E) and E = exp(-|z|) <= 1.  Its error bound is ORACLE_REL_ERR
 * (2^-40, some 2^9 times the rounding analysis) on each term, with (1 + |argument| 2^-8)
 * for the amplification of a rounded erfc or exp argument where it matters, summed over
 * the terms' magnitudes (so cancellation near f' = 0 widens it, and MPFR decides there).
 * tools/verify/verify_f32.c checks the bound against MPFR wherever MPFR runs. */
#include "oracle_f32.h"

#include <math.h>

static const double inv_sqrt2 = 0x1.6a09e667f3bcdp-1;
static const double inv_sqrt_2pi = 0x1.9884533d43651p-2;
static const double sqrt_2_over_pi = 0x1.9884533d43651p-1;
static const double tanh_cubic = 0x1.6e4e26d4801f7p-5; /* 0.044715 */
static const double sigmoid_scale = 0x1.b3b645a1cac08p0; /* 1.702 */

/* s = sigmoid(z) and 1 - s, each without cancellation. */
static void sigmoid_pair(double z, double *s, double *one_minus_s)
{
    if (z >= 0) {
        double e = exp(-z);
        *s = 1.0 / (1.0 + e);
        *one_minus_s = e / (1.0 + e);
    } else {
        double e = exp(z);
        *s = e / (1.0 + e);
        *one_minus_s = 1.0 / (1.0 + e);
    }
}

oracle_value oracle_f32_double(gelu_fn f, int derivative, float xf)
{
    double x = xf;
    double ax = fabs(x);
    oracle_value o = {0.0, 0.0, 0.0};
    if (f != GELU_RELU && ax < 0x1p-40) {
        /* f(x) = x/2 + c2 x^2 + O(x^4) for each form; as a double-double value, so that
         * subnormal results on a rounding midpoint are decided here, not by MPFR. */
        if (derivative) {
            o.value = 0.5 + 2.0 * (f == GELU_SIGMOID ? 0.25 * sigmoid_scale : 0.5 * sqrt_2_over_pi) * x;
            o.err = ORACLE_REL_ERR * o.value + 4.0 * x * x;
            return o;
        }
        double c2 = f == GELU_SIGMOID ? 0.25 * sigmoid_scale : 0.5 * sqrt_2_over_pi;
        o.value = 0.5 * x;
        o.lo = c2 * (x * x);
        o.err = ORACLE_REL_ERR * o.lo + (x * x) * (x * x);
        return o;
    }
    switch (f) {
    case GELU_ERF: {
        /* tail = min(Phi(x), 1 - Phi(x)) carries erfc's argument amplification. */
        double tail = 0.5 * erfc(ax * inv_sqrt2);
        double amp = 1.0 + 2.0 * (x * x) * 0x1p-8;
        double phi_cdf = x < 0 ? tail : 1.0 - tail;
        double phi_err = ORACLE_REL_ERR * (phi_cdf + amp * tail);
        if (!derivative) {
            o.value = x * phi_cdf;
            o.err = ax * phi_err + ORACLE_REL_ERR * fabs(o.value);
        } else {
            double x_pdf = x * (exp(-0.5 * (x * x)) * inv_sqrt_2pi); /* x^2/2 exact */
            o.value = phi_cdf + x_pdf;
            o.err = phi_err + ORACLE_REL_ERR * (fabs(x_pdf) + fabs(o.value));
        }
        break;
    }
    case GELU_TANH:
    case GELU_SIGMOID: {
        double z = f == GELU_TANH
                       ? 2.0 * sqrt_2_over_pi * (x + tanh_cubic * (x * x * x))
                       : sigmoid_scale * x;
        double s, oms;
        sigmoid_pair(z, &s, &oms);
        /* d ln s / d ln E = -+(1 - s), d ln(1 - s) / d ln E = +-s: E's error, amplified by
         * the rounding of its argument z, reaches s and 1 - s through these factors. */
        double amp = 1.0 + fabs(z) * 0x1p-8;
        double s_rel = ORACLE_REL_ERR * (1.0 + amp * oms);
        double oms_rel = ORACLE_REL_ERR * (1.0 + amp * s);
        if (!derivative) {
            o.value = x * s;
            o.err = s_rel * fabs(o.value);
        } else {
            double t = f == GELU_TANH
                           ? s * (2.0 * x * oms *
                                  (sqrt_2_over_pi * (1.0 + 3.0 * tanh_cubic * (x * x))))
                           : s * (z * oms);
            o.value = s + t;
            o.err = s_rel * s + (s_rel + oms_rel) * fabs(t);
        }
        break;
    }
    case GELU_RELU:
        if (!derivative)
            o.value = x > 0 ? x : 0.0;
        else
            o.value = x > 0 ? 1.0 : 0.0;
        return o;
    }
    /* erfc and exp results in double's subnormal range have an absolute error of up to
     * 2^-1075, which the factors after them (x, 2 x u', ...) scale up; 2^-1000 covers any
     * such factor below 2^74 and is far below float's 2^-150 resolution. */
    o.err += 0x1p-1000;
    /* Both f and f' of the GELU forms are negative for every x < x0 < 0 (f for every
     * x < 0): a value that underflowed in double to +0 is -0 in truth. */
    if (o.value == 0.0 && x < 0.0) o.value = -0.0;
    return o;
}

/* sigmoid(z) and 1 - sigmoid(z) in MPFR, without cancellation. */
static void mp_sigmoid_pair(const mpfr_t z, mpfr_t s, mpfr_t oms, mpfr_t tmp)
{
    mpfr_abs(tmp, z, MPFR_RNDN);
    mpfr_neg(tmp, tmp, MPFR_RNDN);
    mpfr_exp(tmp, tmp, MPFR_RNDN); /* e = exp(-|z|) */
    mpfr_add_ui(s, tmp, 1, MPFR_RNDN);
    if (mpfr_sgn(z) >= 0) {
        mpfr_div(oms, tmp, s, MPFR_RNDN);
        mpfr_ui_div(s, 1, s, MPFR_RNDN);
    } else {
        mpfr_div(tmp, tmp, s, MPFR_RNDN);
        mpfr_ui_div(oms, 1, s, MPFR_RNDN);
        mpfr_set(s, tmp, MPFR_RNDN);
    }
}

void oracle_f32_mpfr(gelu_fn f, int derivative, float xf, mpfr_t out)
{
    mpfr_prec_t p = mpfr_get_prec(out) + 64;
    mpfr_t x, a, b, c, t;
    mpfr_inits2(p, x, a, b, c, t, (mpfr_ptr)0);
    mpfr_set_flt(x, xf, MPFR_RNDN);
    switch (f) {
    case GELU_ERF:
        /* a = Phi(x) = erfc(-x / sqrt 2) / 2 */
        mpfr_sqrt_ui(t, 2, MPFR_RNDN);
        mpfr_div(a, x, t, MPFR_RNDN);
        mpfr_neg(a, a, MPFR_RNDN);
        mpfr_erfc(a, a, MPFR_RNDN);
        mpfr_div_2ui(a, a, 1, MPFR_RNDN);
        if (!derivative) {
            mpfr_mul(out, x, a, MPFR_RNDN);
        } else {
            /* + x exp(-x^2/2) / sqrt(2 pi) */
            mpfr_sqr(b, x, MPFR_RNDN);
            mpfr_div_2ui(b, b, 1, MPFR_RNDN);
            mpfr_neg(b, b, MPFR_RNDN);
            mpfr_exp(b, b, MPFR_RNDN);
            mpfr_const_pi(t, MPFR_RNDN);
            mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
            mpfr_sqrt(t, t, MPFR_RNDN);
            mpfr_div(b, b, t, MPFR_RNDN);
            mpfr_mul(b, b, x, MPFR_RNDN);
            mpfr_add(out, a, b, MPFR_RNDN);
        }
        break;
    case GELU_TANH: {
        /* z = 2u = 2 sqrt(2/pi) (x + 0.044715 x^3); c = sqrt(2/pi) */
        mpfr_const_pi(c, MPFR_RNDN);
        mpfr_ui_div(c, 2, c, MPFR_RNDN);
        mpfr_sqrt(c, c, MPFR_RNDN);
        mpfr_set_str(t, "0.044715", 10, MPFR_RNDN);
        mpfr_sqr(b, x, MPFR_RNDN);
        mpfr_mul(a, b, t, MPFR_RNDN);
        mpfr_add_ui(a, a, 1, MPFR_RNDN);
        mpfr_mul(a, a, x, MPFR_RNDN);
        mpfr_mul(a, a, c, MPFR_RNDN);
        mpfr_mul_2ui(a, a, 1, MPFR_RNDN); /* a = z */
        mpfr_t s, oms;
        mpfr_inits2(p, s, oms, (mpfr_ptr)0);
        mp_sigmoid_pair(a, s, oms, t);
        if (!derivative) {
            mpfr_mul(out, x, s, MPFR_RNDN);
        } else {
            /* s (1 + 2 x (1-s) u'), u' = c (1 + 3 * 0.044715 x^2) */
            mpfr_set_str(t, "0.134145", 10, MPFR_RNDN);
            mpfr_mul(b, b, t, MPFR_RNDN);
            mpfr_add_ui(b, b, 1, MPFR_RNDN);
            mpfr_mul(b, b, c, MPFR_RNDN);
            mpfr_mul(b, b, oms, MPFR_RNDN);
            mpfr_mul(b, b, x, MPFR_RNDN);
            mpfr_mul_2ui(b, b, 1, MPFR_RNDN);
            mpfr_add_ui(b, b, 1, MPFR_RNDN);
            mpfr_mul(out, s, b, MPFR_RNDN);
        }
        mpfr_clears(s, oms, (mpfr_ptr)0);
        break;
    }
    case GELU_SIGMOID: {
        mpfr_set_str(t, "1.702", 10, MPFR_RNDN);
        mpfr_mul(a, x, t, MPFR_RNDN); /* z */
        mpfr_t s, oms;
        mpfr_inits2(p, s, oms, (mpfr_ptr)0);
        mp_sigmoid_pair(a, s, oms, t);
        if (!derivative) {
            mpfr_mul(out, x, s, MPFR_RNDN);
        } else {
            mpfr_mul(b, a, oms, MPFR_RNDN);
            mpfr_add_ui(b, b, 1, MPFR_RNDN);
            mpfr_mul(out, s, b, MPFR_RNDN);
        }
        mpfr_clears(s, oms, (mpfr_ptr)0);
        break;
    }
    case GELU_RELU:
        if (!derivative)
            mpfr_set_d(out, xf > 0 ? (double)xf : 0.0, MPFR_RNDN);
        else
            mpfr_set_d(out, xf > 0 ? 1.0 : 0.0, MPFR_RNDN);
        break;
    }
    /* For |x| beyond about 2^15 the exact tail values are below MPFR's smallest exponent
     * and come out as +0; they are negative (see oracle_f32_double), so -0 is their
     * correct rounding. */
    if (f != GELU_RELU && mpfr_zero_p(out) && xf < 0.0f) mpfr_set_zero(out, -1);
    mpfr_clears(x, a, b, c, t, (mpfr_ptr)0);
}
