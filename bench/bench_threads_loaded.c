/* bench_threads_loaded.c -- does a second thread ever make a call much slower than one?
 * (docs/performance.md, "Threads on a loaded machine").
 *
 * Times single calls of the public gelu_forward_f32 (GELU_ERF) at 16 Ki, 64 Ki, 256 Ki and
 * 1 Mi elements with gelu_set_num_threads(1) and (2), the two settings alternating call by
 * call so that both see the same load, and prints the median and the 90th percentile of
 * each, and the ratio of the medians (2 threads / 1 thread: above 1 means the second thread
 * made the call slower).  It starts no load itself: run it beside one, e.g.
 *   taskset -c 1 sh -c 'while :; do :; done' &   build/bench/bench_threads_loaded
 * Inputs N(0,1), the same array for every call (in cache up to 256 Ki). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gelu.h"
#include "bench_timing.h"


int main(int argc, char **argv)
{
    int reps = 401;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--reps") == 0) {
            reps = atoi(argv[++i]);
        } else {
            printf("usage: bench_threads_loaded [--reps R]\n"
                   "Single calls of gelu_forward_f32 (GELU_ERF), 1 and 2 threads alternating;\n"
                   "median and 90th percentile of R calls each (default 401).\n");
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (reps < 11 || reps > 100001) {
        fprintf(stderr, "bench_threads_loaded: --reps 11..100001\n");
        return 2;
    }
    size_t nmax = (size_t)1 << 20;
    float *x = malloc(nmax * sizeof *x), *y = malloc(nmax * sizeof *y);
    double *t[2] = {malloc((size_t)reps * sizeof(double)), malloc((size_t)reps * sizeof(double))};
    if (!x || !y || !t[0] || !t[1]) return 1;
    /* N(0,1) by Box-Muller on a xorshift stream: the same inputs every run */
    unsigned long long s = 88172645463325252ull;
    for (size_t i = 0; i < nmax; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        double u1 = ((double)(s >> 11) + 1.0) * 0x1p-53, u2 = (double)((s >> 3) & 0xffff) / 65536.0;
        x[i] = (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
    }
    printf("# bench_threads_loaded: gelu_forward_f32 GELU_ERF, isa %s, %d calls each\n",
           gelu_isa(), reps);
    printf("| n | 1 thread median us | p90 | 2 threads median us | p90 | median ratio 2/1 |\n"
           "|---|---|---|---|---|---|\n");
    for (size_t n = (size_t)1 << 14; n <= nmax; n *= 4) {
        /* warm: the workers exist and the pages are touched before the first timed call */
        for (int k = 0; k < 2; k++) {
            gelu_set_num_threads(k + 1);
            gelu_forward_f32(GELU_ERF, x, y, n);
        }
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 2; k++) {
                gelu_set_num_threads(k + 1);
                double t0 = bench_now_seconds();
                gelu_forward_f32(GELU_ERF, x, y, n);
                t[k][r] = bench_now_seconds() - t0;
            }
        }
        for (int k = 0; k < 2; k++) qsort(t[k], (size_t)reps, sizeof(double), bench_compare_doubles);
        double m1 = t[0][reps / 2], m2 = t[1][reps / 2];
        printf("| %zu | %.2f | %.2f | %.2f | %.2f | %.2f |\n", n, m1 * 1e6,
               t[0][reps * 9 / 10] * 1e6, m2 * 1e6, t[1][reps * 9 / 10] * 1e6, m2 / m1);
        fflush(stdout);
    }
    gelu_set_num_threads(0);
    free(x);
    free(y);
    free(t[0]);
    free(t[1]);
    return 0;
}
