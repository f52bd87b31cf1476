/* half_kernels.c -- bf16 and f16 forward, correctly rounded, for every ISA.
 *
 * Method: the 16-bit inputs are widened to float (exact) and run through the ISA's f32
 * kernel, whose result r is faithful (within 1 ulp; tools/verify/verify_f32.c proves it for all
 * 2^32 inputs).  The exact value then lies strictly between r's float neighbours, so
 * rounding r to the 16-bit format gives the correctly rounded result unless a rounding
 * boundary of that format (a midpoint between two of its values, itself a float) lies within
 * one float step of r.  Those inputs (about 2^-15 of them for bf16, 2^-12 for f16) are
 * computed again with the ISA's f64 kernel (within 1.4 ulp of double) and rounded from the
 * double (for tiny x, where that double is x/2 on a rounding boundary, the exact value's
 * x^2 term decides).  Both kernels give the same bits on every ISA, so these results do too;
 * tools/verify/verify_half_forward.c compares all 65,536 inputs of each form with MPFR.
 *
 * Backward, dx = dy * f'(x) correctly rounded: both widened to float; f'(x) from the ISA's
 * f32 backward kernel with dy = 1 (faithful: within 1 float ulp, so the exact product lies
 * within |dy| ulp(f') < 2^30 units of the last bit of p = dy f' computed exactly in double);
 * p rounded to the format unless a rounding boundary lies that close (or f' is subnormal or
 * zero in float, where its error is not relative).  Those pairs take f'(x) from the ISA's f64
 * kernel (within 1.4 ulp of double; p within 4 units), and the few still undecided the
 * double-double f'(x) of src/scalar/gelu_exact_dd.c.  ReLU, x = +-0 (f' = 1/2 exactly) and
 * x = +-inf (f' = 1 or -0) have an exact f', so p is exact and rounds directly; a tie there
 * is a true tie and goes to even.  NaN rules of gelu.h section 3: x's NaN, else dy's NaN
 * (quieted), else a NaN of the product (inf * 0) is the default quiet NaN. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "half_format.h"
#include "kernels.h"
#include "scalar/gelu_exact_dd.h"

/* Stack: every entry point keeps within the 8 KiB of caller stack that gelu.h promises
 * (tests/test_small_stack.c measures it; docs/performance.md, "Stack").  So the buffers are
 * sized by what they hold, not by one block length: the f32 path's buffers hold
 * GELU_HALF_BLOCK lanes; the bf16 one-pass kernel, which settles most lanes without them,
 * runs on GELU_HALF_ONE_PASS_BLOCK lanes (an open-lane mask and, in place, a copy of the
 * inputs); the rare lanes that need the f64 kernel go GELU_HALF_RARE at a time.  None of
 * this changes a bit (every lane's result is its own); longer blocks only save the fixed
 * cost of each kernel call (bench/bench_blocks.c measured 64-lane blocks 10-25 % slower than
 * 512 on AVX-512, 256 within 3 %). */
#define GELU_HALF_BLOCK 128
#define GELU_HALF_ONE_PASS_BLOCK 512
#define GELU_HALF_RARE 32

/* Moves *j to the next lane at or after it whose bit is set in open (bit i % 16 of
 * open[i / 16]); 1 if none. */
static inline int skip_settled(const uint16_t *open, size_t m, size_t *j)
{
    size_t i = *j;
    while (i < m) {
        unsigned w = (unsigned)open[i / 16] >> (i % 16);
        if (w) {
            i += (size_t)__builtin_ctz(w);
            break;
        }
        i = (i / 16 + 1) * 16;
    }
    *j = i;
    return i >= m;
}

/* Forward lanes whose f32 result lies too near a rounding boundary of the half format: the
 * f64 kernel settles them, a batch at a time (at: the lane's index in the current block). */
typedef struct half_forward_rare {
    size_t k;
    uint16_t at[GELU_HALF_RARE];
    double x[GELU_HALF_RARE], y[GELU_HALF_RARE];
} half_forward_rare;

/* Settles the batch into y (the current block's output). */
static void forward_rare_flush(const gelu_kernel_table *t, gelu_fn f, half_forward_rare *r,
                               uint16_t *y, const gelu_half_format *F)
{
    if (r->k == 0) return;
    t->forward_f64[f](r->x, r->y, r->k);
    /* For tiny |x| the double is x/2 exactly while f(x) = x/2 + c x^2 + ..., c > 0 for
     * every GELU form: where that double is a tie, the exact value is above it. */
    for (size_t q = 0; q < r->k; q++) {
        int tie = f != GELU_RELU && r->x[q] > -0x1p-40 && r->x[q] < 0x1p-40;
        y[r->at[q]] = gelu_half_from_double(r->y[q], F, tie);
    }
    r->k = 0;
}

static void forward_rare_add(const gelu_kernel_table *t, gelu_fn f, half_forward_rare *r,
                             uint16_t *y, const gelu_half_format *F, size_t at, float x)
{
    r->at[r->k] = (uint16_t)at;
    r->x[r->k++] = (double)x;
    if (r->k == GELU_HALF_RARE) forward_rare_flush(t, f, r, y, F);
}

/* The f32 kernel on c gathered lanes (xf; at: their indices in y): each rounded to bf16,
 * or put in the rare batch where that rounding is not sure. */
static void forward_bf16_gathered(const gelu_kernel_table *t, gelu_fn f, const float *xf,
                                  float *yf, const uint16_t *at, size_t c, uint16_t *y,
                                  half_forward_rare *rare)
{
    if (c == 0) return;
    t->forward_f32[f](xf, yf, c);
    for (size_t q = 0; q < c; q++) {
        int near;
        uint16_t h = gelu_bf16_from_float(yf[q], &near);
        if (near)
            forward_rare_add(t, f, rare, y, &gelu_bf16_format, at[q], xf[q]);
        else
            y[at[q]] = h;
    }
}

/* bf16 forward of a GELU form on m <= GELU_HALF_ONE_PASS_BLOCK lanes through the ISA's
 * one-pass kernel (t->half->forward_bf16); the lanes it leaves open go through the f32
 * kernel, GELU_HALF_BLOCK at a time, and where that is near a boundary, the f64 kernel. */
static void forward_bf16_block(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                               uint16_t *y, size_t m, float *xf, float *yf,
                               half_forward_rare *rare)
{
    uint16_t copy[GELU_HALF_ONE_PASS_BLOCK], open[GELU_HALF_ONE_PASS_BLOCK / 16];
    uint16_t at[GELU_HALF_BLOCK];
    const uint16_t *hx = x;
    if (x == y) { /* in place: keep the inputs the open lanes need */
        memcpy(copy, x, m * sizeof *x);
        hx = copy;
    }
    t->half->forward_bf16(f, hx, y, open, m);
    size_t c = 0;
    for (size_t j = 0; j < m; j++) {
        if (skip_settled(open, m, &j)) break;
        xf[c] = gelu_half_to_float(hx[j], &gelu_bf16_format);
        at[c++] = (uint16_t)j;
        if (c == GELU_HALF_BLOCK) {
            forward_bf16_gathered(t, f, xf, yf, at, c, y, rare);
            c = 0;
        }
    }
    forward_bf16_gathered(t, f, xf, yf, at, c, y, rare);
    forward_rare_flush(t, f, rare, y, &gelu_bf16_format);
}

/* Forward through the f32 kernel on m <= GELU_HALF_BLOCK lanes: widened, computed, narrowed
 * where SIMD rounding settles a lane, the others rounded here or put in the rare batch. */
static void forward_half_block(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                               uint16_t *y, size_t m, const gelu_half_format *F, float *xf,
                               float *yf, half_forward_rare *rare)
{
    int f16 = F != &gelu_bf16_format;
    if (t->half) {
        t->half->widen(f16, x, xf, m);
    } else {
        for (size_t j = 0; j < m; j++) xf[j] = gelu_half_to_float(x[j], F);
    }
    t->forward_f32[f](xf, yf, m); /* x is read (widened) before y is written */
    /* SIMD rounding settles most lanes; the portable code leaves all of them open */
    uint16_t open[GELU_HALF_BLOCK / 16];
    if (t->half)
        t->half->narrow(f16, yf, y, open, m);
    else
        memset(open, 0xff, sizeof open);
    for (size_t j = 0; j < m; j++) {
        if (skip_settled(open, m, &j)) break;
        int near;
        uint16_t h = f16 ? gelu_f16_from_float(yf[j], &near) : gelu_bf16_from_float(yf[j], &near);
        if (near)
            forward_rare_add(t, f, rare, y, F, j, xf[j]);
        else
            y[j] = h;
    }
    forward_rare_flush(t, f, rare, y, F);
}

/* ReLU forward on the 16-bit patterns, exact and without widening: x for x > 0 (+inf
 * included), +0 for the other numbers, a NaN quieted (sign and payload kept). */
static void relu_forward_half(const uint16_t *x, uint16_t *y, size_t n, const gelu_half_format *F)
{
    const uint16_t inf = (uint16_t)((unsigned)F->exp_max << F->mant_bits);
    const uint16_t quiet = (uint16_t)(1u << (F->mant_bits - 1));
    for (size_t i = 0; i < n; i++) {
        uint16_t h = x[i], a = (uint16_t)(h & 0x7fffu);
        uint16_t r = (h & 0x8000u) || a == 0 ? 0 : h;
        y[i] = a > inf ? (uint16_t)(h | quiet) : r;
    }
}

static void forward_half(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x, uint16_t *y,
                         size_t n, const gelu_half_format *F)
{
    if (f == GELU_RELU) {
        relu_forward_half(x, y, n, F);
        return;
    }
    float xf[GELU_HALF_BLOCK], yf[GELU_HALF_BLOCK];
    half_forward_rare rare;
    rare.k = 0;
    int one_pass = F == &gelu_bf16_format && f != GELU_RELU && t->half && t->half->forward_bf16;
    size_t block = one_pass ? GELU_HALF_ONE_PASS_BLOCK : GELU_HALF_BLOCK;
    for (size_t i0 = 0; i0 < n; i0 += block) {
        size_t m = n - i0 < block ? n - i0 : block;
        if (one_pass)
            forward_bf16_block(t, f, x + i0, y + i0, m, xf, yf, &rare);
        else
            forward_half_block(t, f, x + i0, y + i0, m, F, xf, yf, &rare);
    }
}

void gelu_forward_bf16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                            uint16_t *y, size_t n)
{
    forward_half(t, f, x, y, n, &gelu_bf16_format);
}

void gelu_forward_f16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                           uint16_t *y, size_t n)
{
    forward_half(t, f, x, y, n, &gelu_f16_format);
}

/* The default quiet NaN of the format (positive). */
static uint16_t default_nan(const gelu_half_format *F)
{
    return (uint16_t)(((uint32_t)F->exp_max << F->mant_bits) | (1u << (F->mant_bits - 1)));
}

static int is_nan_half(uint16_t h, const gelu_half_format *F)
{
    uint32_t e = (uint32_t)(h >> F->mant_bits) & (uint32_t)F->exp_max;
    return e == (uint32_t)F->exp_max && (h & ((1u << F->mant_bits) - 1)) != 0;
}

/* Half the format's smallest subnormal: 2^-134 (bf16), 2^-25 (f16). */
static float half_min_subnormal(const gelu_half_format *F)
{
    return F->mant_bits == 7 ? 0x1p-134f : 0x1p-25f;
}

/* The exact path: dy * f'(x) from the double-double f'(x). */
static uint16_t backward_exact(gelu_fn f, double x, double dy, const gelu_half_format *F,
                               gelu_half_stats *st)
{
    double h, l;
    gelu_exact_dd(f, 1, x, &h, &l);
    double p1 = dy * h;
    double p2 = fma(dy, h, -p1) + dy * l; /* dy f' = p1 + p2 to about 2^-95 */
    int tie = p2 > 0 ? 1 : p2 < 0 ? -1 : 0;
    uint16_t r = gelu_half_from_double(p1, F, tie);
    if (st && fabs(p2) <= 0x1p-80 * fabs(p1) &&
        gelu_half_from_double(p1, F, 1) != gelu_half_from_double(p1, F, -1))
        st->undecided++; /* p1 is a rounding boundary and the rest too small to trust */
    return r;
}

/* Backward pairs whose product from the f32 f'(x) lies too near a rounding boundary: f'(x)
 * again from the f64 kernel, a batch at a time (at: the lane's index in the current block,
 * whose dyf the flush reads). */
typedef struct half_backward_rare {
    size_t k;
    uint16_t at[GELU_HALF_RARE];
    double x[GELU_HALF_RARE], d[GELU_HALF_RARE];
} half_backward_rare;

/* Settles the batch into dx (the current block's output). */
static void backward_rare_flush(const gelu_kernel_table *t, gelu_fn f, half_backward_rare *r,
                                const float *dyf, uint16_t *dx, const gelu_half_format *F,
                                gelu_half_stats *st)
{
    if (r->k == 0) return;
    for (size_t q = 0; q < r->k; q++) r->d[q] = 1.0;
    t->backward_f64[f](r->x, r->d, r->d, r->k); /* dy = 1 (in place): f'(x) */
    for (size_t q = 0; q < r->k; q++) {
        size_t j = r->at[q];
        double p2 = (double)dyf[j] * r->d[q];
        int near;
        uint16_t h = gelu_half_from_double_fast(p2, F, 4, &near);
        if (!near) {
            if (st) st->path[2]++;
        } else {
            if (st) st->path[3]++;
            h = backward_exact(f, r->x[q], (double)dyf[j], F, st);
        }
        dx[j] = h;
    }
    r->k = 0;
}

/* ReLU backward on the 16-bit patterns, exact: dx = dy where x > 0 (f' = 1), else dy * +0
 * (a zero with dy's sign; inf * 0 the default NaN), with the NaN rules of gelu.h section 3
 * (x's NaN, else dy's, quieted). */
static void relu_backward_half(const uint16_t *x, const uint16_t *dy, uint16_t *dx, size_t n,
                               const gelu_half_format *F)
{
    const uint16_t inf = (uint16_t)((unsigned)F->exp_max << F->mant_bits);
    const uint16_t quiet = (uint16_t)(1u << (F->mant_bits - 1));
    const uint16_t nan_default = default_nan(F);
    for (size_t i = 0; i < n; i++) {
        uint16_t hx = x[i], hdy = dy[i];
        uint16_t ax = (uint16_t)(hx & 0x7fffu), ady = (uint16_t)(hdy & 0x7fffu);
        uint16_t r = !(hx & 0x8000u) && ax != 0 ? hdy
                     : ady == inf              ? nan_default
                                               : (uint16_t)(hdy & 0x8000u);
        r = ady > inf ? (uint16_t)(hdy | quiet) : r;
        dx[i] = ax > inf ? (uint16_t)(hx | quiet) : r;
    }
}

static void backward_half(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                          const uint16_t *dy, uint16_t *dx, size_t n, const gelu_half_format *F,
                          gelu_half_stats *st)
{
    if (f == GELU_RELU) {
        relu_backward_half(x, dy, dx, n, F);
        return;
    }
    float xf[GELU_HALF_BLOCK], dyf[GELU_HALF_BLOCK], df[GELU_HALF_BLOCK];
    half_backward_rare rare;
    rare.k = 0;
    uint16_t nan_default = default_nan(F);
    for (size_t i0 = 0; i0 < n; i0 += GELU_HALF_BLOCK) {
        size_t m = n - i0 < GELU_HALF_BLOCK ? n - i0 : GELU_HALF_BLOCK;
        int f16 = F != &gelu_bf16_format;
        /* the open lanes read x and dy after the SIMD pass wrote dx: copies where dx is x
         * or dy (in place) */
        uint16_t xcopy[GELU_HALF_BLOCK], dycopy[GELU_HALF_BLOCK];
        const uint16_t *hxs = x + i0, *hdys = dy + i0;
        if (dx == x) {
            memcpy(xcopy, hxs, m * sizeof *x);
            hxs = xcopy;
        }
        if (dx == dy) {
            memcpy(dycopy, hdys, m * sizeof *dy);
            hdys = dycopy;
        }
        if (t->half) {
            t->half->widen(f16, hxs, xf, m);
            t->half->widen(f16, hdys, dyf, m);
        } else {
            for (size_t j = 0; j < m; j++) {
                xf[j] = gelu_half_to_float(hxs[j], F);
                dyf[j] = gelu_half_to_float(hdys[j], F);
            }
        }
        for (size_t j = 0; j < m; j++) df[j] = 1.0f;
        t->backward_f32[f](xf, df, df, m); /* dy = 1 (in place): f'(x) */
        uint16_t open[GELU_HALF_BLOCK / 16];
        if (t->half && f != GELU_RELU) {
            t->half->narrow_product(f16, xf, dyf, df, dx + i0, open, m);
            if (st)
                for (size_t j = 0; j < m; j++) st->path[1] += !(open[j / 16] >> (j % 16) & 1u);
        } else {
            memset(open, 0xff, sizeof open);
        }
        for (size_t j = 0; j < m; j++) {
            if (skip_settled(open, m, &j)) break;
            uint16_t hx = hxs[j], hdy = hdys[j];
            if (is_nan_half(hx, F)) {
                dx[i0 + j] = (uint16_t)(hx | (1u << (F->mant_bits - 1)));
                continue;
            }
            if (is_nan_half(hdy, F)) {
                dx[i0 + j] = (uint16_t)(hdy | (1u << (F->mant_bits - 1)));
                continue;
            }
            double p = (double)dyf[j] * (double)df[j]; /* exact: 11 + 24 bits at most */
            if (f == GELU_RELU || xf[j] == 0.0f || isinf(xf[j])) { /* f' exact */
                dx[i0 + j] = p != p ? nan_default : gelu_half_from_double(p, F, 0);
                continue;
            }
            if (isinf(dyf[j])) { /* inf times the nonzero f'(x), whose sign df has */
                dx[i0 + j] = (uint16_t)(((signbit(dyf[j]) != 0) != (signbit(df[j]) != 0) ? 0x8000u : 0u) |
                                        ((uint32_t)F->exp_max << F->mant_bits));
                continue;
            }
            if (fabsf(xf[j]) < 0x1p-60f) {
                /* f' = 1/2 + c x + O(x^2), c > 0 for every GELU form: dy f' rounds as dy/2
                 * (exact in double), a tie going to the side of the sign of x dy */
                int tie = (xf[j] > 0) == (dyf[j] > 0) ? 1 : -1;
                dx[i0 + j] = gelu_half_from_double(0.5 * (double)dyf[j], F, dyf[j] == 0.0f ? 0 : tie);
                if (st) st->path[1]++;
                continue;
            }
            if (fabsf(df[j]) < 0x1p-126f && fabsf(dyf[j]) * 0x1p-125f < half_min_subnormal(F)) {
                /* |f'| < 2^-125 (df subnormal or zero, within 2^-149): |dy f'| rounds to a
                 * zero, of the sign of dy f' (f' < 0 where it is that small: the left tail) */
                dx[i0 + j] = (uint16_t)(signbit(dyf[j]) ? 0u : 0x8000u);
                if (st) st->path[1]++;
                continue;
            }
            int near;
            uint16_t r = gelu_half_from_double_fast(p, F, 1 << 30, &near);
            near |= fabsf(df[j]) < 0x1p-126f; /* subnormal or zero f': error not relative */
            if (!near) {
                dx[i0 + j] = r;
                if (st) st->path[1]++;
                continue;
            }
            rare.at[rare.k] = (uint16_t)j;
            rare.x[rare.k++] = (double)xf[j];
            if (rare.k == GELU_HALF_RARE) backward_rare_flush(t, f, &rare, dyf, dx + i0, F, st);
        }
        backward_rare_flush(t, f, &rare, dyf, dx + i0, F, st);
    }
}

void gelu_backward_bf16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                             const uint16_t *dy, uint16_t *dx, size_t n, gelu_half_stats *st)
{
    backward_half(t, f, x, dy, dx, n, &gelu_bf16_format, st);
}

void gelu_backward_f16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                            const uint16_t *dy, uint16_t *dx, size_t n, gelu_half_stats *st)
{
    backward_half(t, f, x, dy, dx, n, &gelu_f16_format, st);
}
