/* verify_half_forward.c -- the exhaustive proof that the bf16 and f16 forward functions are
 * correctly rounded: every one of the 65,536 inputs of each format and form, against MPFR.
 *
 * For a result h (finite), its neighbours in the format and the midpoints between them are
 * exact doubles; h is the correctly rounded value of the exact f(x) (MPFR, 256 bits) when
 * f(x) lies between those midpoints, a tie going to the even one.  A zero result must carry
 * the sign of the exact value (of x where f(x) is exactly 0), inf must come from a value at
 * or beyond the overflow threshold, and NaN inputs must give that NaN, quieted.  Runs each
 * format and form through every ISA this CPU has (the public API with gelu_set_isa), and
 * leaves the ISA as it found it.  gelu verify --type bf16|f16 --direction forward runs it
 * (always every input: 65,536 of them take seconds). */
#include <math.h>
#include <mpfr.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gelu.h"
#include "gelu_kernel_list.h"
#include "oracle_f32.h"
#include "progress.h"
#include "verify.h"

typedef struct format {
    const char *name;
    int mant_bits, bias, exp_max;
    gelu_status (*forward)(gelu_fn, const uint16_t *, uint16_t *, size_t);
} format;

static const format formats[] = {
    {"bf16", 7, 127, 255, gelu_forward_bf16},
    {"f16", 10, 15, 31, gelu_forward_f16},
};
static const char *const fn_names[] = {GELU_FORM_NAMES};

/* The value of a finite or infinite pattern, as a double (exact). */
static double value_of(const format *F, uint32_t h)
{
    uint32_t e = (h >> F->mant_bits) & (uint32_t)F->exp_max, m = h & ((1u << F->mant_bits) - 1);
    double s = (h >> 15) ? -1.0 : 1.0;
    if (e == (uint32_t)F->exp_max) return s * INFINITY;
    if (e == 0) return s * ldexp((double)m, 1 - F->bias - F->mant_bits);
    return s * ldexp((double)(m | (1u << F->mant_bits)), (int)e - F->bias - F->mant_bits);
}

/* Patterns ordered as integers: key(h) increases with the value (both zeros are 0). */
static long key_of(uint32_t h) { return (h >> 15) ? -(long)(h & 0x7fff) : (long)(h & 0x7fff); }
static uint32_t pattern_of(long k) { return k < 0 ? (uint32_t)(0x8000 | (uint32_t)-k) : (uint32_t)k; }

static int is_nan(const format *F, uint32_t h)
{
    return ((h >> F->mant_bits) & (uint32_t)F->exp_max) == (uint32_t)F->exp_max &&
           (h & ((1u << F->mant_bits) - 1)) != 0;
}

/* 1 when h is the correctly rounded value of exact. */
static int correctly_rounded(const format *F, uint32_t h, mpfr_t exact)
{
    long k = key_of(h), kinf = (long)F->exp_max << F->mant_bits;
    int sgn = mpfr_sgn(exact);
    if ((h & 0x7fff) == 0) { /* a zero: the exact value is within half the smallest subnormal */
        if (sgn > 0 && (h >> 15)) return 0;
        if (sgn < 0 && !(h >> 15)) return 0;
    }
    if (k >= kinf || k <= -kinf) { /* inf: at or beyond the threshold (max + half an ulp) */
        double max = value_of(F, (uint32_t)(kinf - 1)), thr = max + (max - value_of(F, (uint32_t)(kinf - 2))) / 2;
        return k > 0 ? mpfr_cmp_d(exact, thr) >= 0 : mpfr_cmp_d(exact, -thr) <= 0;
    }
    double v = value_of(F, h);
    double up = k + 1 >= kinf ? v + (v - value_of(F, pattern_of(k - 1))) : value_of(F, pattern_of(k + 1));
    double dn = k - 1 <= -kinf ? v - (value_of(F, pattern_of(k + 1)) - v) : value_of(F, pattern_of(k - 1));
    double mid_up = v + (up - v) / 2, mid_dn = v - (v - dn) / 2; /* exact in double */
    int even = (h & 1) == 0;
    int c_up = mpfr_cmp_d(exact, mid_up), c_dn = mpfr_cmp_d(exact, mid_dn);
    if (c_up > 0 || c_dn < 0) return 0;
    if ((c_up == 0 || c_dn == 0) && !even) return 0;
    return 1;
}

int verify_half_forward(const verify_options *opt, int which, verify_summary *sum)
{
    const format *F = &formats[which == VERIFY_F16 ? 1 : 0];
    memset(sum, 0, sizeof *sum);
    snprintf(sum->claim, sizeof sum->claim, "f correctly rounded, on every ISA");
    sum->max_ulp = -1.0;
    /* every ISA the API knows, the portable kernels first (y[0]: --inject-error) */
    static const char *const isas[] = {GELU_ISA_NAMES};
    enum { N_ISAS = sizeof isas / sizeof isas[0] };
    static uint16_t x[65536], y[N_ISAS][65536];
    for (uint32_t i = 0; i < 65536; i++) x[i] = (uint16_t)i;
    char active_isa[32];
    snprintf(active_isa, sizeof active_isa, "%s", gelu_isa());
    int has[N_ISAS], isa_count = 0;
    for (size_t ii = 0; ii < N_ISAS; ii++) {
        has[ii] = gelu_set_isa(isas[ii]) == GELU_OK;
        isa_count += has[ii];
    }
    mpfr_t exact;
    mpfr_init2(exact, 256);
    long bad = 0;
    printf("%s forward: every input on each of %d ISAs\n", F->name, isa_count);
    printf("format form     isa     inputs  correctly rounded  wrong\n");
    for (int f = 0; f < 4; f++) {
        if (opt->fn >= 0 && f != opt->fn) continue;
        char label[48];
        snprintf(label, sizeof label, "%s %s forward", F->name, fn_names[f]);
        verify_progress_begin(label, 65536u);
        /* the first few wrong results, printed once the progress line is gone */
        uint32_t wrong_x[N_ISAS][5], wrong_h[N_ISAS][5];
        /* each ISA's results, then each input's exact value once for all of them */
        for (size_t ii = 0; ii < N_ISAS; ii++) {
            if (!has[ii]) continue;
            if (gelu_set_isa(isas[ii]) != GELU_OK ||
                F->forward((gelu_fn)f, x, y[ii], 65536) != GELU_OK) {
                verify_progress_end();
                mpfr_clear(exact);
                gelu_set_isa(active_isa);
                fprintf(stderr, "gelu verify: gelu_forward_%s failed\n", F->name);
                return 2;
            }
        }
        if (opt->inject_error) /* x = 1.0 (0x3f80 in bf16, 0x3c00 in f16): 2 units off */
            y[0][which == VERIFY_F16 ? 0x3c00 : 0x3f80] ^= 2u;
        long wrong[N_ISAS] = {0};
        for (uint32_t i = 0; i < 65536; i++) {
            int is_finite_nonzero = 0;
            if (!is_nan(F, i)) {
                float xf = (float)value_of(F, i);
                if (!isinf(xf) && xf != 0.0f) {
                    is_finite_nonzero = 1;
                    oracle_f32_mpfr((gelu_fn)f, 0, xf, exact);
                }
            }
            for (size_t ii = 0; ii < N_ISAS; ii++) {
                if (!has[ii]) continue;
                uint32_t h = y[ii][i];
                int good;
                if (is_nan(F, i)) {
                    uint32_t q = i | (1u << (F->mant_bits - 1));
                    good = h == q;
                } else if (is_finite_nonzero) {
                    good = !is_nan(F, h) && correctly_rounded(F, h, exact);
                } else if (isinf(value_of(F, i))) {
                    double want = value_of(F, i) > 0 ? (double)INFINITY
                                                     : (f == GELU_RELU ? 0.0 : -0.0);
                    good = value_of(F, h) == want && signbit(value_of(F, h)) == signbit(want);
                } else {
                    good = h == (f == GELU_RELU ? 0u : i); /* f(+-0) = +-0; ReLU: +0 */
                }
                if (!good && wrong[ii]++ < 5) {
                    wrong_x[ii][wrong[ii] - 1] = i;
                    wrong_h[ii][wrong[ii] - 1] = h;
                }
            }
            if ((i & 4095u) == 4095u) verify_progress_add(4096);
        }
        verify_progress_end();
        for (size_t ii = 0; ii < N_ISAS; ii++)
            for (long k = 0; has[ii] && k < wrong[ii] && k < 5; k++)
                printf("WRONG %s %s %s: x = 0x%04x: got 0x%04x\n", F->name, fn_names[f],
                       isas[ii], wrong_x[ii][k], wrong_h[ii][k]);
        for (size_t ii = 0; ii < N_ISAS; ii++) {
            if (!has[ii]) continue;
            printf("%-6s %-8s %-7s %6d  %17ld  %5ld\n", F->name, fn_names[f], isas[ii], 65536,
                   65536 - wrong[ii], wrong[ii]);
            sum->checked += 65536;
            sum->failures += (uint64_t)wrong[ii];
            bad += wrong[ii];
        }
    }
    gelu_set_isa(active_isa);
    mpfr_clear(exact);
    printf("%s forward: %s\n", F->name, bad ? "FAIL" : "all correctly rounded");
    fflush(stdout);
    return bad ? 1 : 0;
}
