/* oracle_f32.h -- the exact values the f32 accuracy proof compares against.
 *
 * A fast oracle in double (libm, computed without cancellation) returns a value and a
 * bound on its absolute error; where that bound cannot settle a question (how the exact
 * value rounds, or whether a result is within 1 ulp), MPFR at 256 bits settles it. */
#ifndef GELU_ORACLE_F32_H
#define GELU_ORACLE_F32_H

#include <mpfr.h>

#include "gelu.h"

typedef struct oracle_value {
    double value; /* the exact value is value + lo, to within err */
    double lo;    /* a correction too small for value's precision, or 0 */
    double err;   /* bound on |value + lo - exact| */
} oracle_value;

/* f(x) (derivative = 0) or f'(x) (derivative = 1) in double, for finite x. */
oracle_value oracle_f32_double(gelu_fn f, int derivative, float x);

/* The same to 256 bits in out (initialised by the caller with precision >= 256). */
void oracle_f32_mpfr(gelu_fn f, int derivative, float x, mpfr_t out);

/* The relative error bound the double oracle claims (also checked against MPFR). */
#define ORACLE_REL_ERR 0x1p-40

#endif /* GELU_ORACLE_F32_H */
