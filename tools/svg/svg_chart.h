/* A line chart written as SVG 1.1: axes, ticks at 1-2-5 steps, grid, legend, title.  Plain
 * attributes only (no CSS, no scripts, no fonts beyond the generic sans-serif), so browsers
 * and librsvg draw it alike. */
#ifndef GELU_CLI_SVG_CHART_H
#define GELU_CLI_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

#define SVG_MAX_SERIES 8

typedef struct svg_series {
    const char *label;
    const char *color;      /* an SVG color: "#1f77b4" */
    const char *dash;       /* stroke-dasharray, or NULL for a solid line */
    const double *y;        /* n values at the chart's x values; non-finite ones are gaps */
} svg_series;

typedef struct svg_chart {
    int width, height;      /* pixels */
    const char *title, *x_label, *y_label;
    const double *x;        /* n increasing values */
    size_t n;
    svg_series series[SVG_MAX_SERIES];
    int n_series;
    int legend_bottom_right; /* 0: the legend at the top left of the plot area */
} svg_chart;

/* Writes the chart to f.  Returns 0, or -1 if f reported a write error. */
int svg_chart_write(const svg_chart *chart, FILE *f);

#endif
