/* relu_f64.c -- ReLU, f64, portable C11: exact (include/gelu.h section 3).
 *   relu(x) = x for x > 0, +0.0 for every other non-NaN x; NaN in, that NaN out (quieted).
 *   relu'(x) = 1 for x > 0, else 0; dx = dy * relu'(x) with the NaN rules of gelu.h. */
#include <stddef.h>

#include "kernels.h"
#include "special_values.h"

void gelu_relu_forward_f64_scalar(const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double xi = x[i];
        y[i] = gelu_isnan_f64(xi) ? gelu_quiet_f64(xi) : (xi > 0.0 ? xi : 0.0);
    }
}

void gelu_relu_backward_f64_scalar(const double *x, const double *dy, double *dx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double xi = x[i];
        dx[i] = gelu_backward_product_f64(xi, dy[i], xi > 0.0 ? 1.0 : 0.0);
    }
}
