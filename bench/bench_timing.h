/* bench_timing.h -- the clock and the sort order the stand-alone benchmarks share. */
#ifndef GELU_BENCH_TIMING_H
#define GELU_BENCH_TIMING_H

#include <time.h>

/* Seconds on the monotonic clock. */
static inline double bench_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* qsort order of doubles (for medians and percentiles). */
static inline int bench_compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif /* GELU_BENCH_TIMING_H */
