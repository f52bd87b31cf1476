/* f''(x) of the GELU forms in closed form, for finding where f' has its extremes (the
 * zeros of f'') to full double precision: a difference quotient of the library's f' has
 * about half the digits. */
#ifndef GELU_CLI_SECOND_DERIVATIVE_H
#define GELU_CLI_SECOND_DERIVATIVE_H

#include "gelu.h"

/* f''(x) for GELU_ERF, GELU_TANH, GELU_SIGMOID (NaN for another form):
 *   erf:     phi(x) (2 - x^2)                               phi the normal density
 *   tanh:    sech^2(u) (u' + x u''/2 - x tanh(u) u'^2)      u = c (x + a x^3), c = sqrt(2/pi),
 *                                                           a = 0.044715, u' = c (1 + 3a x^2),
 *                                                           u'' = 6 a c x
 *   sigmoid: s' (2 - k x tanh(k x / 2))                     s = sigmoid(k x), k = 1.702,
 *                                                           s' = k s (1 - s)
 * Each is a positive factor times one whose sign changes at the zero (x ~ +-1.41).  There
 * that factor's terms are about 1 and it is computed to a few units in the last place of
 * them, and its slope is about 1 or more, so bisection on its sign finds the zero to a few
 * units in the last place of x. */
double cli_second_derivative(gelu_fn fn, double x);

#endif
