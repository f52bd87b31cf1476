/* A line chart written as SVG 1.1 (svg_chart.h). */
#include "svg_chart.h"

#include <math.h>
#include <string.h>

#define MARGIN_LEFT 78
#define MARGIN_RIGHT 24
#define MARGIN_TOP 48
#define MARGIN_BOTTOM 56

typedef struct frame {
    double x0, x1, y0, y1;                /* data range shown */
    double left, right, top, bottom;      /* plot area, pixels */
} frame;

static double px(const frame *f, double x) { return f->left + (x - f->x0) / (f->x1 - f->x0) * (f->right - f->left); }
static double py(const frame *f, double y) { return f->bottom - (y - f->y0) / (f->y1 - f->y0) * (f->bottom - f->top); }

/* A tick step of 1, 2 or 5 times a power of ten giving about 5 to 10 ticks over span. */
static double tick_step(double span)
{
    double raw = span / 6;
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/* v at the tick step's precision ("-0" as "0"): fixed-point with as many decimals as the
 * step needs ("90", "0.25", "0.0005"), or else the shortest of %.1g ... %.6g that shows it
 * (very large or very small ticks). */
static void tick_label(double v, double step, char *buf, size_t size)
{
    if (fabs(v) < step * 1e-9)
        v = 0;
    if (step >= 1e-6 && fabs(v) < 1e7) {
        int decimals = 0;
        while (decimals < 6 && fabs(step * pow(10, decimals) - floor(step * pow(10, decimals) + 0.5)) > 1e-6)
            decimals++;
        snprintf(buf, size, "%.*f", decimals, v);
        if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
            memmove(buf, buf + 1, strlen(buf)); /* "-0.0" -> "0.0" */
        return;
    }
    for (int digits = 1; digits <= 6; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        double back = 0;
        if (sscanf(buf, "%lf", &back) == 1 && fabs(back - v) <= step * 1e-6)
            return;
    }
}

static void data_range(const svg_chart *c, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int s = 0; s < c->n_series; s++) {
        for (size_t i = 0; i < c->n; i++) {
            double y = c->series[s].y[i];
            if (isfinite(y)) {
                if (y < *lo) *lo = y;
                if (y > *hi) *hi = y;
            }
        }
    }
    if (!(*lo <= *hi)) {
        *lo = -1;
        *hi = 1;
    }
    if (*hi - *lo < 1e-300) {
        *lo -= 1;
        *hi += 1;
    }
    double pad = (*hi - *lo) * 0.05;
    *lo -= pad;
    *hi += pad;
}

int svg_chart_write(const svg_chart *c, FILE *f)
{
    frame fr = {c->x[0], c->x[c->n - 1], 0, 0, MARGIN_LEFT, c->width - MARGIN_RIGHT,
                MARGIN_TOP, c->height - MARGIN_BOTTOM};
    data_range(c, &fr.y0, &fr.y1);
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
               "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n",
            c->width, c->height, c->width, c->height);
    fprintf(f, "<title>%s</title>\n", c->title);
    fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
            c->width, c->height);
    fprintf(f, "<defs><clipPath id=\"plot-area\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
               "height=\"%.1f\"/></clipPath></defs>\n",
            fr.left, fr.top, fr.right - fr.left, fr.bottom - fr.top);

    /* grid and tick labels */
    char label[32];
    double xs = tick_step(fr.x1 - fr.x0), ys = tick_step(fr.y1 - fr.y0);
    fprintf(f, "<g stroke=\"#dddddd\" stroke-width=\"1\">\n");
    for (double t = ceil(fr.x0 / xs) * xs; t <= fr.x1 + xs * 1e-9; t += xs)
        fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>\n", px(&fr, t), fr.top,
                px(&fr, t), fr.bottom);
    for (double t = ceil(fr.y0 / ys) * ys; t <= fr.y1 + ys * 1e-9; t += ys)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\"/>\n", fr.left, py(&fr, t),
                fr.right, py(&fr, t));
    fprintf(f, "</g>\n<g font-size=\"12\" fill=\"#333333\">\n");
    for (double t = ceil(fr.x0 / xs) * xs; t <= fr.x1 + xs * 1e-9; t += xs) {
        tick_label(t, xs, label, sizeof label);
        fprintf(f, "<text x=\"%.2f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", px(&fr, t),
                fr.bottom + 18, label);
    }
    for (double t = ceil(fr.y0 / ys) * ys; t <= fr.y1 + ys * 1e-9; t += ys) {
        tick_label(t, ys, label, sizeof label);
        fprintf(f, "<text x=\"%.1f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n", fr.left - 8,
                py(&fr, t) + 4, label);
    }
    fprintf(f, "</g>\n");

    /* axes: the frame, and the lines x = 0 and y = 0 where they are inside it */
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
               "stroke=\"#333333\" stroke-width=\"1\"/>\n",
            fr.left, fr.top, fr.right - fr.left, fr.bottom - fr.top);
    if (fr.x0 < 0 && fr.x1 > 0)
        fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#888888\" "
                   "stroke-width=\"1\"/>\n", px(&fr, 0), fr.top, px(&fr, 0), fr.bottom);
    if (fr.y0 < 0 && fr.y1 > 0)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\" stroke=\"#888888\" "
                   "stroke-width=\"1\"/>\n", fr.left, py(&fr, 0), fr.right, py(&fr, 0));

    /* the series, clipped to the plot area; a non-finite value starts a new polyline */
    fprintf(f, "<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"2\" "
               "stroke-linejoin=\"round\">\n");
    for (int s = 0; s < c->n_series; s++) {
        const svg_series *se = &c->series[s];
        int open = 0;
        for (size_t i = 0; i < c->n; i++) {
            if (!isfinite(se->y[i])) {
                if (open) fprintf(f, "\"/>\n");
                open = 0;
                continue;
            }
            if (!open) {
                fprintf(f, "<polyline stroke=\"%s\"%s%s%s points=\"", se->color,
                        se->dash ? " stroke-dasharray=\"" : "", se->dash ? se->dash : "",
                        se->dash ? "\"" : "");
                open = 1;
            }
            fprintf(f, "%.2f,%.2f ", px(&fr, c->x[i]), py(&fr, se->y[i]));
        }
        if (open) fprintf(f, "\"/>\n");
    }
    fprintf(f, "</g>\n");

    /* legend (top left of the plot area, or bottom right), title, axis labels */
    double lx = fr.left + 12, ly = fr.top + 12;
    if (c->legend_bottom_right) {
        lx = fr.right - 12 - 250;
        ly = fr.bottom - 12 - (10 + 20 * c->n_series);
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"250\" height=\"%d\" fill=\"#ffffff\" "
               "fill-opacity=\"0.9\" stroke=\"#bbbbbb\"/>\n", lx, ly, 10 + 20 * c->n_series);
    for (int s = 0; s < c->n_series; s++) {
        double yy = ly + 16 + 20 * s;
        const svg_series *se = &c->series[s];
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                   "stroke-width=\"2\"%s%s%s/>\n", lx + 8, yy, lx + 38, yy, se->color,
                se->dash ? " stroke-dasharray=\"" : "", se->dash ? se->dash : "",
                se->dash ? "\"" : "");
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#222222\">%s</text>\n",
                lx + 46, yy + 4, se->label);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"28\" font-size=\"17\" text-anchor=\"middle\" "
               "fill=\"#111111\">%s</text>\n", (fr.left + fr.right) / 2, c->title);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" text-anchor=\"middle\" "
               "fill=\"#333333\">%s</text>\n", (fr.left + fr.right) / 2, (double)c->height - 14,
            c->x_label);
    fprintf(f, "<text x=\"18\" y=\"%.1f\" font-size=\"14\" text-anchor=\"middle\" "
               "fill=\"#333333\" transform=\"rotate(-90 18 %.1f)\">%s</text>\n",
            (fr.top + fr.bottom) / 2, (fr.top + fr.bottom) / 2, c->y_label);
    fprintf(f, "</svg>\n");
    return ferror(f) ? -1 : 0;
}
