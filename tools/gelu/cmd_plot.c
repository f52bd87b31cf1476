/* gelu plot: an SVG chart of the three GELU forms and ReLU, of their derivatives, or of the
 * approximations' difference from exact GELU (--log: its magnitude on a log scale), each
 * point from the library's f64 kernels. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "evaluate.h"
#include "svg_chart.h"

#define PLOT_POINTS 801
#define PLOT_MIN_RELATIVE_WIDTH 1e-9   /* the narrowest range: this times its largest |bound| */

static const char plot_help[] =
    "usage: gelu plot -o FILE.svg [--from A] [--to B] [--derivative | --error [--log]]\n"
    "                 [--width W] [--height H]\n"
    "\n"
    "Writes an SVG chart (axes, ticks, grid, legend, title) of exact GELU, its tanh and\n"
    "sigmoid forms and ReLU over [A, B] (default [-4, 4]), 801 points each from libgelu's\n"
    "float64 kernels.  The legend goes where no line passes.\n"
    "\n"
    "  -o, --output FILE   where to write (required)\n"
    "  --from A, --to B    the range of x: -1e6 <= A < B <= 1e6, B - A at least 1e-9 times\n"
    "                      the larger of |A| and |B| and room for 801 distinct doubles (a\n"
    "                      narrower range is refused)\n"
    "  --derivative        f'(x) of each instead of f(x)\n"
    "  --error             the tanh and sigmoid forms minus exact GELU\n"
    "  --log               with --error: |f(x) - GELU(x)| on a log10 scale (ticks at powers\n"
    "                      of ten), where the tanh form's 4.7e-4 shows beside the sigmoid's 0.02\n"
    "  --width W, --height H   size in pixels (default 800 x 500; 300 to 8000; a size too\n"
    "                      small for the chart's title, axes and legend is refused)\n"
    "Example: gelu plot -o gelu.svg --from -5 --to 3\n";

typedef enum plot_kind { PLOT_FUNCTIONS, PLOT_DERIVATIVES, PLOT_ERROR } plot_kind;

static int parse_size(const char *name, const char *text, int *out)
{
    long v;
    char q[CLI_QUOTE_SIZE];
    if (cli_parse_int(text, 300, 8000, &v) != 0)
        return cli_usage_error("plot", "%s '%s' is not a whole number from 300 to 8000", name,
                               cli_quote(text, q, sizeof q));
    *out = (int)v;
    return 0;
}

static int parse_bound(const char *name, const char *text, double *out)
{
    char q[CLI_QUOTE_SIZE];
    if (cli_parse_double(text, out) != 0 || !isfinite(*out) || fabs(*out) > 1e6)
        return cli_usage_error("plot", "%s '%s' is not a number from -1e6 to 1e6", name,
                               cli_quote(text, q, sizeof q));
    return 0;
}

/* The 801 x values over [a, b]; -1 when they are not strictly increasing (a range only a
 * few doubles wide) or the range is narrower than PLOT_MIN_RELATIVE_WIDTH allows. */
static int sample_x(double a, double b, double *x)
{
    if (!(b - a >= PLOT_MIN_RELATIVE_WIDTH * fmax(fabs(a), fabs(b))))
        return -1;
    for (int i = 0; i < PLOT_POINTS; i++) {
        x[i] = a + (b - a) * i / (PLOT_POINTS - 1);
        if (i > 0 && !(x[i] > x[i - 1]))
            return -1;
    }
    return 0;
}

int cli_command_plot(int argc, char **argv)
{
    const char *output = NULL, *v, *from = "-4", *to = "4";
    double a = -4, b = 4;
    int width = 800, height = 500, r;
    int derivative = 0, error = 0, log_scale = 0;
    char q[CLI_QUOTE_SIZE], q2[CLI_QUOTE_SIZE];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(plot_help, stdout);
            return 0;
        } else if ((r = cli_option("plot", argc, argv, &i, "-o", &output)) != 0
                   || (r = cli_option("plot", argc, argv, &i, "--output", &output)) != 0) {
            if (r < 0)
                return CLI_EXIT_USAGE;
        } else if ((r = cli_option("plot", argc, argv, &i, "--from", &from)) != 0) {
            if (r < 0 || parse_bound("--from", from, &a) != 0)
                return CLI_EXIT_USAGE;
        } else if ((r = cli_option("plot", argc, argv, &i, "--to", &to)) != 0) {
            if (r < 0 || parse_bound("--to", to, &b) != 0)
                return CLI_EXIT_USAGE;
        } else if ((r = cli_option("plot", argc, argv, &i, "--width", &v)) != 0) {
            if (r < 0 || parse_size("--width", v, &width) != 0)
                return CLI_EXIT_USAGE;
        } else if ((r = cli_option("plot", argc, argv, &i, "--height", &v)) != 0) {
            if (r < 0 || parse_size("--height", v, &height) != 0)
                return CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--derivative") == 0) {
            derivative = 1;
        } else if (strcmp(argv[i], "--error") == 0) {
            error = 1;
        } else if (strcmp(argv[i], "--log") == 0) {
            log_scale = 1;
        } else {
            return cli_usage_error("plot", "unexpected argument '%s'",
                                   cli_quote(argv[i], q, sizeof q));
        }
    }
    if (output == NULL)
        return cli_usage_error("plot", "no output file: give -o FILE.svg");
    if (derivative && error)
        return cli_usage_error("plot", "--derivative and --error are two different charts");
    if (log_scale && !error)
        return cli_usage_error("plot", "--log is for the --error chart (|f - GELU| on a log "
                                       "scale)");
    if (!(a < b))
        return cli_usage_error("plot", "--from must be below --to");
    static double x[PLOT_POINTS], y[4][PLOT_POINTS];
    if (sample_x(a, b, x) != 0)
        return cli_usage_error("plot", "--from '%s' --to '%s' is too narrow to draw: its width "
                                       "must be at least 1e-9 times the larger |bound| and "
                                       "hold 801 distinct doubles",
                               cli_quote(from, q, sizeof q), cli_quote(to, q2, sizeof q2));
    plot_kind kind = derivative ? PLOT_DERIVATIVES : error ? PLOT_ERROR : PLOT_FUNCTIONS;

    for (int i = 0; i < PLOT_POINTS; i++) {
        for (int f = 0; f < 4; f++)
            y[f][i] = kind == PLOT_DERIVATIVES ? cli_f64_derivative((gelu_fn)f, x[i])
                                               : cli_f64((gelu_fn)f, x[i]);
    }
    svg_chart chart = {.width = width, .height = height, .x = x, .n = PLOT_POINTS,
                       .x_label = "x"};
    static const char *const colors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};
    static const char *const dashes[] = {NULL, "7 4", "2 3", NULL};
    if (kind == PLOT_ERROR) {
        for (int i = 0; i < PLOT_POINTS; i++) {
            y[1][i] -= y[0][i];
            y[2][i] -= y[0][i];
            if (log_scale) {
                y[1][i] = fabs(y[1][i]);
                y[2][i] = fabs(y[2][i]);
            }
        }
        chart.title = log_scale ? "Difference from exact GELU (log scale)"
                                : "Difference from exact GELU";
        chart.y_label = log_scale ? "|f(x) - GELU(x)|" : "f(x) - GELU(x)";
        chart.y_log = log_scale;
        chart.series[0] = (svg_series){log_scale ? "|tanh form - GELU|" : "tanh form - GELU",
                                       colors[1], NULL, y[1]};
        chart.series[1] = (svg_series){log_scale ? "|sigmoid form - GELU|" : "sigmoid form - GELU",
                                       colors[2], NULL, y[2]};
        chart.n_series = 2;
    } else {
        static const char *const names[2][4] = {
            {"GELU (exact, x Phi(x))", "tanh form", "sigmoid form (1.702x)", "ReLU"},
            {"GELU' (exact)", "tanh form'", "sigmoid form'", "ReLU'"}};
        int d = kind == PLOT_DERIVATIVES;
        chart.title = d ? "Derivatives of GELU, its approximations and ReLU"
                        : "GELU, its approximations and ReLU";
        chart.y_label = d ? "f'(x)" : "f(x)";
        for (int f = 0; f < 4; f++)
            chart.series[f] = (svg_series){names[d][f], colors[f], dashes[f], y[f]};
        chart.n_series = 4;
    }
    char why[128];
    if (svg_chart_check(&chart, why, sizeof why) != 0)
        return cli_usage_error("plot", "%d x %d pixels is too small: this chart %s", width,
                               height, why);
    FILE *out = fopen(output, "w");
    if (out == NULL) {
        fprintf(stderr, "gelu plot: cannot write '%s': %s\n", cli_quote(output, q, sizeof q),
                strerror(errno));
        return 1;
    }
    errno = 0;
    int failed = svg_chart_write(&chart, out) != 0;
    int error_number = errno;
    if (fclose(out) != 0 && !failed) {
        failed = 1;
        error_number = errno;
    }
    if (failed) {
        fprintf(stderr, "gelu plot: writing '%s' failed: %s\n", cli_quote(output, q, sizeof q),
                error_number != 0 ? strerror(error_number) : "a write error");
        return 1;
    }
    printf("gelu plot: wrote %s (%d x %d, %s over [%g, %g])\n", output, width, height,
           chart.title, a, b);
    return 0;
}
