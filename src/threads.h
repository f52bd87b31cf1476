/* threads.h -- the library's worker threads: one small persistent pool per process.
 *
 * gelu_parallel_run(job, ctx, plan) runs job(ctx, p, parts) for every p in [0, parts) on up
 * to plan.threads threads (the caller's and pool workers) and returns when all are done.
 * Parts are claimed one at a time by whichever thread gets there first, the caller included:
 * on a loaded machine, a worker that is not scheduled delays the call by at most the one part
 * it holds, because the caller does the parts nobody has started.  Every job splits its work
 * by (p, parts) into pieces whose results do not depend on how the work was split or who runs
 * a piece (elementwise kernels; column sums in a fixed order), so any number of parts and any
 * assignment of parts to threads gives the same bits.  One job runs on the pool at a time; a
 * caller that finds the pool busy (another thread's call is running on it) runs its job as one
 * part on its own thread, which gives the same results.  Thread-safe; fork-safe (a child
 * starts with no workers and makes new ones when it needs them).  Not a cancellation point:
 * cancellation is disabled while a job runs on the pool (gelu_cancel_off). */
#ifndef GELU_THREADS_H
#define GELU_THREADS_H

#include <stddef.h>

/* The most threads one call uses (gelu_set_num_threads refuses more). */
#define GELU_THREADS_MAX 256

/* Each thread gets at least this many elements (of f32 forward work; threads.h weight):
 * bench/bench_threads measured 2 threads of the pool at 1.49x to 1.69x one thread for
 * 16,384 elements of GELU_ERF (docs/performance.md, "Threads"). */
#define GELU_PARALLEL_MIN_ELEMENTS ((size_t)1 << 14)

/* Parts a thread's share is cut into, so that the caller can take over the parts of a
 * worker that the machine's load keeps waiting (docs/performance.md, "Threads on a loaded
 * machine", measured this against 1 part a thread). */
#define GELU_PARALLEL_PARTS_PER_THREAD 4

/* The most parts of one job (the job word has 12 bits for them, threads.c). */
#define GELU_PARALLEL_PARTS_MAX ((size_t)GELU_THREADS_MAX * GELU_PARALLEL_PARTS_PER_THREAD)

typedef void (*gelu_parallel_job)(void *ctx, size_t part, size_t parts);

/* How one call is split: parts pieces of work on at most threads threads. */
typedef struct gelu_parallel_plan {
    size_t parts, threads;
} gelu_parallel_plan;

/* The split for work of n elements, each element costing `weight` units of the f32 forward
 * kernel's time (1 for most kernels): threads at most gelu_num_threads(), each with at least
 * GELU_PARALLEL_MIN_ELEMENTS / weight elements, and GELU_PARALLEL_PARTS_PER_THREAD parts a
 * thread ({1, 1} when one thread is all the size pays for). */
gelu_parallel_plan gelu_parallel_plan_for(size_t n, size_t weight);

void gelu_parallel_run(gelu_parallel_job job, void *ctx, gelu_parallel_plan plan);

/* [*lo, *hi): part p of [0, n) split in `parts` nearly equal pieces whose bounds are
 * multiples of `align` (except n itself). */
void gelu_parallel_range(size_t n, size_t part, size_t parts, size_t align, size_t *lo,
                         size_t *hi);

/* After a call on the pool whose caller waited for workers longer than it computed (a
 * loaded machine), the next GELU_BACKOFF_MIN calls run on their caller's thread alone; the
 * number doubles, up to GELU_BACKOFF_MAX, while such waits go on (threads.c). */
#define GELU_BACKOFF_MIN 8
#define GELU_BACKOFF_MAX 256

/* Forgets that recent calls waited for workers (threads.c, "backing off on a loaded
 * machine"), so that the next call may use the pool again: for tests whose jobs make the
 * caller wait on purpose. */
void gelu_parallel_forget_waits(void);

/* Cancellation of the calling thread off (pthread_setcancelstate); returns the state to give
 * gelu_cancel_restore.  Every entry point runs between the two, so that no entry point is a
 * cancellation point (include/gelu.h, section 8). */
int gelu_cancel_off(void);
void gelu_cancel_restore(int old_state);

#endif /* GELU_THREADS_H */
