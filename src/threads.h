/* threads.h -- the library's worker threads: one small persistent pool per process.
 *
 * gelu_parallel_run(job, ctx, parts) runs job(ctx, p, parts) for every p in [0, parts):
 * part 0 on the caller's thread, the others on pool workers, and returns when all are done.
 * Every job splits its work by (p, parts) into pieces whose results do not depend on how
 * the work was split (elementwise kernels; column sums in a fixed order), so any number of
 * parts gives the same bits.  One job runs on the pool at a time; a caller that finds the
 * pool busy (another thread's call is running on it) runs its job as one part on its own
 * thread, which gives the same results.  Thread-safe; fork-safe (a child starts with no
 * workers and makes new ones when it needs them). */
#ifndef GELU_THREADS_H
#define GELU_THREADS_H

#include <stddef.h>

/* The most threads one call uses (gelu_set_num_threads refuses more). */
#define GELU_THREADS_MAX 256

/* Each thread gets at least this many elements (of f32 forward work; threads.h weight):
 * bench/bench_threads measured 2 threads of the pool at 1.49x to 1.69x one thread for
 * 16,384 elements of GELU_ERF (docs/performance.md, "Threads"). */
#define GELU_PARALLEL_MIN_ELEMENTS ((size_t)1 << 14)

typedef void (*gelu_parallel_job)(void *ctx, size_t part, size_t parts);

/* The number of parts for work of n elements, each element costing `weight` units of the
 * f32 forward kernel's time (1 for most kernels): at most gelu_num_threads(), and at
 * least GELU_PARALLEL_MIN_ELEMENTS / weight elements a part. */
size_t gelu_parallel_parts(size_t n, size_t weight);

void gelu_parallel_run(gelu_parallel_job job, void *ctx, size_t parts);

/* [*lo, *hi): part p of [0, n) split in `parts` nearly equal pieces whose bounds are
 * multiples of `align` (except n itself). */
void gelu_parallel_range(size_t n, size_t part, size_t parts, size_t align, size_t *lo,
                         size_t *hi);

#endif /* GELU_THREADS_H */
