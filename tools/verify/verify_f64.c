/* verify_f64.c -- accuracy of the f64 kernels against MPFR (gelu verify --type f64;
 * include/gelu.h section 3).
 *
 * Calls the public API (gelu_forward_f64, gelu_backward_f64) and compares every result with
 * the exact real value of the form's formula, computed with MPFR at 200 bits:
 *   GELU_ERF      f = x Phi(x),                f' = Phi(x) + x phi(x)
 *   GELU_TANH     f = x s, s = sigma(v),       f' = s + x s (1 - s) v'(x),
 *                 v = 2 sqrt(2/pi) (x + 0.044715 x^3)   (= 0.5 x (1 + tanh(v/2)))
 *   GELU_SIGMOID  f = x s, s = sigma(1.702 x), f' = s + 1.702 x s (1 - s)
 * (sigma and 1 - sigma each from their own exp, so the reference has no cancellation).
 * The constants are the real numbers: sqrt(2/pi), 0.044715 and 1.702 are set from their
 * decimal strings at 200 bits.
 *
 * Error in ulp = |y - exact| / ulp(exact), ulp(exact) = 2^(e - 52) for exact in [2^e, 2^(e+1)),
 * and 2^-1074 in the subnormal range (so flushing a subnormal result to zero is an error of
 * up to 2^52 ulp).  The derivative is checked through gelu_backward_f64 with dy = 1.
 *
 * Samples, per form: values uniform over the bit patterns of [2^-40, 2^11) (both signs),
 * uniform in value over [-40, 10], the zero of f' (the doubles nearest to it, +-2000 ulp,
 * and a +-1e-3 band around it), the far left tail down to where f and f' underflow (the
 * subnormal range included), large x, tiny and subnormal x.  Special values (+-0, +-inf,
 * NaNs with payloads, the sign of zero results, the NaN rules of the backward product, and
 * dx = dy * f'(x) bit for bit) are checked exactly; ReLU is checked exactly.
 *
 * Fails if a forward error exceeds 2 ulp, a derivative error exceeds 3 ulp, or a special
 * value is wrong.  quick: a tenth of the samples.  Always two threads (the samples are
 * drawn per thread, so that every run checks the same inputs).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, pthreads */

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>
#include <mpfr.h>

#include "gelu.h"
#include "progress.h"
#include "verify.h"

#define PREC 200
#define NTHREADS 2
#define CHUNK 1024

static const char *const fn_name[3] = {"GELU_ERF", "GELU_TANH", "GELU_SIGMOID"};

/* The doubles nearest to the zero of f' (x0 from mpmath.findroot at 50 digits):
 * erf -0.751791524693564457..., tanh -0.752461422071016258..., sigmoid -0.751154255441288951... */
static const double x0_near[3] = {-0x1.80ead197f00b4p-1, -0x1.81429f9e97e4dp-1,
                                  -0x1.80974a62be3dfp-1};
/* Where f and f' underflow (left tail), roughly: [tail_lo, tail_hi] covers the transition
 * from normal results to zero. */
static const double tail_lo[3] = {-40.0, -22.0, -445.0};
static const double tail_hi[3] = {-30.0, -15.0, -380.0};

static uint64_t bits_of(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
static double from_bits(uint64_t u) { double x; memcpy(&x, &u, sizeof x); return x; }

/* ---------------------------------------------------------------- random numbers */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static double uniform01(uint64_t *s) { return (double)(splitmix64(s) >> 11) * 0x1p-53; }
static double uniform(uint64_t *s, double a, double b) { return a + (b - a) * uniform01(s); }
/* |x| uniform over the bit patterns of [2^e0, 2^e1), random sign. */
static double bitpattern(uint64_t *s, int e0, int e1)
{
    uint64_t lo = bits_of(ldexp(1.0, e0)), hi = bits_of(ldexp(1.0, e1));
    uint64_t r = splitmix64(s);
    double x = from_bits(lo + r % (hi - lo));
    return (splitmix64(s) & 1) ? -x : x;
}

/* ---------------------------------------------------------------- the reference */
typedef struct ref_ctx {
    mpfr_t x, s, sc, t, u, v, f, fp, k, a, c, sq2, c0, tmp;
} ref_ctx;

static void ref_init(ref_ctx *r)
{
    mpfr_inits2(PREC, r->x, r->s, r->sc, r->t, r->u, r->v, r->f, r->fp, r->k, r->a, r->c,
                r->sq2, r->c0, r->tmp, (mpfr_ptr)0);
    mpfr_const_pi(r->tmp, MPFR_RNDN);
    mpfr_ui_div(r->k, 2, r->tmp, MPFR_RNDN);
    mpfr_sqrt(r->k, r->k, MPFR_RNDN);               /* sqrt(2/pi) */
    mpfr_set_str(r->a, "0.044715", 10, MPFR_RNDN);
    mpfr_set_str(r->c, "1.702", 10, MPFR_RNDN);
    mpfr_sqrt_ui(r->sq2, 2, MPFR_RNDN);             /* sqrt 2 */
    mpfr_mul_2ui(r->tmp, r->tmp, 1, MPFR_RNDN);
    mpfr_rec_sqrt(r->c0, r->tmp, MPFR_RNDN);        /* 1/sqrt(2 pi) */
}

static void ref_clear(ref_ctx *r)
{
    mpfr_clears(r->x, r->s, r->sc, r->t, r->u, r->v, r->f, r->fp, r->k, r->a, r->c, r->sq2,
                r->c0, r->tmp, (mpfr_ptr)0);
}

/* s = 1/(1 + exp(-v)), sc = 1 - s = 1/(1 + exp(v)) */
static void ref_sigma(ref_ctx *r)
{
    mpfr_neg(r->t, r->v, MPFR_RNDN);
    mpfr_exp(r->t, r->t, MPFR_RNDN);
    mpfr_add_ui(r->t, r->t, 1, MPFR_RNDN);
    mpfr_ui_div(r->s, 1, r->t, MPFR_RNDN);
    mpfr_exp(r->t, r->v, MPFR_RNDN);
    mpfr_add_ui(r->t, r->t, 1, MPFR_RNDN);
    mpfr_ui_div(r->sc, 1, r->t, MPFR_RNDN);
}

/* r->f = f(x), r->fp = f'(x) for finite x. */
static void ref_eval(ref_ctx *r, int fn, double xd)
{
    mpfr_set_d(r->x, xd, MPFR_RNDN);
    if (fn == GELU_ERF) {
        mpfr_div(r->t, r->x, r->sq2, MPFR_RNDN);
        mpfr_neg(r->t, r->t, MPFR_RNDN);
        mpfr_erfc(r->s, r->t, MPFR_RNDN);
        mpfr_div_2ui(r->s, r->s, 1, MPFR_RNDN);       /* Phi(x) */
        mpfr_mul(r->f, r->x, r->s, MPFR_RNDN);
        mpfr_sqr(r->t, r->x, MPFR_RNDN);
        mpfr_div_2ui(r->t, r->t, 1, MPFR_RNDN);
        mpfr_neg(r->t, r->t, MPFR_RNDN);
        mpfr_exp(r->t, r->t, MPFR_RNDN);
        mpfr_mul(r->t, r->t, r->c0, MPFR_RNDN);      /* phi(x) */
        mpfr_mul(r->t, r->t, r->x, MPFR_RNDN);
        mpfr_add(r->fp, r->s, r->t, MPFR_RNDN);
        return;
    }
    if (fn == GELU_TANH) {
        /* u = v'(x) = 2k (1 + 3a x^2), v = 2k (x + a x^3) */
        mpfr_sqr(r->t, r->x, MPFR_RNDN);
        mpfr_mul(r->t, r->t, r->a, MPFR_RNDN);        /* a x^2 */
        mpfr_add_ui(r->v, r->t, 1, MPFR_RNDN);
        mpfr_mul(r->v, r->v, r->x, MPFR_RNDN);
        mpfr_mul(r->v, r->v, r->k, MPFR_RNDN);
        mpfr_mul_2ui(r->v, r->v, 1, MPFR_RNDN);
        mpfr_mul_ui(r->u, r->t, 3, MPFR_RNDN);
        mpfr_add_ui(r->u, r->u, 1, MPFR_RNDN);
        mpfr_mul(r->u, r->u, r->k, MPFR_RNDN);
        mpfr_mul_2ui(r->u, r->u, 1, MPFR_RNDN);
    } else {
        mpfr_mul(r->v, r->x, r->c, MPFR_RNDN);
        mpfr_set(r->u, r->c, MPFR_RNDN);
    }
    ref_sigma(r);
    mpfr_mul(r->f, r->x, r->s, MPFR_RNDN);
    mpfr_mul(r->t, r->s, r->sc, MPFR_RNDN);
    mpfr_mul(r->t, r->t, r->x, MPFR_RNDN);
    mpfr_mul(r->t, r->t, r->u, MPFR_RNDN);
    mpfr_add(r->fp, r->s, r->t, MPFR_RNDN);
}

/* Error of y in ulp of the exact value e; sets *cr when y is e correctly rounded. */
static double ulp_error(ref_ctx *r, mpfr_t e, double y, int *cr)
{
    *cr = mpfr_get_d(e, MPFR_RNDN) == y;
    if (mpfr_zero_p(e)) return y == 0.0 ? 0.0 : INFINITY;
    if (!isfinite(y)) return INFINITY;
    long ex = mpfr_get_exp(e) - 1;                     /* e in [2^ex, 2^(ex+1)) */
    long ue = ex - 52 < -1074 ? -1074 : ex - 52;
    mpfr_sub_d(r->tmp, e, y, MPFR_RNDN);
    mpfr_abs(r->tmp, r->tmp, MPFR_RNDN);
    mpfr_mul_2si(r->tmp, r->tmp, -ue, MPFR_RNDN);
    return mpfr_get_d(r->tmp, MPFR_RNDU);
}

/* ---------------------------------------------------------------- statistics */
enum { FWD = 0, BWD = 1 };
enum { R_BITS, R_UNIFORM, R_ZERO, R_TAIL, R_LARGE, R_TINY, NREGIONS };
static const char *const region_name[NREGIONS] = {
    "bit patterns 2^-40..2^11", "uniform [-40,10]", "zero of f'", "far left tail",
    "large x", "tiny/subnormal x"};

typedef struct stat {
    double max_ulp;
    double at;
    uint64_t n, cr;
} stat;

typedef struct result {
    stat s[3][2];             /* form, direction */
    double region_max[3][NREGIONS][2];
    uint64_t wrong_special[4];  /* per gelu_fn */
    uint64_t nsamples;
} result;

static void stat_add(stat *s, double err, double x, int cr)
{
    s->n++;
    s->cr += (uint64_t)cr;
    if (err > s->max_ulp || (s->n == 1 && err >= s->max_ulp)) { s->max_ulp = err; s->at = x; }
}

/* ---------------------------------------------------------------- sample regions */
static double sample(int fn, int region, uint64_t *rng, uint64_t i)
{
    switch (region) {
    case R_BITS: return bitpattern(rng, -40, 11);
    case R_UNIFORM: return uniform(rng, -40.0, 10.0);
    case R_ZERO: {
        uint64_t k = i % 3;
        if (k == 0) {   /* the doubles nearest x0: x0_near + j ulp, j in [-2000, 2000] */
            int64_t j = (int64_t)(splitmix64(rng) % 4001) - 2000;
            return from_bits((uint64_t)((int64_t)bits_of(x0_near[fn]) + j));
        }
        if (k == 1) return x0_near[fn] + uniform(rng, -1e-3, 1e-3);
        return x0_near[fn] + uniform(rng, -1e-7, 1e-7);
    }
    case R_TAIL: {
        if (i % 2) return uniform(rng, tail_lo[fn], tail_hi[fn]);
        /* and a wider band, to where everything is zero */
        return uniform(rng, 2.0 * tail_lo[fn], tail_lo[fn]);
    }
    case R_LARGE: return fabs(bitpattern(rng, 3, 1024)) * ((i % 4 == 0) ? -1.0 : 1.0);
    default: {
        uint64_t k = i % 3;
        if (k == 0) return bitpattern(rng, -1074, -1022);   /* subnormals */
        return bitpattern(rng, -1022, -40);
    }
    }
}

/* samples per region per form (full run) */
static const uint64_t region_count[3][NREGIONS] = {
    {900000, 500000, 200000, 200000, 60000, 60000},
    {1200000, 600000, 200000, 200000, 60000, 60000},
    {1200000, 600000, 200000, 200000, 60000, 60000},
};

typedef struct job {
    int tid;
    int quick;
    int only_fn; /* a form, or -1 for the three */
    int inject_error; /* spoil the first forward result of each form (verify_options) */
    result res;
} job;

static void run_chunk(ref_ctx *r, result *res, int fn, int region, const double *x, size_t n,
                      int spoil)
{
    double y[CHUNK], d[CHUNK], one[CHUNK], dy[CHUNK], dx[CHUNK], big[CHUNK], dxbig[CHUNK];
    for (size_t i = 0; i < n; i++) { one[i] = 1.0; dy[i] = ldexp(1.0 + (double)i / 1024.0, (int)(i % 7) - 3); }
    /* large |dy| (2^1000, both signs): where f'(x) is subnormal, dx = dy * f'(x) rounded
     * carries f's absolute error times |dy|, which the carve-out of gelu.h section 3 allows */
    for (size_t i = 0; i < n; i++) big[i] = i % 2 ? -0x1p1000 : 0x1p1000;
    if (gelu_forward_f64((gelu_fn)fn, x, y, n) != GELU_OK ||
        gelu_backward_f64((gelu_fn)fn, x, one, d, n) != GELU_OK ||
        gelu_backward_f64((gelu_fn)fn, x, dy, dx, n) != GELU_OK ||
        gelu_backward_f64((gelu_fn)fn, x, big, dxbig, n) != GELU_OK) {
        res->wrong_special[fn] += n;
        return;
    }
    if (spoil) { /* 4 units off in the last place: the proof must catch it */
        uint64_t b = bits_of(y[0]) ^ 4u;
        memcpy(&y[0], &b, sizeof b);
    }
    for (size_t i = 0; i < n; i++) {
        double xi = x[i];
        /* dx = dy * f'(x), f'(x) rounded first */
        double expect = dy[i] * d[i];
        if (bits_of(expect) != bits_of(dx[i])) res->wrong_special[fn]++;
        if (!isfinite(xi) || xi == 0.0) continue;   /* special values: checked elsewhere */
        ref_eval(r, fn, xi);
        int cr;
        double e = ulp_error(r, r->f, y[i], &cr);
        stat_add(&res->s[fn][FWD], e, xi, cr);
        if (e > res->region_max[fn][region][FWD]) res->region_max[fn][region][FWD] = e;
        e = ulp_error(r, r->fp, d[i], &cr);
        stat_add(&res->s[fn][BWD], e, xi, cr);
        if (e > res->region_max[fn][region][BWD]) res->region_max[fn][region][BWD] = e;
        /* dx for dy = +-2^1000 against the exact dy * f'(x): within 3 ulp, plus, where f'(x)
         * is subnormal in f64, |dy| * 2^-1074 (gelu.h section 3) */
        if (!mpfr_zero_p(r->fp)) {
            mpfr_mul_2si(r->u, r->fp, 1000, MPFR_RNDN); /* exact */
            if (big[i] < 0) mpfr_neg(r->u, r->u, MPFR_RNDN);
            double eb = ulp_error(r, r->u, dxbig[i], &cr);
            double allowed = 3.0;
            if (mpfr_get_exp(r->fp) - 1 < -1022) { /* f' subnormal: + 2^1000 2^-1074 */
                long ex = mpfr_get_exp(r->u) - 1, ue = ex - 52 < -1074 ? -1074 : ex - 52;
                allowed += ldexp(1.0, (int)(1000 - 1074 - ue)); /* in ulp of the exact dx */
            }
            if (!(eb <= allowed)) {
                if (res->wrong_special[fn] < 3)
                    printf("  WRONG dx(x=%a, dy=%a) = %a: %.3g ulp, allowed %.3g\n", xi, big[i],
                           dxbig[i], eb, allowed);
                res->wrong_special[fn]++;
            }
        }
        /* zero results carry the sign of the exact value (f has the sign of x; f' < 0 in
         * the left tail, where MPFR itself may underflow to zero) */
        int fneg = mpfr_zero_p(r->f) ? xi < 0.0 : mpfr_sgn(r->f) < 0;
        int dneg = mpfr_zero_p(r->fp) ? xi < 0.0 : mpfr_sgn(r->fp) < 0;
        if (y[i] == 0.0 && (signbit(y[i]) != 0) != fneg) res->wrong_special[fn]++;
        if (d[i] == 0.0 && (signbit(d[i]) != 0) != dneg) res->wrong_special[fn]++;
        res->nsamples++;
    }
}

static void *worker(void *arg)
{
    job *jb = (job *)arg;
    ref_ctx r;
    ref_init(&r);
    double x[CHUNK];
    for (int fn = 0; fn < 3; fn++) {
        if (jb->only_fn >= 0 && fn != jb->only_fn) continue;
        for (int region = 0; region < NREGIONS; region++) {
            uint64_t total = region_count[fn][region] / (jb->quick ? 10u : 1u);
            uint64_t mine = total / NTHREADS;
            uint64_t rng = 0x5eed0000u + (uint64_t)(jb->tid * 1000 + fn * 100 + region);
            uint64_t done = 0;
            while (done < mine) {
                size_t n = (size_t)(mine - done < CHUNK ? mine - done : CHUNK);
                for (size_t i = 0; i < n; i++) x[i] = sample(fn, region, &rng, done + i);
                run_chunk(&r, &jb->res, fn, region, x, n, jb->inject_error && done == 0 && region == 0);
                verify_progress_add(n);
                done += n;
            }
        }
    }
    ref_clear(&r);
    mpfr_free_cache();
    return NULL;
}

/* ---------------------------------------------------------------- special values */
static int check_bits(const char *what, int fn, double x, double got, double want)
{
    if (bits_of(got) == bits_of(want)) return 0;
    printf("  WRONG %s %s x=%a (0x%016" PRIx64 "): got %a (0x%016" PRIx64
           "), want %a (0x%016" PRIx64 ")\n",
           fn < 3 ? fn_name[fn] : "GELU_RELU", what, x, bits_of(x), got, bits_of(got), want,
           bits_of(want));
    return 1;
}

static double f1(int fn, double x) { double y; gelu_forward_f64((gelu_fn)fn, &x, &y, 1); return y; }
static double b1(int fn, double x, double dy)
{
    double dx;
    gelu_backward_f64((gelu_fn)fn, &x, &dy, &dx, 1);
    return dx;
}

static uint64_t check_specials(int fn)
{
    static const uint64_t nans[] = {0x7ff8000000000000u, 0xfff8000000000000u,
                                    0x7ff0000000000001u, 0xfff0000000000001u,
                                    0x7ff4000000abcdefu, 0xfff7ffffffffffffu,
                                    0x7ffc0000deadbeefu, 0x7fffffffffffffffu};
    const double qnan = from_bits(0x7ff8000000000000u);
    uint64_t bad = 0;
    for (size_t i = 0; i < sizeof nans / sizeof nans[0]; i++) {
        double nx = from_bits(nans[i]);
        double q = from_bits(nans[i] | 0x0008000000000000u);
        bad += (uint64_t)check_bits("f(NaN)", fn, nx, f1(fn, nx), q);
        bad += (uint64_t)check_bits("dx(NaN x, dy=1)", fn, nx, b1(fn, nx, 1.0), q);
        bad += (uint64_t)check_bits("dx(NaN x, dy=NaN)", fn, nx, b1(fn, nx, from_bits(0x7ff8000000000123u)), q);
        bad += (uint64_t)check_bits("dx(x=1, NaN dy)", fn, 1.0, b1(fn, 1.0, nx), q);
        bad += (uint64_t)check_bits("dx(x=-inf, NaN dy)", fn, -INFINITY, b1(fn, -INFINITY, nx), q);
    }
    if (fn == GELU_RELU) {
        static const double xs[] = {0.0, -0.0, INFINITY, -INFINITY, 1.5, -1.5, 0x1p-1074,
                                    -0x1p-1074, 0x1.fffffffffffffp1023, -0x1p-1022};
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            double x = xs[i];
            bad += (uint64_t)check_bits("relu", fn, x, f1(fn, x), x > 0 ? x : 0.0);
            bad += (uint64_t)check_bits("relu'", fn, x, b1(fn, x, 1.0), x > 0 ? 1.0 : 0.0);
            bad += (uint64_t)check_bits("relu' dy=-2", fn, x, b1(fn, x, -2.0), x > 0 ? -2.0 : -0.0);
            bad += (uint64_t)check_bits("relu' dy=inf", fn, x, b1(fn, x, INFINITY),
                                        x > 0 ? INFINITY : qnan);
        }
        /* ReLU on random values, exact */
        uint64_t rng = 42;
        for (int i = 0; i < 100000; i++) {
            double x = bitpattern(&rng, -1074, 1024);
            double dy = bitpattern(&rng, -100, 100);
            bad += (uint64_t)check_bits("relu", fn, x, f1(fn, x), x > 0 ? x : 0.0);
            bad += (uint64_t)check_bits("relu' dy", fn, x, b1(fn, x, dy), x > 0 ? dy : dy * 0.0);
        }
        return bad;
    }
    bad += (uint64_t)check_bits("f(+0)", fn, 0.0, f1(fn, 0.0), 0.0);
    bad += (uint64_t)check_bits("f(-0)", fn, -0.0, f1(fn, -0.0), -0.0);
    bad += (uint64_t)check_bits("f(+inf)", fn, INFINITY, f1(fn, INFINITY), INFINITY);
    bad += (uint64_t)check_bits("f(-inf)", fn, -INFINITY, f1(fn, -INFINITY), -0.0);
    bad += (uint64_t)check_bits("f'(+0)", fn, 0.0, b1(fn, 0.0, 1.0), 0.5);
    bad += (uint64_t)check_bits("f'(-0)", fn, -0.0, b1(fn, -0.0, 1.0), 0.5);
    bad += (uint64_t)check_bits("f'(+inf)", fn, INFINITY, b1(fn, INFINITY, 1.0), 1.0);
    bad += (uint64_t)check_bits("f'(-inf)", fn, -INFINITY, b1(fn, -INFINITY, 1.0), -0.0);
    bad += (uint64_t)check_bits("dx(-inf, dy=2)", fn, -INFINITY, b1(fn, -INFINITY, 2.0), -0.0);
    bad += (uint64_t)check_bits("dx(-inf, dy=-2)", fn, -INFINITY, b1(fn, -INFINITY, -2.0), 0.0);
    bad += (uint64_t)check_bits("dx(-inf, dy=inf)", fn, -INFINITY, b1(fn, -INFINITY, INFINITY), qnan);
    bad += (uint64_t)check_bits("dx(+inf, dy=-inf)", fn, INFINITY, b1(fn, INFINITY, -INFINITY), -INFINITY);
    bad += (uint64_t)check_bits("dx(-1000, dy=inf)", fn, -1000.0, b1(fn, -1000.0, INFINITY), qnan);
    bad += (uint64_t)check_bits("dx(+0, dy=inf)", fn, 0.0, b1(fn, 0.0, INFINITY), INFINITY);
    bad += (uint64_t)check_bits("f(-1e300)", fn, -1e300, f1(fn, -1e300), -0.0);
    bad += (uint64_t)check_bits("f(1e300)", fn, 1e300, f1(fn, 1e300), 1e300);
    bad += (uint64_t)check_bits("f(max)", fn, 0x1.fffffffffffffp1023, f1(fn, 0x1.fffffffffffffp1023),
                                0x1.fffffffffffffp1023);
    bad += (uint64_t)check_bits("f'(1e300)", fn, 1e300, b1(fn, 1e300, 1.0), 1.0);
    bad += (uint64_t)check_bits("f'(-1e300)", fn, -1e300, b1(fn, -1e300, 1.0), -0.0);
    /* in place: y == x, dx == dy, dx == x */
    double buf[4] = {-1.0, 0.5, 3.0, -40.0}, ref[4], dref[4], one[4] = {1, 1, 1, 1};
    gelu_forward_f64((gelu_fn)fn, buf, ref, 4);
    gelu_forward_f64((gelu_fn)fn, buf, buf, 4);
    for (int i = 0; i < 4; i++) bad += (uint64_t)check_bits("in place forward", fn, ref[i], buf[i], ref[i]);
    double xs[4] = {-1.0, 0.5, 3.0, -40.0};
    gelu_backward_f64((gelu_fn)fn, xs, one, dref, 4);
    gelu_backward_f64((gelu_fn)fn, xs, one, one, 4);
    for (int i = 0; i < 4; i++) bad += (uint64_t)check_bits("in place backward (dy)", fn, xs[i], one[i], dref[i]);
    for (int i = 0; i < 4; i++) one[i] = 1.0;
    gelu_backward_f64((gelu_fn)fn, xs, one, xs, 4);
    for (int i = 0; i < 4; i++) bad += (uint64_t)check_bits("in place backward (x)", fn, xs[i], xs[i], dref[i]);
    return bad;
}

int verify_f64(const verify_options *opt, verify_summary *sum)
{
    int quick = opt->quick;
    memset(sum, 0, sizeof *sum);
    snprintf(sum->claim, sizeof sum->claim, "%s",
             opt->direction == VERIFY_FORWARD    ? "f within 2 ulp"
             : opt->direction == VERIFY_BACKWARD ? "f' within 3 ulp"
                                                 : "f within 2 ulp, f' within 3 ulp");
    struct timespec t0, t1;
    /* the widest exponent range, for the far tails; restored on return, so that the other
     * proofs in this process see MPFR's defaults */
    mpfr_exp_t saved_emin = mpfr_get_emin(), saved_emax = mpfr_get_emax();
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    clock_gettime(CLOCK_MONOTONIC, &t0);

    printf("f64: libgelu %s, kernels %s, MPFR %s at %d bits, %s, %d threads\n", gelu_version(),
           gelu_isa(), mpfr_get_version(), PREC,
           quick ? "a tenth of the samples (quick)" : "all samples", NTHREADS);
    uint64_t special_bad[4] = {0, 0, 0, 0};
    for (int fn = 0; fn < 4; fn++)
        if (opt->fn < 0 || fn == opt->fn) special_bad[fn] = check_specials(fn);
    uint64_t planned = 0;
    for (int fn = 0; fn < 3; fn++)
        for (int g = 0; g < NREGIONS && (opt->fn < 0 || fn == opt->fn); g++)
            planned += region_count[fn][g] / (quick ? 10u : 1u) / NTHREADS * NTHREADS;
    verify_progress_begin(opt->fn >= 0 ? "f64 samples, one form" : "f64 samples", planned);

    static job jobs[NTHREADS];
    pthread_t th[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        memset(&jobs[t], 0, sizeof jobs[t]);
        jobs[t].tid = t;
        jobs[t].quick = quick;
        jobs[t].only_fn = opt->fn;
        jobs[t].inject_error = opt->inject_error && t == 0;
        if (pthread_create(&th[t], NULL, worker, &jobs[t]) != 0) {
            for (int u = 0; u < t; u++) pthread_join(th[u], NULL);
            verify_progress_end();
            fprintf(stderr, "gelu verify: pthread_create failed\n");
            mpfr_set_emin(saved_emin);
            mpfr_set_emax(saved_emax);
            return 2;
        }
    }
    result tot;
    memset(&tot, 0, sizeof tot);
    for (int t = 0; t < NTHREADS; t++) pthread_join(th[t], NULL);
    verify_progress_end();
    for (int t = 0; t < NTHREADS; t++) {
        result *r = &jobs[t].res;
        tot.nsamples += r->nsamples;
        for (int fn = 0; fn < 4; fn++) tot.wrong_special[fn] += r->wrong_special[fn];
        for (int fn = 0; fn < 3; fn++)
            for (int dir = 0; dir < 2; dir++) {
                stat *a = &tot.s[fn][dir], *b = &r->s[fn][dir];
                if (b->n && (a->n == 0 || b->max_ulp > a->max_ulp)) { a->max_ulp = b->max_ulp; a->at = b->at; }
                a->n += b->n;
                a->cr += b->cr;
                for (int g = 0; g < NREGIONS; g++)
                    if (r->region_max[fn][g][dir] > tot.region_max[fn][g][dir])
                        tot.region_max[fn][g][dir] = r->region_max[fn][g][dir];
            }
    }

    int fail = 0;
    printf("\n%-13s %-9s %10s  %-26s %12s %9s %8s\n", "function", "direction", "max ulp",
           "at x", "samples", "% CR", "specials");
    for (int fn = 0; fn < 3; fn++) {
        if (opt->fn >= 0 && fn != opt->fn) continue;
        for (int dir = 0; dir < 2; dir++) {
            if (opt->direction >= 0 && dir != opt->direction) continue;
            stat *s = &tot.s[fn][dir];
            double limit = dir == FWD ? 2.0 : 3.0;
            int ok = s->max_ulp <= limit;
            fail |= !ok;
            sum->checked += s->n;
            sum->failures += ok ? 0 : 1;
            if (s->max_ulp > sum->max_ulp) sum->max_ulp = s->max_ulp;
            uint64_t sp = special_bad[fn] + (dir == BWD ? tot.wrong_special[fn] : 0);
            printf("%-13s %-9s %10.4f  %-26a %12" PRIu64 " %9.5f %8" PRIu64 "%s\n", fn_name[fn],
                   dir == FWD ? "forward" : "f'(x)", s->max_ulp, s->at, s->n,
                   s->n ? 100.0 * (double)s->cr / (double)s->n : 0.0, sp,
                   ok ? "" : "  FAIL");
        }
    }
    if (opt->fn < 0 || opt->fn == GELU_RELU)
        printf("%-13s %-9s %10s  %-26s %12s %9s %8" PRIu64 "\n", "GELU_RELU", "both", "exact",
               "", "", "", special_bad[GELU_RELU]);
    for (int fn = 0; fn < 4; fn++) {
        fail |= (special_bad[fn] + tot.wrong_special[fn]) != 0;
        sum->failures += special_bad[fn] + tot.wrong_special[fn];
    }
    if (opt->fn == GELU_RELU) { /* ReLU is compared bit for bit, with no ulp to report */
        sum->max_ulp = 0.0;
        snprintf(sum->claim, sizeof sum->claim, "exact (bit for bit)");
    }

    if (opt->fn != GELU_RELU) {
        printf("\nmax ulp by region (forward / f'):\n%-26s", "");
        for (int fn = 0; fn < 3; fn++)
            if (opt->fn < 0 || fn == opt->fn) printf(" %19s", fn_name[fn]);
        printf("\n");
        for (int g = 0; g < NREGIONS; g++) {
            printf("%-26s", region_name[g]);
            for (int fn = 0; fn < 3; fn++)
                if (opt->fn < 0 || fn == opt->fn)
                    printf("      %6.3f / %6.3f", tot.region_max[fn][g][FWD],
                           tot.region_max[fn][g][BWD]);
            printf("\n");
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("\nf64: %" PRIu64 " samples, %.1f s; limits: forward 2 ulp, f' 3 ulp: %s\n", tot.nsamples,
           (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
           fail ? "FAIL" : "PASS");
    fflush(stdout);
    mpfr_set_emin(saved_emin);
    mpfr_set_emax(saved_emax);
    return fail ? 1 : 0;
}
