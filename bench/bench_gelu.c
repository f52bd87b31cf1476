/* bench_gelu.c -- elements per second of the libgelu kernels, beside memcpy of the same
 * bytes and the naive libm formula, measured in one run.
 *
 *   bench_gelu [--n N] [--reps R]
 * Inputs are N(0,1) (Box-Muller, fixed seed).  Each figure is the median of R timed calls
 * after one warm-up call.  Pin it to one core for single-thread figures:
 *   taskset -c 0 build/bench/bench_gelu --n 262144 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gelu.h"

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct bench_case {
    const char *name;
    int kind; /* 0 gelu forward f32, 1 backward f32, 2 forward f64, 3 backward f64,
                 4 memcpy f32 bytes, 5 naive libm erf f32 */
    gelu_fn f;
} bench_case;

static float *xf, *yf, *dyf;
static double *xd, *yd, *dyd;

static void run_case(const bench_case *c, size_t n)
{
    switch (c->kind) {
    case 0: gelu_forward_f32(c->f, xf, yf, n); break;
    case 1: gelu_backward_f32(c->f, xf, dyf, yf, n); break;
    case 2: gelu_forward_f64(c->f, xd, yd, n); break;
    case 3: gelu_backward_f64(c->f, xd, dyd, yd, n); break;
    case 4: memcpy(yf, xf, n * sizeof *xf); break;
    default:
        for (size_t i = 0; i < n; i++)
            yf[i] = 0.5f * xf[i] * (1.0f + erff(xf[i] * 0.70710678f));
        break;
    }
}

int main(int argc, char **argv)
{
    size_t n = 262144;
    int reps = 15;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--n") == 0 && i + 1 < argc) {
            n = (size_t)strtoull(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            reps = atoi(argv[++i]);
        } else {
            printf("usage: bench_gelu [--n N] [--reps R]\n"
                   "Gelem/s of each libgelu kernel, memcpy and the naive libm formula.\n");
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (n == 0 || reps < 1 || reps > 1000) {
        fprintf(stderr, "bench_gelu: --n must be > 0 and --reps in 1..1000\n");
        return 2;
    }
    xf = malloc(n * sizeof *xf);
    yf = malloc(n * sizeof *yf);
    dyf = malloc(n * sizeof *dyf);
    xd = malloc(n * sizeof *xd);
    yd = malloc(n * sizeof *yd);
    dyd = malloc(n * sizeof *dyd);
    if (!xf || !yf || !dyf || !xd || !yd || !dyd) {
        fprintf(stderr, "bench_gelu: out of memory for n = %zu\n", n);
        return 1;
    }
    uint64_t state = 42;
    for (size_t i = 0; i < n; i++) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        double u1 = ((double)(state >> 11) + 1.0) * 0x1p-53;
        state = state * 6364136223846793005u + 1442695040888963407u;
        double u2 = (double)(state >> 11) * 0x1p-53;
        xd[i] = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
        xf[i] = (float)xd[i];
        dyf[i] = 1.0f;
        dyd[i] = 1.0;
    }
    static const bench_case cases[] = {
        {"memcpy (f32 bytes)", 4, GELU_ERF},     {"naive libm erf f32", 5, GELU_ERF},
        {"erf forward f32", 0, GELU_ERF},        {"erf backward f32", 1, GELU_ERF},
        {"tanh forward f32", 0, GELU_TANH},      {"tanh backward f32", 1, GELU_TANH},
        {"sigmoid forward f32", 0, GELU_SIGMOID}, {"sigmoid backward f32", 1, GELU_SIGMOID},
        {"relu forward f32", 0, GELU_RELU},      {"relu backward f32", 1, GELU_RELU},
        {"erf forward f64", 2, GELU_ERF},        {"erf backward f64", 3, GELU_ERF},
        {"tanh forward f64", 2, GELU_TANH},      {"sigmoid forward f64", 2, GELU_SIGMOID},
    };
    printf("libgelu %s, isa %s, n = %zu, median of %d\n", gelu_version(), gelu_isa(), n, reps);
    printf("%-22s %10s %10s\n", "kernel", "Gelem/s", "ns/elem");
    double *t = malloc((size_t)reps * sizeof *t);
    if (!t) return 1;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        run_case(&cases[k], n);
        for (int r = 0; r < reps; r++) {
            double t0 = now_seconds();
            run_case(&cases[k], n);
            t[r] = now_seconds() - t0;
        }
        qsort(t, (size_t)reps, sizeof *t, compare_doubles);
        double med = t[reps / 2];
        printf("%-22s %10.4f %10.2f\n", cases[k].name, (double)n / med * 1e-9,
               med / (double)n * 1e9);
    }
    free(t);
    return 0;
}
