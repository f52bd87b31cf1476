/* fused_f32.c -- bias + GELU and GEGLU on f32, one pass over memory (gelu.h §6).
 *
 * Method: blocks of up to GELU_FUSED_BLOCK elements of one row.  The sum (or product) goes
 * into a buffer on the stack, the ISA's f32 kernel runs on it there (in L1), and the result is
 * written out, with non-temporal stores when the call is large (args->stream).  The kernels
 * and the helpers are the ones the unfused calls use, so every result equals the unfused
 * composition bit for bit; dbias adds each column's dx in double in row order (one pass down
 * the rows per block of columns), so its bits depend on neither the ISA nor the split.
 * While a block is summed (or multiplied) the next block's inputs are prefetched a line at a
 * time, so that its memory waits overlap this block's work. */
#include <stddef.h>
#include <string.h>

#include "kernels.h"

/* Floats a buffer: 1 KiB; bias backward has 4 KiB of buffers on the caller's stack, within
 * the 8 KiB every entry point keeps to (gelu.h §3; was 1024 floats; tests/test_small_stack.c
 * measures it; 256 runs within 4 % of 1024, docs/performance.md, "Stack"). */
#define GELU_FUSED_BLOCK 256

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

/* dst = src (m floats), streamed or not. */
static void put(const gelu_fused_args *a, const float *src, float *dst, size_t m)
{
    if (a->stream) a->t->vec->copy_stream(src, dst, m);
    else memcpy(dst, src, m * sizeof *src);
}

/* p if the m floats from p lie before end, else NULL (nothing to prefetch). */
static const float *ahead(const float *p, size_t m, const float *end)
{
    return p != NULL && m <= (size_t)(end - p) ? p : NULL;
}

/* The ISA's in-register loop for op[f], or NULL. */
#define FUSED_LOOP(t, op, f) ((t)->fused != NULL ? (t)->fused->op[f] : NULL)

void gelu_bias_forward_f32_part(const gelu_fused_args *a, size_t lo, size_t hi)
{
    const gelu_kernel_table *t = a->t;
    const float *x = a->x, *x_end = x + hi;
    float *y = a->out;
    float s[GELU_FUSED_BLOCK];
    void (*loop)(const float *, const float *, float *, size_t, int) =
        FUSED_LOOP(t, bias_forward, a->f);
    for (size_t i = lo; loop != NULL && i < hi;) { /* to the end of each row */
        size_t c = i % a->cols, m = min_size(hi - i, a->cols - c);
        loop(x + i, a->bias + c, y + i, m, a->stream);
        i += m;
    }
    for (size_t i = lo; loop == NULL && i < hi;) {
        size_t c = i % a->cols, m = min_size(min_size(hi - i, a->cols - c), GELU_FUSED_BLOCK);
        t->vec->add(x + i, a->bias + c, s, m, ahead(x + i + m, m, x_end), NULL);
        if (a->stream) {
            t->forward_f32[a->f](s, s, m);
            t->vec->copy_stream(s, y + i, m);
        } else {
            t->forward_f32[a->f](s, y + i, m);
        }
        i += m;
    }
    if (a->stream) t->vec->stream_fence();
}

/* Columns [lo, hi): each block of columns goes down every row, then its dbias is rounded. */
void gelu_bias_backward_f32_part(const gelu_fused_args *a, size_t lo, size_t hi)
{
    const gelu_kernel_table *t = a->t;
    const float *x = a->x, *dy = a->dy;
    const float *x_end = x + a->rows * a->cols, *dy_end = dy + a->rows * a->cols;
    float *dx = a->out;
    float s[GELU_FUSED_BLOCK], d[GELU_FUSED_BLOCK];
    double acc[GELU_FUSED_BLOCK];
    void (*loop)(const float *, const float *, const float *, float *, double *, size_t,
                 const float *, const float *, int) = FUSED_LOOP(t, bias_backward, a->f);
    for (size_t c0 = lo; c0 < hi; c0 += GELU_FUSED_BLOCK) {
        size_t m = min_size(hi - c0, GELU_FUSED_BLOCK);
        for (size_t j = 0; j < m; j++) acc[j] = 0.0;
        for (size_t r = 0; r < a->rows; r++) {
            size_t off = r * a->cols + c0;
            const float *next_x = r + 1 < a->rows ? x + off + a->cols : NULL;
            const float *next_dy = r + 1 < a->rows ? dy + off + a->cols : NULL;
            if (loop != NULL) {
                loop(x + off, a->bias + c0, dy + off, dx + off, acc, m,
                     ahead(next_x, m, x_end), ahead(next_dy, m, dy_end), a->stream);
                continue;
            }
            t->vec->add(x + off, a->bias + c0, s, m, ahead(next_x, m, x_end),
                        ahead(next_dy, m, dy_end));
            t->backward_f32[a->f](s, dy + off, d, m);
            t->vec->accumulate(d, acc, m);
            put(a, d, dx + off, m);
        }
        for (size_t j = 0; j < m; j++) {
            /* NaN (a NaN dx, or inf - inf): the default NaN, whatever the order of adds */
            a->dbias[c0 + j] = acc[j] == acc[j] ? (float)acc[j] : __builtin_nanf("");
        }
    }
    if (a->stream) t->vec->stream_fence();
}

/* GEGLU: the value and gate of output element i (row r, column c) and of the block after
 * the one of m elements starting there (NULL where there is none). */
typedef struct geglu_block {
    const float *value, *gate, *next_value, *next_gate;
} geglu_block;

static geglu_block geglu_locate(const gelu_fused_args *a, size_t i, size_t m, size_t hi)
{
    const float *x = a->x, *x_end = x + 2 * a->rows * a->cols;
    size_t r = i / a->cols, c = i % a->cols;
    geglu_block b = {x + 2 * r * a->cols + c, NULL, NULL, NULL};
    b.gate = b.value + a->cols;
    if (i + m < hi) {
        b.next_value = c + m < a->cols ? b.value + m : b.value - c + 2 * a->cols;
        b.next_gate = ahead(b.next_value + a->cols, m, x_end);
        b.next_value = ahead(b.next_value, m, x_end);
    }
    return b;
}

void geglu_forward_f32_part(const gelu_fused_args *a, size_t lo, size_t hi)
{
    const gelu_kernel_table *t = a->t;
    float *y = a->out;
    float g[GELU_FUSED_BLOCK], p[GELU_FUSED_BLOCK];
    void (*loop)(const float *, const float *, float *, size_t, int) =
        FUSED_LOOP(t, geglu_forward, a->f);
    for (size_t i = lo; loop != NULL && i < hi;) { /* to the end of each row */
        size_t c = i % a->cols, m = min_size(hi - i, a->cols - c);
        const float *value = (const float *)a->x + 2 * (i / a->cols) * a->cols + c;
        loop(value, value + a->cols, y + i, m, a->stream);
        i += m;
    }
    for (size_t i = lo; loop == NULL && i < hi;) {
        size_t c = i % a->cols, m = min_size(min_size(hi - i, a->cols - c), GELU_FUSED_BLOCK);
        geglu_block b = geglu_locate(a, i, m, hi);
        t->forward_f32[a->f](b.gate, g, m);
        if (a->stream) {
            t->vec->mul(b.value, g, p, m, b.next_value, b.next_gate);
            t->vec->copy_stream(p, y + i, m);
        } else {
            t->vec->mul(b.value, g, y + i, m, b.next_value, b.next_gate);
        }
        i += m;
    }
    if (a->stream) t->vec->stream_fence();
}

/* Elements [lo, hi) of the rows x cols dy; dx may be x, so both halves of a block are
 * computed before either is written. */
void geglu_backward_f32_part(const gelu_fused_args *a, size_t lo, size_t hi)
{
    const gelu_kernel_table *t = a->t;
    const float *dy = a->dy, *dy_end = dy + hi;
    float *dx = a->out;
    float fg[GELU_FUSED_BLOCK], g[GELU_FUSED_BLOCK], dv[GELU_FUSED_BLOCK], dg[GELU_FUSED_BLOCK];
    for (size_t i = lo; i < hi;) {
        size_t c = i % a->cols, m = min_size(min_size(hi - i, a->cols - c), GELU_FUSED_BLOCK);
        geglu_block b = geglu_locate(a, i, m, hi);
        size_t off = (size_t)(b.value - (const float *)a->x);
        t->forward_f32[a->f](b.gate, fg, m);                                  /* f(gate) */
        t->vec->mul(dy + i, b.value, g, m, ahead(dy + i + m, m, dy_end), b.next_value);
        t->vec->mul(dy + i, fg, dv, m, b.next_gate, NULL);                   /* d_value */
        t->backward_f32[a->f](b.gate, g, dg, m);                             /* d_gate */
        put(a, dv, dx + off, m);
        put(a, dg, dx + off + a->cols, m);
        i += m;
    }
    if (a->stream) t->vec->stream_fence();
}
