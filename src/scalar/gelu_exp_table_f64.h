/* gelu_exp_table_f64.h -- exp(z) in double for GELU_ERF's double slow paths (forward and
 * derivative, -14.56 <= x < -13 and beyond, src/scalar/gelu_erf_f32_*.h).
 *
 * k = round(16 z / ln2) by the 1.5 * 2^52 shifter, r = z - k ln2/16 with ln2/16 in two parts
 * (|r| <= ln2/32), exp(z) = 2^floor(k/16) * 2^((k mod 16)/16) * P(r) with P the Taylor
 * polynomial of degree 4 (relative error ~2^-33) or 5 (~2^-42).  The callers keep z in
 * [-745, 709] so that 2^floor(k/16) is a normal double. */
#ifndef GELU_EXP_TABLE_F64_H
#define GELU_EXP_TABLE_F64_H

#include <math.h>
#include <stdint.h>

#include "scalar/special_values.h"

extern const double gelu_exp2_16[16];
#define GELU_EXP_INV_LN2_16 0x1.71547652b82fep+4  /* 16 / ln2 */
#define GELU_EXP_LN2_16_HI 0x1.62e42fefa39efp-5   /* ln2 / 16 */
#define GELU_EXP_LN2_16_LO 0x1.abc9e3b39803fp-60  /* ln2 / 16 - GELU_EXP_LN2_16_HI */

/* exp(z); degree5: use the degree-5 polynomial (else degree 4). */
static inline double gelu_exp_table_f64(double z, int degree5)
{
    const double shifter = 0x1.8p52;
    double kf = fma(z, GELU_EXP_INV_LN2_16, shifter);
    double kd = kf - shifter;
    double r = fma(kd, -GELU_EXP_LN2_16_HI, z);
    r = fma(kd, -GELU_EXP_LN2_16_LO, r);
    double p = degree5 ? fma(1.0 / 120, r, 1.0 / 24) : 1.0 / 24;
    p = fma(p, r, 1.0 / 6);
    p = fma(p, r, 0.5);
    p = fma(p, r, 1.0);
    p = fma(p, r, 1.0);
    uint64_t j = gelu_bits_f64(kf) & 15;
    double e = gelu_exp2_16[j] * p;
    int64_t n = ((int64_t)kd - (int64_t)j) / 16; /* floor(k / 16), exact */
    return e * gelu_from_bits_f64((uint64_t)(n + 1023) << 52);
}

#endif /* GELU_EXP_TABLE_F64_H */
