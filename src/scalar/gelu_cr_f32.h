/* gelu_cr_f32.h -- the correctly rounded f32 forward (gelu_forward_cr_f32), private parts.
 *
 * Three paths, each taken only where the one before cannot settle the rounding:
 *  1. fast (float, every ISA in SIMD): the faithful kernel's pieces P = Ph + Pl of f(x)/x
 *     (src/scalar/gelu_f32_pieces.h), y = fma(x, Ph, x Pl), and the residual
 *     r = x Ph + x Pl - y from two fmas.  The exact f lies within
 *       E = B_k |y| + 6 * 2^-24 |x lo|
 *     of y + r, where B_k is twice the piece's measured fit error plus 2^-44
 *     (gelu_cr_f32_bound_<form>, made by tools/fit/cr_bounds_f32.c with MPFR; the 2^-44
 *     covers the roundings of size 2^-48 |y|) and the second term the float roundings of
 *     lo = c0l + u (c1l + u q) (3 units of 2^-24 |x lo|), of Pl = e + lo and of the
 *     residual's inner fma (1 each); 6 are allowed.
 *     y is the correct rounding when |r| + E is below half the gap from y to its nearer
 *     neighbour; then y is returned.  Inputs outside the fast range fail the check.
 *  2. double: the f64 kernel's result (the ISA's SIMD kernel on a block's open inputs), within 1.4 ulp of double (tools/verify/verify_f64.c);
 *     settled when it lies more than 8 double ulps from a float midpoint.
 *  3. exact (scalar, src/scalar/gelu_cr_exact_f32.c): double-double to about 2^-90.
 * The far tails are settled without evaluation: f rounds to -0 below x = -15 (erf), -12
 * (tanh), -70 (sigmoid), where |f| < 2^-150, and to x above x = 10, 6, 15, where
 * x - f < 2^-26 x.  Tiny |x| < 2^-60 are settled in closed form: f = x/2 + c x^2 + O(x^3) with c > 0 for
 * every form, so f rounds as x/2 with a tie (x/2 a subnormal midpoint) going up.
 * tools/verify/verify_f32.c proves the result correctly rounded for all 2^32 inputs and counts
 * how many take paths 2 and 3 (gelu_cr_f32_path). */
#ifndef GELU_CR_F32_H
#define GELU_CR_F32_H

#include <math.h>
#include <stdint.h>

#include "gelu.h"
#include "kernels.h"
#include "scalar/gelu_erf_f32_forward.h"
#include "scalar/gelu_f32_pieces.h"
#include "scalar/gelu_logistic_f32_forward.h"
#include "scalar/special_values.h"

extern const float gelu_cr_f32_bound_erf[32];
extern const float gelu_cr_f32_bound_tanh[32];
extern const float gelu_cr_f32_bound_sigmoid[32];

/* Path 2 (gelu_cr_f32_tables.c, tools/fit/fit_cr_f32.py): per piece, s(x) = f(x)/x as a
 * degree-9 polynomial in u with double coefficients (highest first) and its error bound. */
#define GELU_CR_F32_POLY_DEG 9
extern const double gelu_cr_f32_poly_erf[GELU_CR_F32_POLY_DEG + 1][32];
extern const double gelu_cr_f32_poly_tanh[GELU_CR_F32_POLY_DEG + 1][32];
extern const double gelu_cr_f32_poly_sigmoid[GELU_CR_F32_POLY_DEG + 1][32];
extern const double gelu_cr_f32_poly_bound_erf[32];
extern const double gelu_cr_f32_poly_bound_tanh[32];
extern const double gelu_cr_f32_poly_bound_sigmoid[32];

/* One form's fast path: its pieces, its bounds and the x range the pieces cover. */
typedef struct gelu_cr_f32_form {
    const gelu_f32_pieces_ref *pieces;
    const float *bound;
    float lo, hi;
    const double (*poly)[32];
    const double *poly_bound;
} gelu_cr_f32_form;

/* GELU_ERF, GELU_TANH, GELU_SIGMOID (static: constants where the kernels are compiled) */
static const gelu_cr_f32_form gelu_cr_f32_forms[3] = {
    {&gelu_erf_f32_pieces, gelu_cr_f32_bound_erf, GELU_ERF_F32_FAST_LO, GELU_ERF_F32_FAST_HI,
     gelu_cr_f32_poly_erf, gelu_cr_f32_poly_bound_erf},
    {&gelu_tanh_f32_pieces, gelu_cr_f32_bound_tanh, GELU_TANH_F32_FAST_LO, GELU_TANH_F32_FAST_HI,
     gelu_cr_f32_poly_tanh, gelu_cr_f32_poly_bound_tanh},
    {&gelu_sigmoid_f32_pieces, gelu_cr_f32_bound_sigmoid, GELU_SIGMOID_F32_FAST_LO,
     GELU_SIGMOID_F32_FAST_HI, gelu_cr_f32_poly_sigmoid, gelu_cr_f32_poly_bound_sigmoid},
};

#define GELU_CR_F32_ROUND_C 0x1.8p-22f /* the coefficient of |x lo| in E */

/* Half the gap from y to its nearer neighbour for |y| >= 2^-101; zero, negative or -inf
 * (so that every check fails) below, y = 0 included. */
static inline float gelu_cr_f32_half_gap(float y)
{
    uint32_t a = gelu_bits_f32(y) & 0x7fffffffu;
    uint32_t b = (a ? a - 1u : 0u) & 0x7f800000u;
    return gelu_from_bits_f32(b - (24u << 23));
}

/* Whether v, within tol of f, settles f's rounding; *y = v rounded to float. */
static inline int gelu_cr_f32_settled_by(double v, double tol, float *y)
{
    float c = (float)v;
    double d = v - (double)c; /* exact */
    double half = gelu_cr_f32_half_gap(c);
    if (!(half > 0)) {
        float n = nextafterf(c, d >= 0 ? INFINITY : -INFINITY);
        half = fabs((double)n - (double)c) * 0.5;
    }
    *y = c;
    return half - fabs(d) > tol;
}

/* Path 2 for x in the form's range: returns 1 and sets *y when the rounding is settled. */
static inline int gelu_cr_f32_poly(const gelu_cr_f32_form *F, float x, float *y)
{
    const float sh = 0x1.8p23f;
    float s = fmaf(x, 4.0f, sh);
    double u = fmaf(s - sh, -0.25f, x);
    uint32_t i = gelu_bits_f32(s) & 31;
    double p = F->poly[0][i];
    for (int j = 1; j <= GELU_CR_F32_POLY_DEG; j++) p = fma(p, u, F->poly[j][i]);
    double v = (double)x * p;
    return gelu_cr_f32_settled_by(v, F->poly_bound[i] * fabs(v), y);
}

/* Path 1 for x in the form's range: returns 1 and sets *y when the rounding is settled. */
static inline int gelu_cr_f32_fast(const gelu_cr_f32_form *F, float x, float *y)
{
    float pl, lo;
    uint32_t i;
    float ph = gelu_f32_pieces_eval_lo(x, F->pieces, &pl, &lo, &i);
    float r0 = fmaf(x, ph, x * pl);
    float r = fmaf(x, pl, fmaf(x, ph, -r0));
    float err = fmaf(F->bound[i], fabsf(r0), GELU_CR_F32_ROUND_C * fabsf(x * lo));
    *y = r0;
    return fabsf(r) + err < gelu_cr_f32_half_gap(r0);
}

/* Per form (GELU_ERF, GELU_TANH, GELU_SIGMOID): f(x) rounds to -0 for x below the first,
 * to x for x above the second (gelu_cr_f32.c). */
extern const float gelu_cr_f32_zero_below[3];
extern const float gelu_cr_f32_identity_above[3];

/* Inputs path 1 left open, collected per block of an array (x, and the offset in the
 * block), then settled together: path 2 (the ISA's SIMD version, or the portable one) on
 * all of them, the f64 kernel of the ISA on what remains (SIMD; the f64 kernels give the
 * same bits on every ISA), then paths 3 and 4 one by one.  Path 1 runs on blocks of
 * GELU_CR_F32_BLOCK inputs; the batch holds up to GELU_CR_F32_BATCH of the inputs it leaves
 * open and is settled whenever it is full and at the end of a block; the f64 kernel takes
 * what path 2 leaves GELU_CR_F32_F64_CHUNK at a time.  All of it lives on the caller's
 * stack, within the 8 KiB every entry point keeps to (gelu.h section 3;
 * tests/test_small_stack.c; docs/performance.md, "Stack").  None of the sizes changes a
 * bit; longer blocks and batches save the fixed cost of each call (bench/bench_blocks.c). */
#define GELU_CR_F32_BLOCK 512
#define GELU_CR_F32_BATCH 128
#define GELU_CR_F32_F64_CHUNK 32
typedef struct gelu_cr_f32_batch {
    size_t n;
    float x[GELU_CR_F32_BATCH + 16]; /* 16 of slack for full-vector stores */
    uint32_t at[GELU_CR_F32_BATCH + 16];
} gelu_cr_f32_batch;

/* Path 2 on a batch: y[at[j]] for the inputs it settles; the rest stay, compacted. */
typedef void (*gelu_cr_f32_poly_batch)(gelu_fn f, gelu_cr_f32_batch *b, float *y);
void gelu_cr_f32_poly_batch_scalar(gelu_fn f, gelu_cr_f32_batch *b, float *y);

/* y[at[j]] = the correctly rounded f(x[j]) for the batch, which is then emptied. */
void gelu_cr_f32_finish(gelu_fn f, gelu_cr_f32_poly_batch poly, gelu_forward_f64_kernel k64,
                        gelu_cr_f32_batch *b, float *y);

/* Puts x (at: its offset in the block whose outputs start at y) in the batch, settling the
 * batch first when it is full. */
static inline void gelu_cr_f32_batch_add(gelu_fn f, gelu_cr_f32_poly_batch poly,
                                         gelu_forward_f64_kernel k64, gelu_cr_f32_batch *b,
                                         float *y, float x, uint32_t at)
{
    if (b->n == GELU_CR_F32_BATCH) gelu_cr_f32_finish(f, poly, k64, b, y);
    b->x[b->n] = x;
    b->at[b->n++] = at;
}

/* Paths 3 and 4 (and NaN, relu, tiny x, the far tails) for x, given v = the f64 kernel's
 * f(x) (any ISA's: they agree bit for bit). */
float gelu_cr_f32_settle(gelu_fn f, float x, double v);

/* Which path settles f(x): 1 float, 2 double polynomial, 3 f64 kernel, 4 exact, 0 special,
 * tiny or far tail (closed form);
 * *undecided set if even the exact path found a rounding boundary within its error. */
int gelu_cr_f32_path(gelu_fn f, float x, int *undecided);

/* The exact path (gelu_cr_exact_f32.c), for finite x, |x| >= 2^-60. */
float gelu_cr_exact_f32(gelu_fn f, float x, int *undecided);

/* Portable kernels. */
void gelu_erf_forward_cr_f32_scalar(const float *x, float *y, size_t n);
void gelu_tanh_forward_cr_f32_scalar(const float *x, float *y, size_t n);
void gelu_sigmoid_forward_cr_f32_scalar(const float *x, float *y, size_t n);
/* (ReLU is exact: its table entry is the relu forward kernel.) */

#endif /* GELU_CR_F32_H */
