/* bench_threads.c -- what a second thread costs and gains: the library's pool (src/threads.c)
 * against OpenMP (GCC's libgomp) and against one thread, for gelu_forward_f32 (GELU_ERF) at
 * sizes from 4,096 to 4,194,304 elements.  It measures the size above which threads pay off
 * (threads.h, GELU_PARALLEL_MIN_ELEMENTS) and whether the pool's fork/join is cheaper than
 * OpenMP's.
 *
 * For each size: the time of one call (median of --reps batches, each long enough to time)
 * with 1 thread; with T threads of the pool (gelu_parallel_run, forced to T threads and
 * T * GELU_PARALLEL_PARTS_PER_THREAD parts whatever
 * the size); and with T OpenMP threads (#pragma omp parallel, each thread calling the kernel
 * on its piece).  Inputs N(0,1), in cache for the small sizes. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gelu.h"
#include "kernels.h"
#include "threads.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct call {
    const gelu_kernel_table *t;
    const float *x;
    float *y;
    size_t n;
} call;

static void pool_part(void *ctx, size_t part, size_t parts)
{
    const call *c = ctx;
    size_t lo, hi;
    gelu_parallel_range(c->n, part, parts, 64, &lo, &hi);
    if (lo < hi) c->t->forward_f32[GELU_ERF](c->x + lo, c->y + lo, hi - lo);
}

enum { ONE, POOL, OMP };

static void run(int how, call *c, int T)
{
    switch (how) {
    case ONE: c->t->forward_f32[GELU_ERF](c->x, c->y, c->n); break;
    case POOL:
        gelu_parallel_run(pool_part, c,
                          (gelu_parallel_plan){(size_t)T * GELU_PARALLEL_PARTS_PER_THREAD, (size_t)T});
        break;
    case OMP:
#pragma omp parallel num_threads(T)
        pool_part(c, (size_t)omp_get_thread_num(), (size_t)omp_get_num_threads());
        break;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median seconds per call over reps batches of `inner` calls. */
static double time_calls(int how, call *c, int T, int reps)
{
    int inner = (int)(4194304 / c->n);
    if (inner < 1) inner = 1;
    double ts[101];
    run(how, c, T);
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (int k = 0; k < inner; k++) run(how, c, T);
        ts[r] = (now() - t0) / inner;
    }
    qsort(ts, (size_t)reps, sizeof ts[0], cmp_double);
    return ts[reps / 2];
}

int main(int argc, char **argv)
{
    int T = 2, reps = 15;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: bench_threads [--threads T] [--reps R]\n"
                   "One call of gelu_forward_f32 (GELU_ERF): 1 thread, T threads of the\n"
                   "library's pool, T OpenMP threads; medians of R batches (default T 2, R 15).\n");
            return 0;
        }
        if (i + 1 < argc && strcmp(argv[i], "--threads") == 0) T = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--reps") == 0) reps = atoi(argv[++i]);
        else {
            fprintf(stderr, "bench_threads: unknown option %s (try --help)\n", argv[i]);
            return 2;
        }
    }
    if (T < 2 || T > 64 || reps < 1 || reps > 101) {
        fprintf(stderr, "bench_threads: --threads 2..64, --reps 1..101\n");
        return 2;
    }
    size_t nmax = (size_t)1 << 22;
    float *x = malloc(nmax * sizeof *x), *y = malloc(nmax * sizeof *y);
    if (!x || !y) return 1;
    uint64_t s = 88172645463325252ull;
    for (size_t i = 0; i < nmax; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        double u1 = ((double)(s >> 11) + 1.0) * 0x1p-53, u2 = (double)((s >> 3) & 0xffff) / 65536.0;
        x[i] = (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
    }
    gelu_set_num_threads(T);
    printf("# bench_threads: gelu_forward_f32 GELU_ERF, isa %s, %d threads, median of %d\n",
           gelu_isa(), T, reps);
    printf("| n | 1 thread us | pool us | OpenMP us | pool speedup | OpenMP speedup |\n"
           "|---|---|---|---|---|---|\n");
    for (size_t n = 4096; n <= nmax; n *= 2) {
        call c = {gelu_active_kernels(), x, y, n};
        double t1 = time_calls(ONE, &c, T, reps);
        double tp = time_calls(POOL, &c, T, reps);
        double to = time_calls(OMP, &c, T, reps);
        printf("| %zu | %.2f | %.2f | %.2f | %.2f | %.2f |\n", n, t1 * 1e6, tp * 1e6, to * 1e6,
               t1 / tp, t1 / to);
        fflush(stdout);
    }
    free(x);
    free(y);
    return 0;
}
