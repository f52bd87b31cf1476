/* A line chart written as SVG 1.1: axes, ticks at 1-2-5 steps (or at powers of ten on a
 * log scale), grid, legend, title.  Plain attributes only (no CSS, no scripts, no fonts
 * beyond the generic sans-serif), so browsers and librsvg draw it alike.
 *
 * Layout: the margins grow to hold the tick labels (none is cut at the edge of the image);
 * the legend goes in a corner of the plot area that no line passes through (the preferred
 * corner first, then top left, top right, bottom right, bottom left), or, where every
 * corner is crossed, to the right of the plot area.  Text widths are estimated as
 * SVG_CHART_CHAR_EM times the font size a character.  Every loop is bounded whatever the
 * data: a range too narrow for its ticks to be told apart is drawn without ticks. */
#ifndef GELU_CLI_SVG_CHART_H
#define GELU_CLI_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

#define SVG_MAX_SERIES 8
/* Estimated width of a character, in font sizes: DejaVu Sans (the usual sans-serif on
 * Linux) draws digits 0.634 em wide and text 0.49 to 0.52 em a character, as rendered by
 * rsvg-convert; wide capitals (W, M) are wider. */
#define SVG_CHART_CHAR_EM 0.65

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
    int legend_bottom_right; /* the corner tried first for the legend: 0 top left, 1 bottom right */
    int x_integer;          /* 1: x ticks at whole numbers only (epochs, counts) */
    int y_log;              /* 1: y on a log10 scale, ticks at powers of ten; y <= 0 are gaps */
} svg_chart;

/* 0 when the title, the axes and the legend fit the chart's width and height; else -1,
 * with a one-line reason in why ("needs at least W x H pixels", no newline). */
int svg_chart_check(const svg_chart *chart, char *why, size_t size);

/* Writes the chart to f.  Returns 0; -1 if f reported a write error; -2, having written
 * nothing, if the chart does not fit its size (svg_chart_check says why). */
int svg_chart_write(const svg_chart *chart, FILE *f);

#endif
