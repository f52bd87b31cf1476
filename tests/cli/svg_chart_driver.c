/* A command around tools/svg/svg_chart.c for tests/cli/test_svg_chart.py, which compiles it
 * with the chart code and draws charts of any data through it.
 *
 *   svg_chart_driver WIDTH HEIGHT X_INTEGER Y_LOG LEGEND_BOTTOM_RIGHT < data
 *
 * data: "n k" (points and series, k <= SVG_MAX_SERIES), then n lines of x and the k series'
 * y values (anything strtod reads: inf, nan, hex floats).  Writes the SVG on stdout.  Exit
 * status: 0 drawn, 2 too small (svg_chart_check's reason on stderr), 1 bad data or a write
 * error. */
#include <stdio.h>
#include <stdlib.h>

#include "svg_chart.h"

int main(int argc, char **argv)
{
    if (argc != 6)
        return 1;
    size_t n;
    int k;
    if (scanf("%zu %d", &n, &k) != 2 || n < 1 || n > 1000000 || k < 0 || k > SVG_MAX_SERIES)
        return 1;
    double *x = malloc(n * sizeof *x), *y = malloc(n * (size_t)(k + 1) * sizeof *y);
    if (x == NULL || y == NULL)
        return 1;
    char word[128];
    for (size_t i = 0; i < n; i++) {
        for (int s = 0; s <= k; s++) {
            if (scanf("%127s", word) != 1)
                return 1;
            double v = strtod(word, NULL);
            if (s == 0)
                x[i] = v;
            else
                y[(size_t)(s - 1) * n + i] = v;
        }
    }
    static const char *const colors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                         "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    static const char *const labels[] = {"first series", "second", "<third> & more",
                                         "fourth", "fifth", "sixth", "seventh", "eighth"};
    svg_chart c = {.width = atoi(argv[1]), .height = atoi(argv[2]),
                   .title = "A chart drawn by svg_chart_driver", .x_label = "epoch",
                   .y_label = "value", .x = x, .n = n, .n_series = k,
                   .x_integer = atoi(argv[3]), .y_log = atoi(argv[4]),
                   .legend_bottom_right = atoi(argv[5])};
    for (int s = 0; s < k; s++)
        c.series[s] = (svg_series){labels[s], colors[s], s % 2 ? "7 4" : NULL, y + (size_t)s * n};
    char why[200];
    if (svg_chart_check(&c, why, sizeof why) != 0) {
        fprintf(stderr, "svg_chart_driver: %s\n", why);
        return 2;
    }
    int rc = svg_chart_write(&c, stdout);
    free(x);
    free(y);
    return rc == 0 && fflush(stdout) == 0 ? 0 : 1;
}
