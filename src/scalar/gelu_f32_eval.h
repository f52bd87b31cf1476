/* gelu_f32_eval.h -- building blocks of the f32 kernels, all evaluated in double.
 *
 * Why double: an f32 result is within 1 ulp of the exact value as soon as the double it
 * is rounded from has a relative error below 2^-25 (rounding adds at most 1/2 ulp).  Every
 * block here keeps the relative error near 2^-50, so the f32 results are faithful with a
 * wide margin and correctly rounded except within ~2^-26 ulp of a rounding boundary.
 * Only +, -, *, / and bit operations are used (no libm, no FMA), so the bits are the same
 * on every platform (the library is built with -ffp-contract=off). */
#ifndef GELU_F32_EVAL_H
#define GELU_F32_EVAL_H

#include <stdint.h>

#include "scalar/gelu_f32_poly.h"
#include "scalar/special_values.h"

/* c[0] s^deg + ... + c[deg]. */
static inline double gelu_f32_horner(const double *c, int deg, double s)
{
    double acc = c[0];
    for (int i = 1; i <= deg; i++) acc = acc * s + c[i];
    return acc;
}

/* exp(z) for z in [-400, 400] (callers stay inside), relative error below 2^-50.
 * z = k ln2 + r with |r| <= ln2/2 (k rounded by the 1.5 * 2^52 shifter, exact here);
 * ln2 is split into 0x1.62e42fefa3800p-1, whose 43 bits make k * LN2_HI exact for
 * |k| < 2^10, and the rest; exp(r) is a degree-10 polynomial; 2^k is built in the
 * exponent field. */
#define GELU_F32_EXP_INV_LN2 0x1.71547652b82fep0  /* 1/ln2 */
#define GELU_F32_EXP_LN2_HI 0x1.62e42fefa3800p-1  /* ln2 to 43 bits */
#define GELU_F32_EXP_LN2_LO 0x1.ef35793c76730p-45 /* ln2 - GELU_F32_EXP_LN2_HI */
#define GELU_F32_EXP_SHIFTER 0x1.8p52             /* adding it rounds to an integer */
static inline double gelu_f32_exp(double z)
{
    double kd = z * GELU_F32_EXP_INV_LN2 + GELU_F32_EXP_SHIFTER;
    kd -= GELU_F32_EXP_SHIFTER;
    double r = (z - kd * GELU_F32_EXP_LN2_HI) - kd * GELU_F32_EXP_LN2_LO;
    double p = gelu_f32_horner(gelu_f32_exp_poly, GELU_F32_EXP_POLY_DEGREE, r);
    int64_t k = (int64_t)kd;
    return p * gelu_from_bits_f64((uint64_t)(k + 1023) << 52);
}

/* The formulas' constants, rounded to double (relative errors below 2^-53). */
#define GELU_F32_SQRT_2_OVER_PI 0x1.9884533d43651p-1 /* sqrt(2/pi) */
#define GELU_F32_TANH_CUBIC 0x1.6e4e26d4801f7p-5    /* 0.044715 */
#define GELU_F32_SIGMOID_SCALE 0x1.b3b645a1cac08p0  /* 1.702 */

/* Each form's range: beyond it the results are settled without evaluation. */
#define GELU_F32_TANH_LIMIT 12.0    /* f = -0, f' = -0 below -12; f = x, f' = 1 above 12 */
#define GELU_F32_SIGMOID_LIMIT 70.0 /* the same at +-70 */

#endif /* GELU_F32_EVAL_H */
