/* verify_half_backward.c -- the exhaustive proof that gelu_backward_bf16 and
 * gelu_backward_f16 are correctly rounded: for each format and form, every one of the
 * 2^32 (x, dy) pairs, dx against the exact dy * f'(x).
 *
 * f'(x) comes from MPFR (256 bits) once per x, kept as the MPFR value and rounded to a
 * double fh.  For each dy, p1 = dy fh rounded is within one unit of its last bit of the
 * exact product; p1 rounds to the format as the exact product does unless p1
 * lies within two units of its last bit of a rounding boundary, and there MPFR decides
 * (the exact product, and the test's correctly_rounded predicate on the result).  A sample
 * of pairs (every 8191st) is decided by MPFR outright as well.  Special cases follow
 * gelu.h section 3 (x's NaN, dy's NaN, the default NaN for inf * 0; +-inf for an infinite
 * dy times a nonzero f', whose sign MPFR gives).
 *
 * The proof runs on the kernels this process would use (the best ISA).  The other ISAs give
 * the same bits by construction (the half backward is one portable routine around the ISA's
 * f32 and f64 backward kernels, which tests/identity_isa.c proves bit-identical); that is
 * checked here on every x with 64 sampled dy for each ISA against the portable kernels.
 * gelu verify --type bf16|f16 --direction backward runs it; quick: every 61st x only. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <mpfr.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "half_format.h"
#include "isa.h"
#include "kernels.h"
#include "oracle_f32.h"
#include "progress.h"
#include "verify.h"

static const char *const fn_names[] = {GELU_FORM_NAMES};

typedef struct fmt {
    const char *name;
    const gelu_half_format *F;
    void (*backward)(const gelu_kernel_table *, gelu_fn, const uint16_t *, const uint16_t *,
                     uint16_t *, size_t, gelu_half_stats *);
} fmt;

static const fmt formats[2] = {{"bf16", &gelu_bf16_format, gelu_backward_bf16_with},
                               {"f16", &gelu_f16_format, gelu_backward_f16_with}};

static double value_of(const gelu_half_format *F, uint32_t h)
{
    return (double)gelu_half_to_float((uint16_t)h, F);
}

static int is_nan(const gelu_half_format *F, uint32_t h)
{
    return ((h >> F->mant_bits) & (uint32_t)F->exp_max) == (uint32_t)F->exp_max &&
           (h & ((1u << F->mant_bits) - 1)) != 0;
}

static uint16_t quiet(const gelu_half_format *F, uint32_t h)
{
    return (uint16_t)(h | (1u << (F->mant_bits - 1)));
}

/* 1 when h is the correctly rounded value of exact (finite or infinite result). */
static int correctly_rounded(const gelu_half_format *F, uint32_t h, mpfr_t exact)
{
    if (is_nan(F, h)) return 0;
    int sgn = mpfr_sgn(exact);
    uint16_t want_hi = gelu_half_from_double(mpfr_get_d(exact, MPFR_RNDU), F, 0);
    uint16_t want_lo = gelu_half_from_double(mpfr_get_d(exact, MPFR_RNDD), F, 0);
    /* exact lies between two doubles that round the same way: that is the answer
     * (ties: the exact value is a double then, and both bounds equal it) */
    if (want_hi == want_lo && mpfr_get_d(exact, MPFR_RNDU) == mpfr_get_d(exact, MPFR_RNDD))
        return h == want_hi || ((h & 0x7fff) == 0 && (want_hi & 0x7fff) == 0 &&
                                (h >> 15) == (uint32_t)(sgn < 0 || (sgn == 0 && (want_hi >> 15))));
    /* otherwise the midpoint test: h's neighbours' midpoints are exact doubles */
    double v = value_of(F, h);
    if (isinf(v)) {
        double max = value_of(F, (h & 0x8000u) | (((uint32_t)F->exp_max << F->mant_bits) - 1));
        double prev = value_of(F, (h & 0x8000u) | (((uint32_t)F->exp_max << F->mant_bits) - 2));
        double thr = max + (max - prev) / 2;
        return v > 0 ? mpfr_cmp_d(exact, thr) >= 0 : mpfr_cmp_d(exact, thr) <= 0;
    }
    double up = value_of(F, (h & 0x7fff) == 0 ? 1u : (h >> 15) ? h - 1 : h + 1);
    double dn = value_of(F, (h & 0x7fff) == 0 ? 0x8001u : (h >> 15) ? h + 1 : h - 1);
    if ((h & 0x7fff) == 0) { /* a zero: |exact| at most half the smallest subnormal, sign kept */
        if ((sgn > 0 && (h >> 15)) || (sgn < 0 && !(h >> 15))) return 0;
        return mpfr_cmp_d(exact, up / 2) <= 0 && mpfr_cmp_d(exact, dn / 2) >= 0;
    }
    if (isinf(up)) up = v + (v - dn);
    if (isinf(dn)) dn = v - (up - v);
    double mid_up = v + (up - v) / 2, mid_dn = v - (v - dn) / 2;
    int c_up = mpfr_cmp_d(exact, mid_up), c_dn = mpfr_cmp_d(exact, mid_dn);
    if (c_up > 0 || c_dn < 0) return 0;
    if ((c_up == 0 || c_dn == 0) && (h & 1)) return 0;
    return 1;
}

typedef struct job {
    const fmt *fm;
    gelu_fn f;
    const gelu_kernel_table *table;
    uint32_t stride;
    uint32_t next_x; /* under lock */
    pthread_mutex_t lock;
    uint64_t checked, wrong, mpfr_decided;
    gelu_half_stats st;
    uint32_t first_bad_x, first_bad_dy;
    int inject_error; /* spoil one dx (verify_options.inject_error); under lock */
    int error;        /* a worker ran out of memory; under lock */
} job;

static void *worker(void *arg)
{
    job *jb = arg;
    const gelu_half_format *F = jb->fm->F;
    uint16_t *xs = malloc(65536 * sizeof *xs), *dys = malloc(65536 * sizeof *dys);
    uint16_t *dx = malloc(65536 * sizeof *dx);
    if (!xs || !dys || !dx) {
        pthread_mutex_lock(&jb->lock);
        jb->error = 1;
        pthread_mutex_unlock(&jb->lock);
        free(xs);
        free(dys);
        free(dx);
        return NULL;
    }
    for (uint32_t i = 0; i < 65536; i++) dys[i] = (uint16_t)i;
    mpfr_t fp, prod;
    mpfr_inits2(256, fp, prod, (mpfr_ptr)0);
    uint64_t checked = 0, wrong = 0, decided = 0;
    gelu_half_stats st;
    memset(&st, 0, sizeof st);
    uint32_t bad_x = 0, bad_dy = 0;
    for (;;) {
        pthread_mutex_lock(&jb->lock);
        uint32_t hx = jb->next_x;
        jb->next_x += jb->stride;
        pthread_mutex_unlock(&jb->lock);
        if (hx > 0xffffu) break;
        for (uint32_t i = 0; i < 65536; i++) xs[i] = (uint16_t)hx;
        jb->fm->backward(jb->table, jb->f, xs, dys, dx, 65536, &st);
        pthread_mutex_lock(&jb->lock);
        int spoil = jb->inject_error;
        jb->inject_error = 0;
        pthread_mutex_unlock(&jb->lock);
        if (spoil) /* dy = 1: dx = f'(x) correctly rounded, here two units off */
            dx[F->exp_max == 255 ? 0x3f80 : 0x3c00] ^= 2u;
        float x = gelu_half_to_float((uint16_t)hx, F);
        int x_nan = is_nan(F, hx);
        /* f'(x): exact values where it is exact, else MPFR */
        double fh = 0;
        int fexact_zero = 0;
        if (!x_nan) {
            if (jb->f == GELU_RELU) {
                fh = x > 0 ? 1.0 : 0.0;
                fexact_zero = !(x > 0);
            } else if (isinf(x)) {
                fh = x > 0 ? 1.0 : -0.0;
                fexact_zero = x < 0;
            } else if (x == 0.0f) {
                fh = 0.5;
            } else {
                oracle_f32_mpfr(jb->f, 1, x, fp);
                fh = mpfr_get_d(fp, MPFR_RNDN);
            }
            if (jb->f == GELU_RELU || isinf(x) || x == 0.0f) mpfr_set_d(fp, fh, MPFR_RNDN);
        }
        for (uint32_t hdy = 0; hdy < 65536; hdy++) {
            uint16_t got = dx[hdy], want;
            int ok;
            checked++;
            if (x_nan) {
                ok = got == quiet(F, hx);
            } else if (is_nan(F, hdy)) {
                ok = got == quiet(F, hdy);
            } else {
                double dy = value_of(F, hdy);
                if (isinf(dy)) {
                    if (fexact_zero) {
                        want = (uint16_t)(((uint32_t)F->exp_max << F->mant_bits) |
                                          (1u << (F->mant_bits - 1)));
                    } else {
                        int neg = (dy < 0) != (mpfr_sgn(fp) < 0 || (mpfr_zero_p(fp) && mpfr_signbit(fp)));
                        want = (uint16_t)((neg ? 0x8000u : 0u) | ((uint32_t)F->exp_max << F->mant_bits));
                    }
                    ok = got == want;
                } else if (fh == 0.0 || dy == 0.0) {
                    /* f' zero (exactly, or below double's range: |f'| < 2^-1074 with
                     * |dy| < 2^128), or dy zero: the product rounds to a zero of the sign
                     * of dy f' */
                    int neg = (signbit(dy) != 0) != (fexact_zero ? signbit(fh) != 0
                                                                 : mpfr_signbit(fp) != 0);
                    ok = got == (neg ? 0x8000u : 0u);
                } else {
                    double p1 = dy * fh;
                    int near;
                    uint16_t r1 = gelu_half_from_double_fast(p1, F, 2, &near);
                    int sampled = ((uint32_t)hdy * 65537u + hx) % 8191u == 0;
                    if (near || sampled || p1 == 0.0 || isinf(p1)) {
                        decided++;
                        mpfr_mul_d(prod, fp, dy, MPFR_RNDN); /* exact at 256 + 64 bits */
                        if (mpfr_zero_p(prod)) {
                            int neg = (dy < 0 || (dy == 0 && signbit(dy))) !=
                                      (mpfr_signbit(fp) != 0);
                            ok = (got & 0x7fff) == 0 && (got >> 15) == (uint32_t)neg;
                        } else {
                            ok = correctly_rounded(F, got, prod);
                        }
                    } else { /* p1 more than 2 units from a boundary, |p2| < 1 unit */
                        ok = got == r1;
                    }
                }
            }
            if (!ok) {
                if (wrong == 0) {
                    bad_x = hx;
                    bad_dy = hdy;
                }
                wrong++;
            }
        }
        verify_progress_add(65536);
    }
    pthread_mutex_lock(&jb->lock);
    jb->checked += checked;
    if (wrong && !jb->wrong) {
        jb->first_bad_x = bad_x;
        jb->first_bad_dy = bad_dy;
    }
    jb->wrong += wrong;
    jb->mpfr_decided += decided;
    for (int k = 0; k < 4; k++) jb->st.path[k] += st.path[k];
    jb->st.undecided += st.undecided;
    pthread_mutex_unlock(&jb->lock);
    mpfr_clears(fp, prod, (mpfr_ptr)0);
    mpfr_free_cache();
    free(xs);
    free(dys);
    free(dx);
    return NULL;
}

/* Every x with 64 sampled dy: each ISA's bits against the portable kernels'. */
static long compare_isas(const fmt *fm, gelu_fn f)
{
    static const char *const names[] = {GELU_ISA_NAMES};
    static uint16_t xs[65536], dys[65536], ref[65536], got[65536];
    long diffs = 0;
    for (uint32_t i = 0; i < 65536; i++) {
        xs[i] = (uint16_t)i;
        dys[i] = (uint16_t)(i * 40503u);
    }
    /* Best first: the list backwards; gelu_arch_kernels has no table for "scalar". */
    for (size_t k = sizeof names / sizeof names[0]; k-- > 0;) {
        const gelu_kernel_table *t = gelu_arch_kernels(names[k]);
        if (!t) continue;
        for (uint32_t r = 0; r < 64; r++) {
            for (uint32_t i = 0; i < 65536; i++) dys[i] = (uint16_t)(i * 40503u + r * 977u);
            fm->backward(&gelu_scalar_kernels, f, xs, dys, ref, 65536, NULL);
            fm->backward(t, f, xs, dys, got, 65536, NULL);
            if (memcmp(ref, got, sizeof ref) != 0) {
                for (uint32_t i = 0; i < 65536; i++)
                    if (ref[i] != got[i] && diffs++ < 3)
                        printf("  DIFF %s %s %s: x 0x%04x dy 0x%04x: scalar 0x%04x, %s 0x%04x\n",
                               fm->name, fn_names[f], names[k], xs[i], dys[i], ref[i], names[k],
                               got[i]);
            }
        }
    }
    return diffs;
}

int verify_half_backward(const verify_options *opt, int which, verify_summary *sum)
{
    uint32_t stride = opt->quick ? 61 : 1;
    int threads = opt->threads < 1 ? 1 : opt->threads > 64 ? 64 : opt->threads;
    const fmt *fm = &formats[which == VERIFY_F16 ? 1 : 0];
    memset(sum, 0, sizeof *sum);
    snprintf(sum->claim, sizeof sum->claim, "dx = dy f'(x) correctly rounded");
    sum->max_ulp = -1.0;
    const gelu_kernel_table *best = gelu_arch_best_kernels();
    if (!best) best = &gelu_scalar_kernels;
    printf("%s backward: kernels %s, %s, %d threads\n", fm->name, best->isa,
           stride == 1 ? "all 2^32 (x, dy) pairs" : "every 61st x, all dy (quick)", threads);
    printf("format form     pairs        wrong  MPFR-decided  f32 f'       f64 f'    dd f'  undecided  ISAs\n");
    uint64_t failed = 0;
    for (int f = 0; f < 4; f++) {
        if (opt->fn >= 0 && f != opt->fn) continue;
        job jb;
        memset(&jb, 0, sizeof jb);
        jb.fm = fm;
        jb.f = (gelu_fn)f;
        jb.table = best;
        jb.stride = stride;
        jb.inject_error = opt->inject_error;
        pthread_mutex_init(&jb.lock, NULL);
        char label[48];
        snprintf(label, sizeof label, "%s %s backward", fm->name, fn_names[f]);
        verify_progress_begin(label, (uint64_t)((65535u / stride) + 1u) * 65536u);
        pthread_t tid[64];
        int started = 0;
        for (int t = 0; t < threads; t++)
            if (pthread_create(&tid[started], NULL, worker, &jb) == 0) started++;
        if (started == 0) worker(&jb);
        for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
        verify_progress_end();
        pthread_mutex_destroy(&jb.lock);
        if (jb.error) {
            fprintf(stderr, "gelu verify: the %s backward proof ran out of memory\n", fm->name);
            return 2;
        }
        long diffs = compare_isas(fm, (gelu_fn)f);
        printf("%-6s %-8s %-12llu %-6llu %-13llu %-12llu %-9llu %-6llu %-10llu %s\n",
               fm->name, fn_names[f], (unsigned long long)jb.checked,
               (unsigned long long)jb.wrong, (unsigned long long)jb.mpfr_decided,
               (unsigned long long)jb.st.path[1], (unsigned long long)jb.st.path[2],
               (unsigned long long)jb.st.path[3], (unsigned long long)jb.st.undecided,
               diffs ? "DIFFER" : "identical");
        if (jb.wrong)
            printf("  FAIL: first at x = 0x%04x, dy = 0x%04x\n", jb.first_bad_x, jb.first_bad_dy);
        fflush(stdout);
        sum->checked += jb.checked;
        sum->failures += jb.wrong + (uint64_t)diffs + jb.st.undecided;
        failed += jb.wrong + (uint64_t)diffs + jb.st.undecided;
    }
    printf("%s backward: %s\n", fm->name, failed ? "FAIL" : "all correctly rounded");
    fflush(stdout);
    return failed ? 1 : 0;
}
