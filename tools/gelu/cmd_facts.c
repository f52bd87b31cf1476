/* gelu facts: the properties of the GELU forms, computed now with the library's float64
 * kernels and a root finder (nothing here is a stored result).
 *
 * Method, for each form f (erf, tanh, sigmoid):
 *  - argmin: the zero of f' (gelu_backward_f64 with dy = 1) in [-2, -1/4], by bisection to
 *    adjacent doubles; f' < 0 left of it (f decreasing), > 0 right of it.  min = f(argmin).
 *    (The library's f' is within 3 ulp of the exact one, so its sign is the exact sign.)
 *  - extremes of f': zeros of f'' in [-3, -1] and [1, 3], f'' in closed form
 *    (second_derivative.h), by bisection to adjacent doubles; f' there from the library.
 *  - largest difference from exact GELU (tanh, sigmoid): the zeros of d' = f' - erf' found
 *    by a sign scan over [-10, 10] in steps of 1/64, each refined by bisection; the largest
 *    |d| among them, printed with the digits that the library's 2-ulp bound on f and GELU
 *    leaves (d is their difference: about 11 of them for the tanh form).
 *  - f(-6) and f(-10) from the float64 kernel, and from the float32 kernel.
 * Locations are printed with 15 significant digits: the roots are found to a few ulps. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "evaluate.h"
#include "second_derivative.h"

static const char facts_help[] =
    "usage: gelu facts\n"
    "\n"
    "Prints the properties of GELU (x Phi(x)) and of its tanh and sigmoid forms, computed\n"
    "now with libgelu's float64 kernels and a root finder: each form's minimum and where it\n"
    "is, where the function decreases and increases, its range, the range of f' and where\n"
    "its extremes are, the largest difference of the tanh and sigmoid forms from exact GELU\n"
    "and where, and f(-6), f(-10) (tiny and negative, not zero).  Each line says how its\n"
    "number was found.\n";

typedef double (*real_fn)(gelu_fn fn, double x);

/* Significant digits of d = f - GELU that a 2-ulp error in each of f and GELU leaves. */
static int difference_digits(double f, double gelu)
{
    double d = fabs(f - gelu), bound = 2 * 0x1p-52 * (fabs(f) + fabs(gelu));
    if (!(d > bound))
        return 1;
    int digits = (int)floor(log10(d / bound));
    return digits < 1 ? 1 : digits > 15 ? 15 : digits;
}

static double difference_derivative(gelu_fn fn, double x)
{
    return cli_f64_derivative(fn, x) - cli_f64_derivative(GELU_ERF, x);
}

/* A zero of g(fn, .) in [a, b], g(a) and g(b) of opposite signs: bisection until a and b
 * are adjacent doubles (or 200 steps). */
static double bisect(real_fn g, gelu_fn fn, double a, double b)
{
    double ga = g(fn, a);
    for (int step = 0; step < 200; step++) {
        double m = a + (b - a) / 2;
        if (m <= a || m >= b)
            break;
        double gm = g(fn, m);
        if (gm == 0)
            return m;
        if ((gm < 0) == (ga < 0)) {
            a = m;
            ga = gm;
        } else {
            b = m;
        }
    }
    return a + (b - a) / 2;
}

static int bracket_ok(real_fn g, gelu_fn fn, double a, double b)
{
    double ga = g(fn, a), gb = g(fn, b);
    return (ga < 0 && gb > 0) || (ga > 0 && gb < 0);
}

static const char *const form_titles[] = {
    "GELU_ERF      x Phi(x), the exact GELU",
    "GELU_TANH     x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))",
    "GELU_SIGMOID  x sigmoid(1.702 x)",
};

static int facts_for_form(gelu_fn fn)
{
    printf("%s\n", form_titles[fn]);
    if (!bracket_ok(cli_f64_derivative, fn, -2.0, -0.25) || !bracket_ok(cli_second_derivative, fn, -3, -1)
        || !bracket_ok(cli_second_derivative, fn, 1, 3)) {
        fprintf(stderr, "gelu facts: %s: a bracket does not hold a sign change\n",
                cli_fn_name(fn));
        return 1;
    }
    double argmin = bisect(cli_f64_derivative, fn, -2.0, -0.25);
    double fmin = cli_f64(fn, argmin);
    printf("  minimum              %.15g at x = %.15g  [f'(x) = 0: bisection on f' in [-2, -1/4]]\n",
           fmin, argmin);
    printf("  decreasing on        (-inf, %.15g]  [f' < 0 there: f' sign checked at -2]\n", argmin);
    printf("  increasing on        [%.15g, +inf)  [f' > 0 there: f' sign checked at -1/4]\n",
           argmin);
    printf("  range                [%.15g, +inf)  [the minimum; f(x) ~ x as x -> +inf]\n", fmin);
    double dlo = bisect(cli_second_derivative, fn, -3, -1);
    double dhi = bisect(cli_second_derivative, fn, 1, 3);
    double fplo = cli_f64_derivative(fn, dlo), fphi = cli_f64_derivative(fn, dhi);
    printf("  f' minimum           %.15g at x = %.15g  [f'' = 0, f'' in closed form: bisection "
           "in [-3, -1]]\n", fplo, dlo);
    printf("  f' maximum           %.15g at x = %.15g  [f'' = 0, f'' in closed form: bisection "
           "in [1, 3]]\n", fphi, dhi);
    printf("  f' range             [%.10g, %.10g]  [f' -> 0 as x -> -inf, 1 as x -> +inf: "
           "not monotonic]\n", fplo, fphi);
    if (fn != GELU_ERF) {
        double best_x = 0, best_d = 0;
        int found = 0;
        double prev_x = -10, prev_g = difference_derivative(fn, prev_x);
        for (int k = 1; k <= 20 * 64; k++) {
            double x = -10 + k / 64.0, gx = difference_derivative(fn, x);
            if ((prev_g < 0 && gx > 0) || (prev_g > 0 && gx < 0)) {
                double r = bisect(difference_derivative, fn, prev_x, x);
                double d = cli_f64(fn, r) - cli_f64(GELU_ERF, r);
                if (!found || fabs(d) > fabs(best_d)) {
                    best_d = d;
                    best_x = r;
                    found = 1;
                }
            }
            prev_x = x;
            prev_g = gx;
        }
        if (found) {
            double f = cli_f64(fn, best_x), g = cli_f64(GELU_ERF, best_x);
            double f_other = cli_f64(fn, -best_x), g_other = cli_f64(GELU_ERF, -best_x);
            printf("  largest f - GELU     %.*g at x = %.15g and at x = %.15g (f - GELU is even)"
                   "\n                       [zeros of f' - GELU': sign scan of [-10, 10] by 1/64, "
                   "bisection; largest |f - GELU|, to the digits that f's and GELU's 2 ulp "
                   "leave]\n",
                   difference_digits(f, g), best_d, -fabs(best_x), fabs(best_x));
            printf("  check: f - GELU at the other sign: %.*g\n",
                   difference_digits(f_other, g_other), f_other - g_other);
        }
    }
    float x6 = -6.0f, x10 = -10.0f, y6, y10;
    gelu_forward_f32(fn, &x6, &y6, 1);
    gelu_forward_f32(fn, &x10, &y10, 1);
    printf("  f(-6)                %.15g  (float32: %.9g)  [gelu_forward_f64, _f32]\n",
           cli_f64(fn, -6.0), (double)y6);
    printf("  f(-10)               %.15g  (float32: %.9g)  [tiny and negative, not 0]\n",
           cli_f64(fn, -10.0), (double)y10);
    printf("\n");
    return 0;
}

int cli_command_facts(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(facts_help, stdout);
            return 0;
        }
        char q[CLI_QUOTE_SIZE];
        return cli_usage_error("facts", "unexpected argument '%s'",
                               cli_quote(argv[i], q, sizeof q));
    }
    printf("Facts of GELU, computed now by libgelu %s (%s kernels, float64) and a root finder.\n"
           "Not monotonic: each GELU form dips below zero, to a minimum near x = -0.75; its\n"
           "range is not [0, inf) and its derivative leaves [0, 1].\n\n",
           gelu_version(), gelu_isa());
    for (int f = GELU_ERF; f <= GELU_SIGMOID; f++) {
        int rc = facts_for_form((gelu_fn)f);
        if (rc != 0)
            return rc;
    }
    printf("RELU          max(0, x), the baseline\n"
           "  minimum              0 on (-inf, 0]; range [0, +inf); f' is 0 or 1 "
           "(relu(-6) = %g)\n", cli_f64(GELU_RELU, -6.0));
    return 0;   /* main checks that stdout took it all */
}
