/* input_dist.h -- the input distributions of the benchmarks (issue 19, item 4): bench/bench_gelu
 * and `gelu bench` draw x from the same seven, so that their figures are for the same inputs.
 *
 *   n0.5 n1 n2 n3 n5   normal, mean 0, sigma 0.5, 1, 2, 3, 5 (pre-activations of trained
 *                      models: mostly within a few units of 0, the wider ones reaching the
 *                      tails where a GELU kernel may take a slower path)
 *   t3                 1.5 times Student's t with 3 degrees of freedom: heavy tails, as the
 *                      outliers of large transformers' activations
 *   u10                uniform [-10, 10] (the old "uniform"; most vectors hold a tail input)
 *
 * "normal" and "uniform" are kept as names of n1 and u10, so that old command lines work.
 * Each distribution has its own fixed seed, so a name gives the same numbers in every run
 * (on machines whose libm gives the same log, cos and sqrt: Box-Muller uses them).  n1 and
 * u10 are, number for number, the inputs bench_gelu called "normal" and "uniform" before.
 * The generator is a 64-bit LCG (Knuth's MMIX constants), not libc's rand, whose sequence
 * differs between C libraries.  Header-only: bench/ and tools/gelu/ both include it. */
#ifndef GELU_INPUT_DIST_H
#define GELU_INPUT_DIST_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { BENCH_DIST_COUNT = 7, BENCH_DIST_N1 = 1, BENCH_DIST_U10 = 6 };

typedef struct bench_dist {
    const char *name;  /* what --dist takes                                     */
    const char *title; /* what a table heading says about it                    */
    char kind;         /* 'n' normal, 't' scaled Student t (3 dof), 'u' uniform  */
    double scale;      /* sigma, the t's factor, the uniform's half width        */
    uint64_t seed;
} bench_dist;

/* Distribution i (0 <= i < BENCH_DIST_COUNT), in the order tables are printed. */
static inline const bench_dist *bench_dist_get(int i)
{
    static const bench_dist all[BENCH_DIST_COUNT] = {
        {"n0.5", "normal, sigma 0.5", 'n', 0.5, 0x5eed0004u},
        {"n1", "N(0,1)", 'n', 1.0, 0x5eed0001u},
        {"n2", "normal, sigma 2", 'n', 2.0, 0x5eed0005u},
        {"n3", "normal, sigma 3", 'n', 3.0, 0x5eed0006u},
        {"n5", "normal, sigma 5", 'n', 5.0, 0x5eed0007u},
        {"t3", "1.5 x Student t, 3 dof", 't', 1.5, 0x5eed0008u},
        {"u10", "uniform [-10, 10]", 'u', 10.0, 0x5eed0002u},
    };
    return &all[i];
}

/* The names, for help texts and error messages. */
#define BENCH_DIST_NAMES "n0.5, n1, n2, n3, n5, t3, u10"

/* The distribution called name[0, len) (its own name or an alias), or -1. */
static inline int bench_dist_find(const char *name, size_t len)
{
    static const struct { const char *alias; int dist; } aliases[] = {
        {"normal", BENCH_DIST_N1}, {"uniform", BENCH_DIST_U10}};
    for (int i = 0; i < BENCH_DIST_COUNT; i++) {
        const char *s = bench_dist_get(i)->name;
        if (strlen(s) == len && memcmp(s, name, len) == 0) return i;
    }
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
        if (strlen(aliases[k].alias) == len && memcmp(aliases[k].alias, name, len) == 0)
            return aliases[k].dist;
    return -1;
}

/* A comma-separated list of names into a bit mask (bit i: distribution i; repeats are
 * harmless).  Returns 0, or -1 with *bad and *bad_len set to the first empty or unknown
 * item (the list is not changed: it may be argv's). */
static inline int bench_dist_parse(const char *list, unsigned *mask, const char **bad,
                                   size_t *bad_len)
{
    unsigned m = 0;
    for (const char *p = list;;) {
        size_t len = strcspn(p, ",");
        int d = len ? bench_dist_find(p, len) : -1;
        if (d < 0) {
            *bad = p;
            *bad_len = len;
            return -1;
        }
        m |= 1u << d;
        if (p[len] == '\0') break;
        p += len + 1;
    }
    *mask = m;
    return 0;
}

/* ---- The generator ------------------------------------------------------------------ */

typedef struct bench_rng {
    uint64_t s;
} bench_rng;

/* Uniform in (0, 1]: never 0, so that log() below is finite. */
static inline double bench_rng_uniform01(bench_rng *r)
{
    r->s = r->s * 6364136223846793005u + 1442695040888963407u;
    return ((double)(r->s >> 11) + 1.0) * 0x1p-53;
}

/* N(0,1) by Box-Muller, the cosine half only (two uniforms a number). */
static inline double bench_rng_normal(bench_rng *r)
{
    double u1 = bench_rng_uniform01(r), u2 = bench_rng_uniform01(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* Student's t with 3 degrees of freedom: Z / sqrt(chi2_3 / 3), chi2_3 the sum of three
 * squared normals (drawn again in the 2^-53-likely case that all three are 0). */
static inline double bench_rng_t3(bench_rng *r)
{
    double z = bench_rng_normal(r), c;
    do {
        double a = bench_rng_normal(r), b = bench_rng_normal(r), e = bench_rng_normal(r);
        c = a * a + b * b + e * e;
    } while (!(c > 0));
    return z / sqrt(c / 3.0);
}

/* n numbers of distribution dist into x (as floats) and, where xd is not NULL, into xd
 * (the same numbers before rounding to float), from the distribution's seed. */
static inline void bench_dist_fill(int dist, size_t n, float *x, double *xd)
{
    const bench_dist *d = bench_dist_get(dist);
    bench_rng r = {d->seed};
    for (size_t i = 0; i < n; i++) {
        double v;
        if (d->kind == 'u')
            v = -d->scale + 2.0 * d->scale * bench_rng_uniform01(&r);
        else if (d->kind == 't')
            v = d->scale * bench_rng_t3(&r);
        else
            v = d->scale * bench_rng_normal(&r);
        x[i] = (float)v;
        if (xd) xd[i] = v;
    }
}

#endif /* GELU_INPUT_DIST_H */
