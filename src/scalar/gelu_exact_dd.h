/* gelu_exact_dd.h -- f(x) and f'(x) in double-double for the exact paths of the correctly
 * rounded kernels (method and range: gelu_exact_dd.c). */
#ifndef GELU_EXACT_DD_H
#define GELU_EXACT_DD_H

#include "gelu.h"

/* hi + lo = f(x) (derivative = 0) or f'(x) (derivative = 1) to about 2^-95 relative, for
 * finite x with |x| <= 40 (GELU_ERF) or |v(x)| <= 700 (GELU_TANH, GELU_SIGMOID). */
void gelu_exact_dd(gelu_fn f, int derivative, double x, double *hi, double *lo);

#endif /* GELU_EXACT_DD_H */
