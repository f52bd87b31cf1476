/* f''(x) of the GELU forms in closed form (second_derivative.h). */
#include "second_derivative.h"

#include <math.h>

double cli_second_derivative(gelu_fn fn, double x)
{
    switch (fn) {
    case GELU_ERF: {
        double phi = exp(-0.5 * x * x) * 0.39894228040143267794;   /* 1/sqrt(2 pi) */
        return phi * (2 - x * x);
    }
    case GELU_TANH: {
        const double c = 0.79788456080286535588, a = 0.044715;   /* sqrt(2/pi) */
        double u = c * (x + a * x * x * x), t = tanh(u);
        double u1 = c * (1 + 3 * a * x * x), u2 = 6 * a * c * x;
        return (1 - t * t) * (u1 + 0.5 * x * u2 - x * t * u1 * u1);
    }
    case GELU_SIGMOID: {
        const double k = 1.702;
        double s = 1 / (1 + exp(-k * x));
        return k * s * (1 - s) * (2 - k * x * tanh(0.5 * k * x));
    }
    case GELU_RELU:
        break;
    }
    return NAN;
}
