/* gelu plot: an SVG chart of the three GELU forms and ReLU, of their derivatives, or of the
 * approximations' difference from exact GELU, each point from the library's f64 kernels. */
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

static const char plot_help[] =
    "usage: gelu plot -o FILE.svg [--from A] [--to B] [--derivative | --error]\n"
    "                 [--width W] [--height H]\n"
    "\n"
    "Writes an SVG chart (axes, ticks, grid, legend, title) of exact GELU, its tanh and\n"
    "sigmoid forms and ReLU over [A, B] (default [-4, 4]), 801 points each from libgelu's\n"
    "float64 kernels.\n"
    "\n"
    "  -o, --output FILE   where to write (required)\n"
    "  --derivative        f'(x) of each instead of f(x)\n"
    "  --error             the tanh and sigmoid forms minus exact GELU\n"
    "  --width W, --height H   size in pixels (default 800 x 500; 300 to 8000)\n"
    "Example: gelu plot -o gelu.svg --from -5 --to 3\n";

typedef enum plot_kind { PLOT_FUNCTIONS, PLOT_DERIVATIVES, PLOT_ERROR } plot_kind;

static int parse_size(const char *name, const char *text, int *out)
{
    long v;
    if (cli_parse_int(text, 300, 8000, &v) != 0)
        return cli_usage_error("plot", "%s '%s' is not a whole number from 300 to 8000", name,
                               text);
    *out = (int)v;
    return 0;
}

static int parse_bound(const char *name, const char *text, double *out)
{
    if (cli_parse_double(text, out) != 0 || !isfinite(*out) || fabs(*out) > 1e6)
        return cli_usage_error("plot", "%s '%s' is not a number from -1e6 to 1e6", name, text);
    return 0;
}

int cli_command_plot(int argc, char **argv)
{
    const char *output = NULL, *v;
    double a = -4, b = 4;
    int width = 800, height = 500, r;
    int derivative = 0, error = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(plot_help, stdout);
            return 0;
        } else if ((r = cli_option("plot", argc, argv, &i, "-o", &output)) != 0
                   || (r = cli_option("plot", argc, argv, &i, "--output", &output)) != 0) {
            if (r < 0)
                return CLI_EXIT_USAGE;
        } else if ((r = cli_option("plot", argc, argv, &i, "--from", &v)) != 0) {
            if (r < 0 || parse_bound("--from", v, &a) != 0)
                return CLI_EXIT_USAGE;
        } else if ((r = cli_option("plot", argc, argv, &i, "--to", &v)) != 0) {
            if (r < 0 || parse_bound("--to", v, &b) != 0)
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
        } else {
            return cli_usage_error("plot", "unexpected argument '%s'", argv[i]);
        }
    }
    if (output == NULL)
        return cli_usage_error("plot", "no output file: give -o FILE.svg");
    if (derivative && error)
        return cli_usage_error("plot", "--derivative and --error are two different charts");
    if (!(a < b))
        return cli_usage_error("plot", "--from must be below --to");
    plot_kind kind = derivative ? PLOT_DERIVATIVES : error ? PLOT_ERROR : PLOT_FUNCTIONS;

    static double x[PLOT_POINTS], y[4][PLOT_POINTS];
    for (int i = 0; i < PLOT_POINTS; i++) {
        x[i] = a + (b - a) * i / (PLOT_POINTS - 1);
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
        }
        chart.title = "Difference from exact GELU";
        chart.y_label = "f(x) - GELU(x)";
        chart.series[0] = (svg_series){"tanh form - GELU", colors[1], NULL, y[1]};
        chart.series[1] = (svg_series){"sigmoid form - GELU", colors[2], NULL, y[2]};
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
    FILE *out = fopen(output, "w");
    if (out == NULL) {
        fprintf(stderr, "gelu plot: cannot write '%s': %s\n", output, strerror(errno));
        return 1;
    }
    int failed = svg_chart_write(&chart, out) != 0;
    failed |= fclose(out) != 0;
    if (failed) {
        fprintf(stderr, "gelu plot: writing '%s' failed: %s\n", output, strerror(errno));
        return 1;
    }
    printf("gelu plot: wrote %s (%d x %d, %s over [%g, %g])\n", output, width, height,
           chart.title, a, b);
    return 0;
}
