/* fused_bf16.c -- bias + GELU and GEGLU on bf16 (uint16_t bit patterns), one pass over memory
 * (gelu.h §6).  Same method as fused_f32.c: blocks of one row go through buffers on the stack
 * and the correctly rounded bf16 kernels of src/half_kernels.c (the sums and products
 * here are plain C loops, vectorised where the compiler can), so every result equals the
 * unfused composition bit for bit.  bias and dbias are f32; dbias adds the bf16 dx (widened,
 * exactly) in double in row order. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "half_format.h"
#include "kernels.h"

/* Elements a block.  The buffers live on the caller's stack, above the half kernels' own
 * (src/half_kernels.c), within the 8 KiB every entry point keeps to (gelu.h section 3;
 * tests/test_small_stack.c; docs/performance.md, "Stack"): the forwards keep 2 bytes an
 * element, GEGLU backward 8, bias backward 16 (its dbias sums in double), hence three
 * sizes.  Longer blocks only save the fixed cost of each kernel call; no size changes a bit. */
#define GELU_FUSED_BLOCK 256          /* bias forward, GEGLU forward */
#define GELU_FUSED_GEGLU_BACKWARD_BLOCK 128
#define GELU_FUSED_BIAS_BACKWARD_BLOCK 64

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

static float widen(uint16_t h) { return gelu_half_float_of_bits((uint32_t)h << 16); }

static void widen_block(const uint16_t *h, float *out, size_t m)
{
    for (size_t j = 0; j < m; j++) out[j] = widen(h[j]);
}

/* f32 -> bf16, nearest even; NaN quieted, sign and payload kept. */
static uint16_t bf16_of_float(float v)
{
    uint32_t u = gelu_half_bits_of_float(v);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x0040u);
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

/* The bf16 product of two bf16 values: the exact product rounded once (gelu.h §6). */
static uint16_t bf16_mul(uint16_t a, uint16_t b)
{
    float fa = widen(a), fb = widen(b);
    if (fa != fa) return (uint16_t)(a | 0x0040u);
    if (fb != fb) return (uint16_t)(b | 0x0040u);
    float p = fa * fb; /* exact where it is a normal float or +-inf from overflow */
    if (p != p) return 0x7fc0u;
    if (fabsf(p) >= 0x1p-126f || fa == 0.0f || fb == 0.0f) return bf16_of_float(p);
    return gelu_half_from_double((double)fa * (double)fb, &gelu_bf16_format, 0);
}

/* s = bf16(x + bias) for one block: the f32 sum (NaN rule of gelu.h §6), rounded. */
static void bias_sum_block(const uint16_t *x, const float *bias, uint16_t *s, size_t m)
{
    for (size_t j = 0; j < m; j++) {
        float xf = widen(x[j]), sum = xf + bias[j];
        if (sum != sum) sum = xf != xf ? xf : bias[j] != bias[j] ? bias[j] : __builtin_nanf("");
        s[j] = bf16_of_float(sum);
    }
}

void gelu_bias_forward_bf16_part(const gelu_fused_args *a, size_t lo, size_t hi)
{
    const uint16_t *x = a->x;
    uint16_t *y = a->out;
    uint16_t s[GELU_FUSED_BLOCK];
    for (size_t i = lo; i < hi;) {
        size_t c = i % a->cols, m = min_size(min_size(hi - i, a->cols - c), GELU_FUSED_BLOCK);
        bias_sum_block(x + i, a->bias + c, s, m);
        gelu_forward_bf16_with(a->t, a->f, s, y + i, m);
        i += m;
    }
}

void gelu_bias_backward_bf16_part(const gelu_fused_args *a, size_t lo, size_t hi)
{
    const uint16_t *x = a->x, *dy = a->dy;
    uint16_t *dx = a->out;
    uint16_t s[GELU_FUSED_BIAS_BACKWARD_BLOCK], d[GELU_FUSED_BIAS_BACKWARD_BLOCK];
    float df[GELU_FUSED_BIAS_BACKWARD_BLOCK];
    double acc[GELU_FUSED_BIAS_BACKWARD_BLOCK];
    for (size_t c0 = lo; c0 < hi; c0 += GELU_FUSED_BIAS_BACKWARD_BLOCK) {
        size_t m = min_size(hi - c0, GELU_FUSED_BIAS_BACKWARD_BLOCK);
        for (size_t j = 0; j < m; j++) acc[j] = 0.0;
        for (size_t r = 0; r < a->rows; r++) {
            size_t off = r * a->cols + c0;
            bias_sum_block(x + off, a->bias + c0, s, m);
            gelu_backward_bf16_with(a->t, a->f, s, dy + off, d, m, NULL);
            widen_block(d, df, m);
            a->t->vec->accumulate(df, acc, m);
            memcpy(dx + off, d, m * sizeof *d);
        }
        for (size_t j = 0; j < m; j++)
            a->dbias[c0 + j] = acc[j] == acc[j] ? (float)acc[j] : __builtin_nanf("");
    }
}

void geglu_forward_bf16_part(const gelu_fused_args *a, size_t lo, size_t hi)
{
    const uint16_t *x = a->x;
    uint16_t *y = a->out;
    uint16_t g[GELU_FUSED_BLOCK];
    for (size_t i = lo; i < hi;) {
        size_t r = i / a->cols, c = i % a->cols;
        size_t m = min_size(min_size(hi - i, a->cols - c), GELU_FUSED_BLOCK);
        const uint16_t *value = x + 2 * r * a->cols + c, *gate = value + a->cols;
        gelu_forward_bf16_with(a->t, a->f, gate, g, m);
        for (size_t j = 0; j < m; j++) y[i + j] = bf16_mul(value[j], g[j]);
        i += m;
    }
}

void geglu_backward_bf16_part(const gelu_fused_args *a, size_t lo, size_t hi)
{
    const uint16_t *x = a->x, *dy = a->dy;
    uint16_t *dx = a->out;
    uint16_t fg[GELU_FUSED_GEGLU_BACKWARD_BLOCK], g[GELU_FUSED_GEGLU_BACKWARD_BLOCK],
        dv[GELU_FUSED_GEGLU_BACKWARD_BLOCK], dg[GELU_FUSED_GEGLU_BACKWARD_BLOCK];
    for (size_t i = lo; i < hi;) {
        size_t r = i / a->cols, c = i % a->cols;
        size_t m = min_size(min_size(hi - i, a->cols - c), GELU_FUSED_GEGLU_BACKWARD_BLOCK);
        size_t off = 2 * r * a->cols + c;
        const uint16_t *value = x + off, *gate = value + a->cols;
        gelu_forward_bf16_with(a->t, a->f, gate, fg, m);
        for (size_t j = 0; j < m; j++) {
            g[j] = bf16_mul(dy[i + j], value[j]);
            dv[j] = bf16_mul(dy[i + j], fg[j]);
        }
        gelu_backward_bf16_with(a->t, a->f, gate, g, dg, m, NULL);
        memcpy(dx + off, dv, m * sizeof *dv);
        memcpy(dx + off + a->cols, dg, m * sizeof *dg);
        i += m;
    }
}
