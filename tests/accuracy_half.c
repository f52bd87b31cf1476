/* accuracy_half.c -- the exhaustive proof that the bf16 and f16 forward functions are
 * correctly rounded: every one of the 65,536 inputs of each format and form, against MPFR.
 *
 * For a result h (finite), its neighbours in the format and the midpoints between them are
 * exact doubles; h is the correctly rounded value of the exact f(x) (MPFR, 256 bits) when
 * f(x) lies between those midpoints, a tie going to the even one.  A zero result must carry
 * the sign of the exact value (of x where f(x) is exactly 0), inf must come from a value at
 * or beyond the overflow threshold, and NaN inputs must give that NaN, quieted.  Runs each
 * format and form through every ISA this CPU has (the public API with gelu_set_isa).
 *   accuracy_half [--help]          exit 0 when every result is right, 1 otherwise */
#include <math.h>
#include <mpfr.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gelu.h"
#include "oracle_f32.h"

typedef struct format {
    const char *name;
    int mant_bits, bias, exp_max;
    gelu_status (*forward)(gelu_fn, const uint16_t *, uint16_t *, size_t);
} format;

static const format formats[] = {
    {"bf16", 7, 127, 255, gelu_forward_bf16},
    {"f16", 10, 15, 31, gelu_forward_f16},
};
static const char *const fn_names[] = {"erf", "tanh", "sigmoid", "relu"};

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

int main(int argc, char **argv)
{
    if (argc > 1) {
        printf("usage: accuracy_half\nProves the bf16 and f16 forward results correctly rounded "
               "for all 65,536 inputs of each form, on every ISA of this CPU.\n");
        return strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    static uint16_t x[65536], y[65536];
    for (uint32_t i = 0; i < 65536; i++) x[i] = (uint16_t)i;
    const char *isas[] = {"scalar", "avx2", "avx512", "neon"};
    mpfr_t exact;
    mpfr_init2(exact, 256);
    long bad = 0;
    printf("format form     isa     inputs  correctly rounded  wrong\n");
    for (size_t fi = 0; fi < 2; fi++) {
        const format *F = &formats[fi];
        for (int f = 0; f < 4; f++) {
            for (size_t ii = 0; ii < 4; ii++) {
                if (gelu_set_isa(isas[ii]) != GELU_OK) continue;
                if (F->forward((gelu_fn)f, x, y, 65536) != GELU_OK) return 1;
                long wrong = 0, ok = 0;
                for (uint32_t i = 0; i < 65536; i++) {
                    uint32_t h = y[i];
                    int good;
                    if (is_nan(F, i)) {
                        uint32_t q = i | (1u << (F->mant_bits - 1));
                        good = h == q;
                    } else {
                        float xf = (float)value_of(F, i);
                        if (isinf(xf)) {
                            double want = xf > 0 ? (double)INFINITY : (f == GELU_RELU ? 0.0 : -0.0);
                            good = value_of(F, h) == want && signbit(value_of(F, h)) == signbit(want);
                        } else if (xf == 0.0f) {
                            good = h == (f == GELU_RELU ? 0u : i); /* f(+-0) = +-0; ReLU: +0 */
                        } else {
                            oracle_f32_mpfr((gelu_fn)f, 0, xf, exact);
                            good = !is_nan(F, h) && correctly_rounded(F, h, exact);
                        }
                    }
                    if (good) {
                        ok++;
                    } else if (wrong++ < 5) {
                        printf("WRONG %s %s %s: x = 0x%04x: got 0x%04x\n", F->name, fn_names[f],
                               isas[ii], i, h);
                    }
                }
                printf("%-6s %-8s %-7s %6d  %17ld  %5ld\n", F->name, fn_names[f], isas[ii], 65536,
                       ok, wrong);
                bad += wrong;
            }
        }
    }
    mpfr_clear(exact);
    printf("%s\n", bad ? "FAIL" : "all correctly rounded");
    return bad ? 1 : 0;
}
