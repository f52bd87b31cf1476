/* gelu_cr_f32.c -- gelu_forward_cr_f32, portable: path 1 per element, then paths 2 to 4 on
 * the inputs it leaves open, per block (method and bounds: gelu_cr_f32.h). */
#include <math.h>
#include <stdint.h>

#include "kernels.h"
#include "scalar/gelu_cr_f32.h"


/* f = x/2 + c x^2 + ..., c > 0, for |x| < 2^-60: x/2 rounded, a tie going up. */
static float tiny_f32(float x)
{
    float h = x * 0.5f;
    if ((double)h == 0.5 * (double)x) return h;
    /* x/2 was a midpoint (subnormal): the value lies just above it */
    float other = nextafterf(h, (double)h < 0.5 * (double)x ? INFINITY : -INFINITY);
    return (double)h > 0.5 * (double)x ? h : other;
}

/* Path 3: whether v, the f64 kernel's f(x) (within 8 ulp of double), settles it. */
static int double_path(double v, float *y)
{
    return gelu_cr_f32_settled_by(v, 8.0 * fabs(v) * 0x1p-52 + 0x1p-1074, y);
}

/* Beyond these, f rounds to -0 (x below: |f| < 2^-150) or to x (x above: x - f < 2^-26 x,
 * less than a quarter of x's ulp), per form (gelu_cr_exact_f32.c uses the same). */
const float gelu_cr_f32_zero_below[3] = {-15.0f, -12.0f, -70.0f};
const float gelu_cr_f32_identity_above[3] = {10.0f, 6.0f, 15.0f};

/* 1: settled without evaluation (NaN, ReLU, tiny, far tails) with *y set */
static int special_f32(gelu_fn f, float x, float *y)
{
    if (gelu_isnan_f32(x)) { *y = gelu_quiet_f32(x); return 1; }
    if (f == GELU_RELU) { *y = x > 0 ? x : 0.0f; return 1; }
    if (x < gelu_cr_f32_zero_below[f]) { *y = -0.0f; return 1; }
    if (x > gelu_cr_f32_identity_above[f]) { *y = x; return 1; }
    if (fabsf(x) < 0x1p-60f) { *y = x == 0.0f ? x : tiny_f32(x); return 1; }
    return 0;
}

float gelu_cr_f32_settle(gelu_fn f, float x, double v)
{
    float y;
    if (special_f32(f, x, &y)) return y;
    if (double_path(v, &y)) return y;
    int undecided = 0;
    return gelu_cr_exact_f32(f, x, &undecided);
}

static const gelu_forward_f64_kernel f64_scalar[3] = {
    gelu_erf_forward_f64_scalar, gelu_tanh_forward_f64_scalar, gelu_sigmoid_forward_f64_scalar};

int gelu_cr_f32_path(gelu_fn f, float x, int *undecided)
{
    float y;
    if (special_f32(f, x, &y)) return 0;
    const gelu_cr_f32_form *F = &gelu_cr_f32_forms[f];
    int in = x >= F->lo && x <= F->hi;
    if (in && gelu_cr_f32_fast(F, x, &y)) return 1;
    if (in && gelu_cr_f32_poly(F, x, &y)) return 2;
    double xd = x, v;
    f64_scalar[f](&xd, &v, 1);
    if (double_path(v, &y)) return 3;
    gelu_cr_exact_f32(f, x, undecided);
    return 4;
}

void gelu_cr_f32_poly_batch_scalar(gelu_fn f, gelu_cr_f32_batch *b, float *y)
{
    const gelu_cr_f32_form *F = &gelu_cr_f32_forms[f];
    size_t kept = 0;
    for (size_t j = 0; j < b->n; j++) {
        float x = b->x[j], yj;
        if (x >= F->lo && x <= F->hi && gelu_cr_f32_poly(F, x, &yj)) {
            y[b->at[j]] = yj;
        } else {
            b->x[kept] = x;
            b->at[kept++] = b->at[j];
        }
    }
    b->n = kept;
}

void gelu_cr_f32_finish(gelu_fn f, gelu_cr_f32_poly_batch poly, gelu_forward_f64_kernel k64,
                        gelu_cr_f32_batch *b, float *y)
{
    if (b->n == 0) return;
    poly(f, b, y);
    double xd[GELU_CR_F32_F64_CHUNK], v[GELU_CR_F32_F64_CHUNK];
    for (size_t j0 = 0; j0 < b->n; j0 += GELU_CR_F32_F64_CHUNK) {
        size_t c = b->n - j0 < GELU_CR_F32_F64_CHUNK ? b->n - j0 : GELU_CR_F32_F64_CHUNK;
        for (size_t j = 0; j < c; j++) xd[j] = b->x[j0 + j];
        k64(xd, v, c);
        for (size_t j = 0; j < c; j++)
            y[b->at[j0 + j]] = gelu_cr_f32_settle(f, b->x[j0 + j], v[j]);
    }
    b->n = 0;
}

static void forward_cr(gelu_fn f, const float *x, float *y, size_t n)
{
    const gelu_cr_f32_form *F = &gelu_cr_f32_forms[f];
    gelu_cr_f32_batch b;
    for (size_t start = 0; start < n; start += GELU_CR_F32_BLOCK) {
        size_t m = n - start < GELU_CR_F32_BLOCK ? n - start : GELU_CR_F32_BLOCK;
        b.n = 0;
        for (size_t i = 0; i < m; i++) {
            float xi = x[start + i], yi = 0.0f;
            if (!(xi >= F->lo && xi <= F->hi && gelu_cr_f32_fast(F, xi, &yi)))
                gelu_cr_f32_batch_add(f, gelu_cr_f32_poly_batch_scalar, f64_scalar[f], &b,
                                      y + start, xi, (uint32_t)i);
            y[start + i] = yi; /* an open input's placeholder, until the batch settles it */
        }
        gelu_cr_f32_finish(f, gelu_cr_f32_poly_batch_scalar, f64_scalar[f], &b, y + start);
    }
}

void gelu_erf_forward_cr_f32_scalar(const float *x, float *y, size_t n) { forward_cr(GELU_ERF, x, y, n); }
void gelu_tanh_forward_cr_f32_scalar(const float *x, float *y, size_t n) { forward_cr(GELU_TANH, x, y, n); }
void gelu_sigmoid_forward_cr_f32_scalar(const float *x, float *y, size_t n) { forward_cr(GELU_SIGMOID, x, y, n); }
