/* A line chart written as SVG 1.1 (svg_chart.h). */
#include "svg_chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MARGIN_LEFT 78      /* least margins, pixels; left and right grow for wide labels */
#define MARGIN_RIGHT 24
#define MARGIN_TOP 48
#define MARGIN_BOTTOM 56
#define Y_LABEL_SPACE 30    /* the rotated y-axis label, left of the y tick labels */
#define TICK_GAP 8          /* between a y tick label and the plot area */
#define EDGE 4              /* least space between any text and the edge of the image */
#define MIN_PLOT_WIDTH 150  /* the least plot area worth drawing */
#define MIN_PLOT_HEIGHT 100
#define LEGEND_INSET 12     /* between the legend and the plot area's frame */
#define LEGEND_CLEAR 3      /* between the legend box and any line (half a line's width, and more) */
#define MAX_TICKS 32
#define TICK_FONT 12
#define LEGEND_FONT 13
#define AXIS_FONT 14
#define TITLE_FONT 17

typedef struct frame {
    double x0, x1, y0, y1;                /* data range shown (y: log10 of it on a log scale) */
    double left, right, top, bottom;      /* plot area, pixels */
} frame;

typedef struct ticks {
    int count;
    double at[MAX_TICKS];
    char label[MAX_TICKS][32];
} ticks;

typedef struct box {
    double x0, y0, x1, y1;
} box;

typedef struct layout {
    frame fr;
    ticks xt, yt;
    box legend;
    double need_width, need_height;       /* what the chart needs; set when it does not fit */
} layout;

static double px(const frame *f, double x) { return f->left + (x - f->x0) / (f->x1 - f->x0) * (f->right - f->left); }
static double py(const frame *f, double y) { return f->bottom - (y - f->y0) / (f->y1 - f->y0) * (f->bottom - f->top); }

static double text_width(const char *s, double font_size)
{
    return s == NULL ? 0 : (double)strlen(s) * font_size * SVG_CHART_CHAR_EM;
}

/* The value drawn for y: y itself, or log10 y on a log scale (NaN, a gap, for y <= 0). */
static double shown_y(const svg_chart *c, double y)
{
    if (!isfinite(y))
        return NAN;
    if (c->y_log)
        return y > 0 ? log10(y) : NAN;
    return y;
}

static int series_count(const svg_chart *c)
{
    return c->n_series < 0 ? 0 : c->n_series > SVG_MAX_SERIES ? SVG_MAX_SERIES : c->n_series;
}

/* A tick step of 1, 2 or 5 times a power of ten giving about 5 to 10 ticks over span (NaN
 * or 0 when span is not a positive normal number: no ticks then). */
static double tick_step(double span)
{
    double raw = span / 6;
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/* v at the tick step's precision ("-0" as "0"): fixed-point with as many decimals as the
 * step needs ("90", "0.25", "0.0005"), or else the shortest of %.1g ... %.17g that shows it
 * (very large or very small ticks, and ticks on a narrow range far from 0). */
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
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        double back = 0;
        if (sscanf(buf, "%lf", &back) == 1 && fabs(back - v) <= step * 1e-6)
            return;
    }
}

/* A power of ten, 10^e: "0.01", "0.1", "1", "10", "100", else "1e-5", "1e3". */
static void decade_label(int e, char *buf, size_t size)
{
    static const char *const near_one[] = {"0.01", "0.1", "1", "10", "100"};
    if (e >= -2 && e <= 2)
        snprintf(buf, size, "%s", near_one[e + 2]);
    else
        snprintf(buf, size, "1e%d", e);
}

/* The ticks over [lo, hi]: at most MAX_TICKS, each a whole number of steps, strictly
 * increasing, labels all different; none where the range is not finite, empty, or too
 * narrow for its ticks to be told apart.  whole: steps of at least 1 (integer values;
 * on a log scale, whole decades). */
static void make_ticks(double lo, double hi, int whole, int log_scale, ticks *t)
{
    t->count = 0;
    if (!(isfinite(lo) && isfinite(hi) && hi > lo && isfinite(hi - lo)))
        return;
    double step = tick_step(hi - lo);
    if ((whole || log_scale) && step < 1)
        step = 1;
    if (!(step > 0 && isfinite(step)))
        return;
    double k0 = ceil(lo / step), k1 = floor(hi / step + 1e-9);
    if (!(k1 >= k0 && k1 - k0 < MAX_TICKS && fabs(k0) <= 0x1p50 && fabs(k1) <= 0x1p50))
        return;
    int n = (int)(k1 - k0) + 1;
    for (int k = 0; k < n; k++) {
        double v = (k0 + k) * step;
        if (log_scale)
            decade_label((int)v, t->label[k], sizeof t->label[k]);
        else
            tick_label(v, step, t->label[k], sizeof t->label[k]);
        if (k > 0 && !(v > t->at[k - 1] && strcmp(t->label[k], t->label[k - 1]) != 0))
            return;   /* no progress: no ticks (count is still 0) */
        t->at[k] = v;
    }
    t->count = n;
}

static double widest_label(const ticks *t)
{
    double w = 0;
    for (int k = 0; k < t->count; k++)
        w = fmax(w, text_width(t->label[k], TICK_FONT));
    return w;
}

static void data_range(const svg_chart *c, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int s = 0; s < series_count(c); s++) {
        for (size_t i = 0; i < c->n; i++) {
            double y = shown_y(c, c->series[s].y[i]);
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
    /* flat, or too narrow for ticks (a few ulps wide): a range of at least 2 around it */
    double magnitude = fmax(fabs(*lo), fabs(*hi));
    if (!(*hi - *lo > 1e-300 && *hi - *lo > magnitude * 1e-9)) {
        double half = fmax(1, magnitude * 1e-6), mid = *lo + (*hi - *lo) / 2;
        *lo = mid - half;
        *hi = mid + half;
    }
    double pad = (*hi - *lo) * 0.05;
    *lo -= pad;
    *hi += pad;
}

/* Does the segment from (ax, ay) to (bx, by) meet the box?  (Liang-Barsky clipping.) */
static int segment_meets_box(double ax, double ay, double bx, double by, const box *r)
{
    double t0 = 0, t1 = 1;
    double p[4] = {-(bx - ax), bx - ax, -(by - ay), by - ay};
    double q[4] = {ax - r->x0, r->x1 - ax, ay - r->y0, r->y1 - ay};
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] < 0)
                return 0;
            continue;
        }
        double t = q[k] / p[k];
        if (p[k] < 0) {
            if (t > t1) return 0;
            if (t > t0) t0 = t;
        } else {
            if (t < t0) return 0;
            if (t < t1) t1 = t;
        }
    }
    return 1;
}

/* Does any drawn line pass through the box (widened by LEGEND_CLEAR)? */
static int lines_meet_box(const svg_chart *c, const frame *fr, box b)
{
    b.x0 -= LEGEND_CLEAR;
    b.y0 -= LEGEND_CLEAR;
    b.x1 += LEGEND_CLEAR;
    b.y1 += LEGEND_CLEAR;
    for (int s = 0; s < series_count(c); s++) {
        double ax = NAN, ay = NAN;
        for (size_t i = 0; i < c->n; i++) {
            double bx = px(fr, c->x[i]), by = py(fr, shown_y(c, c->series[s].y[i]));
            if (!isfinite(bx) || !isfinite(by)) {
                ax = NAN;
                continue;
            }
            if (!isfinite(ax)) {
                ax = bx;
                ay = by;
            }
            if (segment_meets_box(ax, ay, bx, by, &b))
                return 1;
            ax = bx;
            ay = by;
        }
    }
    return 0;
}

/* Everything's place; 0, or -1 (with need_width and need_height) when it does not fit. */
static int compute_layout(const svg_chart *c, layout *L)
{
    frame *fr = &L->fr;
    fr->x0 = c->n > 0 ? c->x[0] : 0;
    fr->x1 = c->n > 0 ? c->x[c->n - 1] : 1;
    if (!(fr->x1 > fr->x0)) {
        fr->x0 = isfinite(fr->x0) ? fr->x0 - 1 : 0;
        fr->x1 = fr->x0 + 2;
    }
    data_range(c, &fr->y0, &fr->y1);
    make_ticks(fr->x0, fr->x1, c->x_integer, 0, &L->xt);
    make_ticks(fr->y0, fr->y1, 0, c->y_log, &L->yt);

    double x_labels = widest_label(&L->xt), y_labels = widest_label(&L->yt);
    double left = fmax(fmax(MARGIN_LEFT, Y_LABEL_SPACE + y_labels + TICK_GAP), x_labels / 2 + EDGE);
    double right_margin = fmax(MARGIN_RIGHT, x_labels / 2 + EDGE);
    fr->left = left;
    fr->right = c->width - right_margin;
    fr->top = MARGIN_TOP;
    fr->bottom = c->height - MARGIN_BOTTOM;

    int n_series = series_count(c);
    double legend_w = 0, legend_h = 0;
    for (int s = 0; s < n_series; s++)
        legend_w = fmax(legend_w, 46 + text_width(c->series[s].label, LEGEND_FONT) + 10);
    if (n_series > 0)
        legend_h = 10 + 20 * n_series;

    /* the title is centred on the image, the x-axis label on the plot area, the y-axis
     * label (turned) on the plot area's middle, 4 pixels above the image's */
    double text_w = fmax(text_width(c->title, TITLE_FONT),
                         text_width(c->x_label, AXIS_FONT) + fabs(left - right_margin)) + 2 * EDGE;
    double inside_w = left + right_margin + fmax(MIN_PLOT_WIDTH, legend_w + 2 * LEGEND_INSET);
    L->need_width = fmax(text_w, inside_w);
    L->need_height = fmax(MARGIN_TOP + MARGIN_BOTTOM + fmax(MIN_PLOT_HEIGHT, legend_h + 2 * LEGEND_INSET),
                          text_width(c->y_label, AXIS_FONT) + 2 * EDGE + 8);
    if (c->width < L->need_width || c->height < L->need_height)
        return -1;

    /* the legend: the first corner of the plot area that no line crosses */
    L->legend = (box){0, 0, 0, 0};
    if (n_series == 0)
        return 0;
    int order[5] = {c->legend_bottom_right ? 2 : 0, 0, 1, 2, 3};   /* TL, TR, BR, BL */
    for (int k = 0; k < 5; k++) {
        int corner = order[k];
        double lx = corner == 0 || corner == 3 ? fr->left + LEGEND_INSET
                                               : fr->right - LEGEND_INSET - legend_w;
        double ly = corner <= 1 ? fr->top + LEGEND_INSET : fr->bottom - LEGEND_INSET - legend_h;
        box b = {lx, ly, lx + legend_w, ly + legend_h};
        if (!lines_meet_box(c, fr, b)) {
            L->legend = b;
            return 0;
        }
    }
    /* every corner is crossed: the legend to the right of a narrower plot area */
    double outside_w = left + right_margin + MIN_PLOT_WIDTH + LEGEND_INSET + legend_w;
    if (c->width < outside_w) {
        L->need_width = fmax(L->need_width, outside_w);
        return -1;
    }
    fr->right -= LEGEND_INSET + legend_w;
    double lx = fr->right + LEGEND_INSET;
    L->legend = (box){lx, fr->top, lx + legend_w, fr->top + legend_h};
    return 0;
}

int svg_chart_check(const svg_chart *c, char *why, size_t size)
{
    layout L;
    if (compute_layout(c, &L) == 0)
        return 0;
    /* the size to suggest: one where it fits (a larger plot area can leave no corner free
     * for the legend, which then needs room beside it: a few tries find a size that holds) */
    svg_chart bigger = *c;
    for (int tries = 0; tries < 4; tries++) {
        bigger.width = (int)fmax(bigger.width, ceil(L.need_width));
        bigger.height = (int)fmax(bigger.height, ceil(L.need_height));
        if (compute_layout(&bigger, &L) == 0)
            break;
    }
    snprintf(why, size, "needs at least %d x %d pixels for its title, axes and legend",
             bigger.width, bigger.height);
    return -1;
}

/* Text as XML character data (& < > escaped). */
static void write_text(FILE *f, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if (*s == '&') fputs("&amp;", f);
        else if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else fputc(*s, f);
    }
}

static void write_dash(FILE *f, const char *dash)
{
    if (dash != NULL)
        fprintf(f, " stroke-dasharray=\"%s\"", dash);
}

int svg_chart_write(const svg_chart *c, FILE *f)
{
    layout L;
    if (compute_layout(c, &L) != 0)
        return -2;
    const frame fr = L.fr;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
               "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n",
            c->width, c->height, c->width, c->height);
    fputs("<title>", f);
    write_text(f, c->title);
    fputs("</title>\n", f);
    fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
            c->width, c->height);
    fprintf(f, "<defs><clipPath id=\"plot-area\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
               "height=\"%.1f\"/></clipPath></defs>\n",
            fr.left, fr.top, fr.right - fr.left, fr.bottom - fr.top);

    /* grid and tick labels */
    fprintf(f, "<g stroke=\"#dddddd\" stroke-width=\"1\">\n");
    for (int k = 0; k < L.xt.count; k++)
        fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>\n", px(&fr, L.xt.at[k]),
                fr.top, px(&fr, L.xt.at[k]), fr.bottom);
    for (int k = 0; k < L.yt.count; k++)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\"/>\n", fr.left,
                py(&fr, L.yt.at[k]), fr.right, py(&fr, L.yt.at[k]));
    fprintf(f, "</g>\n<g font-size=\"%d\" fill=\"#333333\">\n", TICK_FONT);
    for (int k = 0; k < L.xt.count; k++)
        fprintf(f, "<text x=\"%.2f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                px(&fr, L.xt.at[k]), fr.bottom + 18, L.xt.label[k]);
    for (int k = 0; k < L.yt.count; k++)
        fprintf(f, "<text x=\"%.1f\" y=\"%.2f\" text-anchor=\"end\">%s</text>\n",
                fr.left - TICK_GAP, py(&fr, L.yt.at[k]) + 4, L.yt.label[k]);
    fprintf(f, "</g>\n");

    /* axes: the frame, and the lines x = 0 and y = 0 where they are inside it */
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
               "stroke=\"#333333\" stroke-width=\"1\"/>\n",
            fr.left, fr.top, fr.right - fr.left, fr.bottom - fr.top);
    if (fr.x0 < 0 && fr.x1 > 0)
        fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#888888\" "
                   "stroke-width=\"1\"/>\n", px(&fr, 0), fr.top, px(&fr, 0), fr.bottom);
    if (!c->y_log && fr.y0 < 0 && fr.y1 > 0)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\" stroke=\"#888888\" "
                   "stroke-width=\"1\"/>\n", fr.left, py(&fr, 0), fr.right, py(&fr, 0));

    /* the series, clipped to the plot area; a non-finite value starts a new polyline */
    fprintf(f, "<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"2\" "
               "stroke-linejoin=\"round\">\n");
    for (int s = 0; s < series_count(c); s++) {
        const svg_series *se = &c->series[s];
        int open = 0;
        for (size_t i = 0; i < c->n; i++) {
            double y = shown_y(c, se->y[i]);
            if (!isfinite(y) || !isfinite(c->x[i])) {
                if (open) fprintf(f, "\"/>\n");
                open = 0;
                continue;
            }
            if (!open) {
                fprintf(f, "<polyline stroke=\"%s\"", se->color);
                write_dash(f, se->dash);
                fprintf(f, " points=\"");
                open = 1;
            }
            fprintf(f, "%.2f,%.2f ", px(&fr, c->x[i]), py(&fr, y));
        }
        if (open) fprintf(f, "\"/>\n");
    }
    fprintf(f, "</g>\n");

    /* legend, title, axis labels */
    if (series_count(c) > 0) {
        const box *b = &L.legend;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#ffffff\" "
                   "fill-opacity=\"0.9\" stroke=\"#bbbbbb\"/>\n",
                b->x0, b->y0, b->x1 - b->x0, b->y1 - b->y0);
        for (int s = 0; s < series_count(c); s++) {
            double yy = b->y0 + 16 + 20 * s;
            const svg_series *se = &c->series[s];
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                       "stroke-width=\"2\"", b->x0 + 8, yy, b->x0 + 38, yy, se->color);
            write_dash(f, se->dash);
            fprintf(f, "/>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"#222222\">",
                    b->x0 + 46, yy + 4, LEGEND_FONT);
            write_text(f, se->label);
            fputs("</text>\n", f);
        }
    }
    fprintf(f, "<text x=\"%.1f\" y=\"28\" font-size=\"%d\" text-anchor=\"middle\" "
               "fill=\"#111111\">", c->width / 2.0, TITLE_FONT);
    write_text(f, c->title);
    fprintf(f, "</text>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"middle\" "
               "fill=\"#333333\">", (fr.left + fr.right) / 2, (double)c->height - 14, AXIS_FONT);
    write_text(f, c->x_label);
    fprintf(f, "</text>\n<text x=\"18\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"middle\" "
               "fill=\"#333333\" transform=\"rotate(-90 18 %.1f)\">",
            (fr.top + fr.bottom) / 2, AXIS_FONT, (fr.top + fr.bottom) / 2);
    write_text(f, c->y_label);
    fprintf(f, "</text>\n</svg>\n");
    return ferror(f) ? -1 : 0;
}
