/* threads.c -- the worker pool (threads.h) and the thread-count setting of gelu.h §8.
 *
 * Workers are created on first need and kept.  A job is published as one 64-bit word (its
 * generation, thread count, part count and next unclaimed part) with a release store; a
 * worker that sees a new generation and whose index is below the thread count claims parts
 * with compare-and-swap on that word until none is left, counting each done part in
 * `finished`.  The caller claims parts the same way (so it does whatever no worker has
 * started: a worker the scheduler keeps off a core costs at most the part it holds), then
 * waits for `finished` to reach the part count (spinning briefly, then sleeping on a condition
 * variable that the last worker signals).  Idle workers spin briefly (a job that follows
 * soon after the last one starts without a system call), then sleep on a condition variable.
 * Each job carries the floating-point environment of the caller's thread during the call
 * (the default one: every entry point sets it, fp_env.h), which the workers take on before
 * each part: a worker created or last used under another environment computes exactly as
 * the caller's thread does.  The pool is owned by one caller at a time (the `busy` flag);
 * others run single-threaded.  The owner cannot be cancelled (cancellation is disabled while
 * it owns the pool).  Nothing here is allocated except the workers themselves (by
 * pthread_create). */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <fenv.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "gelu.h"
#include "threads.h"
#include "env_warning.h"

/* ---- the setting ------------------------------------------------------------------------ */

static atomic_int requested_threads = 0; /* 0: the default */
static atomic_int default_threads = 0;   /* 0: not yet found */

/* CPUs this process may run on (taskset counts), at least 1, at most GELU_THREADS_MAX. */
static int usable_cpus(void)
{
    long n = 0;
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
#endif
    if (n <= 0) n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n <= 0) n = 1;
    return n > GELU_THREADS_MAX ? GELU_THREADS_MAX : (int)n;
}

/* GELU_NUM_THREADS: a decimal integer in [1, GELU_THREADS_MAX], else 0 (with one line on
 * stderr when it is set but not that). */
static int threads_from_environment(void)
{
    const char *env = getenv("GELU_NUM_THREADS");
    if (env == NULL) return 0;
    int v = 0, ok = env[0] != '\0';
    for (const char *p = env; *p != '\0' && ok; p++) {
        if (*p < '0' || *p > '9' || v > GELU_THREADS_MAX) ok = 0;
        else v = v * 10 + (*p - '0');
    }
    if (ok && v >= 1 && v <= GELU_THREADS_MAX) return v;
    char why[48];
    snprintf(why, sizeof why, "not a whole number from 1 to %d", GELU_THREADS_MAX);
    gelu_env_warning("GELU_NUM_THREADS", env, why);
    return 0;
}

static int default_thread_count(void)
{
    int d = atomic_load_explicit(&default_threads, memory_order_relaxed);
    if (d > 0) return d;
    d = threads_from_environment();
    if (d == 0) d = usable_cpus();
    /* Two threads may both get here (and both print the line above); they agree. */
    atomic_store_explicit(&default_threads, d, memory_order_relaxed);
    return d;
}

int gelu_num_threads(void)
{
    int r = atomic_load_explicit(&requested_threads, memory_order_relaxed);
    if (r > 0) return r;
    r = atomic_load_explicit(&default_threads, memory_order_relaxed);
    if (r > 0) return r; /* found already: every call after the first stops here */
    /* The first call may write a warning line (a cancellation point): not cancellable. */
    int cancel = gelu_cancel_off();
    r = default_thread_count();
    gelu_cancel_restore(cancel);
    return r;
}

gelu_status gelu_set_num_threads(int n)
{
    if (n < 0 || n > GELU_THREADS_MAX) return GELU_ERR_ARG;
    atomic_store_explicit(&requested_threads, n, memory_order_relaxed);
    return GELU_OK;
}

gelu_parallel_plan gelu_parallel_plan_for(size_t n, size_t weight)
{
    size_t per = GELU_PARALLEL_MIN_ELEMENTS / (weight ? weight : 1);
    if (per == 0) per = 1;
    size_t threads = n / per, most = (size_t)gelu_num_threads();
    if (threads > most) threads = most;
    if (threads <= 1) return (gelu_parallel_plan){1, 1};
    /* More parts than threads: a worker that the machine's load keeps off a core holds at
     * most one small part, and the caller takes the rest (threads.h). */
    return (gelu_parallel_plan){threads * GELU_PARALLEL_PARTS_PER_THREAD, threads};
}

void gelu_parallel_range(size_t n, size_t part, size_t parts, size_t align, size_t *lo,
                         size_t *hi)
{
    size_t units = n / align + (n % align != 0); /* pieces of `align` elements */
    size_t u0 = units / parts * part + (part < units % parts ? part : units % parts);
    size_t u1 = u0 + units / parts + (part < units % parts);
    *lo = u0 * align < n ? u0 * align : n;
    *hi = u1 * align < n ? u1 * align : n;
}

/* ---- the pool --------------------------------------------------------------------------- */

/* The floating-point controls a job carries to the workers.  x86: MXCSR (rounding, FTZ, DAZ;
 * the kernels use SSE/AVX only), set only when its control bits differ (fegetenv/fesetenv
 * also save the x87 state and cost about 0.4 us a call); elsewhere the whole fenv_t. */
#if defined(__x86_64__) || defined(__i386__)
#  include <xmmintrin.h>
typedef unsigned gelu_fp_controls;
static void fp_controls_get(gelu_fp_controls *c) { *c = _mm_getcsr(); }
static void fp_controls_set(const gelu_fp_controls *c)
{
    if (((_mm_getcsr() ^ *c) & ~0x3fu) != 0) _mm_setcsr(*c); /* bits 0-5: sticky flags */
}
#else
typedef fenv_t gelu_fp_controls;
static void fp_controls_get(gelu_fp_controls *c) { fegetenv(c); }
static void fp_controls_set(const gelu_fp_controls *c) { fesetenv(c); }
#endif

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#define GELU_SPIN_WORKER 4000 /* relax steps an idle worker spins before it sleeps */
#define GELU_SPIN_CALLER 4000 /* relax steps the caller spins before it sleeps */
#define GELU_SPIN_YIELD_EVERY 64 /* a spinning thread yields its core every so many steps */

/* The job word: everything a worker needs to know about the current job, in one atomic
 * 64-bit word, so that a part is claimed with one compare-and-swap that also proves the job
 * is still the one the worker saw (a worker that wakes late can never claim a part of a
 * later job by mistake):
 *   bits  0-11  the next part nobody has claimed yet
 *   bits 12-23  parts            (at most GELU_PARALLEL_PARTS_MAX)
 *   bits 24-31  threads - 1      (at most GELU_THREADS_MAX)
 *   bits 32-63  generation       (one more for each job; it would take 2^32 jobs while one
 *                                 worker sleeps through all of them to mistake one for another) */
#define JOB_NEXT(w) ((size_t)((w) & 0xfffu))
#define JOB_PARTS(w) ((size_t)(((w) >> 12) & 0xfffu))
#define JOB_THREADS(w) ((size_t)(((w) >> 24) & 0xffu) + 1)
#define JOB_GENERATION(w) ((uint32_t)((w) >> 32))

static struct {
    pthread_mutex_t lock;      /* guards sleepers, caller_waits and both handshakes */
    pthread_cond_t wake;       /* workers wait here for a job */
    pthread_cond_t done;       /* the caller waits here for the last part */
    int sleepers;
    int caller_waits;
    size_t workers;            /* started; changed only by the owner of busy */
    atomic_flag busy;          /* a caller owns the pool */
    _Atomic uint64_t job_word; /* see above */
    atomic_size_t finished;    /* parts of the current job done */
    gelu_parallel_job job;     /* written by the owner before job_word is published */
    void *ctx;
    gelu_fp_controls env;      /* the caller's floating-point controls */
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER,
          .wake = PTHREAD_COND_INITIALIZER,
          .done = PTHREAD_COND_INITIALIZER,
          .busy = ATOMIC_FLAG_INIT};

/* The generation each worker has seen when it starts (written before pthread_create). */
static uint32_t worker_start_generation[GELU_THREADS_MAX];

static uint64_t wait_for_job(uint32_t seen)
{
    uint64_t w;
    for (int i = 0; i < GELU_SPIN_WORKER; i++) {
        w = atomic_load_explicit(&pool.job_word, memory_order_acquire);
        if (JOB_GENERATION(w) != seen) return w;
        /* yield now and then: a caller sharing this core computes meanwhile */
        if (i % GELU_SPIN_YIELD_EVERY == GELU_SPIN_YIELD_EVERY - 1)
            sched_yield();
        else
            cpu_relax();
    }
    pthread_mutex_lock(&pool.lock);
    while (JOB_GENERATION(w = atomic_load_explicit(&pool.job_word, memory_order_acquire)) ==
           seen) {
        pool.sleepers++;
        pthread_cond_wait(&pool.wake, &pool.lock);
        pool.sleepers--;
    }
    pthread_mutex_unlock(&pool.lock);
    return w;
}

/* Claims the next unclaimed part of job `generation`: its index, or SIZE_MAX when that job
 * has none left (or is over).  Whoever gets there first runs a part, the caller included, so
 * a worker that is not scheduled delays the call by at most the part it already holds. */
static size_t claim_part(uint32_t generation, size_t *parts)
{
    uint64_t w = atomic_load_explicit(&pool.job_word, memory_order_acquire);
    for (;;) {
        if (JOB_GENERATION(w) != generation || JOB_NEXT(w) >= JOB_PARTS(w)) return SIZE_MAX;
        /* acquire: pool.job, ctx and env, written before the job word was published */
        if (atomic_compare_exchange_weak_explicit(&pool.job_word, &w, w + 1,
                                                  memory_order_acq_rel, memory_order_acquire)) {
            *parts = JOB_PARTS(w);
            return JOB_NEXT(w);
        }
    }
}

/* Runs parts of job `generation` until none is left; returns whether this thread finished
 * the job's last part. */
static int run_parts(uint32_t generation)
{
    size_t parts = 0, part;
    int last = 0;
    while ((part = claim_part(generation, &parts)) != SIZE_MAX) {
        fp_controls_set(&pool.env);
        pool.job(pool.ctx, part, parts);
        /* release: this part's writes happen before the caller sees the count complete */
        last = atomic_fetch_add_explicit(&pool.finished, 1, memory_order_acq_rel) + 1 == parts;
    }
    return last;
}

static void *worker_main(void *arg)
{
    size_t index = (size_t)(uintptr_t)arg;
    uint32_t seen = worker_start_generation[index];
    for (;;) {
        uint64_t w = wait_for_job(seen);
        seen = JOB_GENERATION(w);
        /* Only the call's first threads - 1 workers take part (gelu_set_num_threads). */
        if (index >= JOB_THREADS(w) || !run_parts(seen)) continue;
        pthread_mutex_lock(&pool.lock); /* the last part: wake a sleeping caller */
        if (pool.caller_waits) pthread_cond_signal(&pool.done);
        pthread_mutex_unlock(&pool.lock);
    }
    return NULL;
}

/* In a child of fork() only the forking thread exists: forget the workers. */
static void pool_after_fork_in_child(void)
{
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.wake, NULL);
    pthread_cond_init(&pool.done, NULL);
    pool.sleepers = 0;
    pool.caller_waits = 0;
    pool.workers = 0;
    atomic_flag_clear(&pool.busy);
}

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void register_atfork(void) { pthread_atfork(NULL, NULL, pool_after_fork_in_child); }

/* Starts workers up to threads - 1 (the caller owns the pool); returns the threads that can
 * run (fewer if a thread could not be created). */
static size_t ensure_workers(size_t threads)
{
    if (pool.workers + 1 >= threads) return threads;
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return pool.workers + 1;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* Workers inherit a full signal mask: signals go to the application's threads. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    uint32_t generation = JOB_GENERATION(atomic_load_explicit(&pool.job_word,
                                                              memory_order_relaxed));
    while (pool.workers + 1 < threads) {
        size_t index = pool.workers + 1;
        worker_start_generation[index] = generation;
        pthread_t thread;
        if (pthread_create(&thread, &attr, worker_main, (void *)(uintptr_t)index) != 0) break;
        pool.workers = index;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    return pool.workers + 1 < threads ? pool.workers + 1 : threads;
}

/* ---- backing off on a loaded machine ------------------------------------------------------
 * Claiming parts bounds what a descheduled worker costs to the part it holds, but a worker
 * that the scheduler keeps off a core for longer than the whole call (another process
 * spinning on the other core) still makes the caller wait.  So the caller measures each call
 * on the pool: when it waited for workers longer than it computed itself (an unloaded
 * machine waits at most about one part, a fraction of that), the next `solo` calls run on
 * the caller's thread alone, solo doubling from GELU_BACKOFF_MIN to GELU_BACKOFF_MAX calls
 * (threads.h)
 * while the waits go on and falling back to the minimum after a call that did not wait.  A
 * loaded machine then pays one slow call in up to GELU_BACKOFF_MAX and runs the rest at
 * one thread's speed (docs/performance.md, "Threads on a loaded machine").  Who runs a part
 * never changes a result. */

static atomic_int solo_calls_left = 0; /* calls to run on one thread before trying again */
static atomic_int backoff = GELU_BACKOFF_MIN;

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* 1 when this call should run on one thread because recent ones waited for workers. */
static int backing_off(void)
{
    int left = atomic_load_explicit(&solo_calls_left, memory_order_relaxed);
    while (left > 0) {
        if (atomic_compare_exchange_weak_explicit(&solo_calls_left, &left, left - 1,
                                                  memory_order_relaxed, memory_order_relaxed))
            return 1;
    }
    return 0;
}

/* After a call on the pool: `worked` seconds computing parts, then `waited` for workers. */
static void note_wait(double worked, double waited)
{
    if (waited > worked && waited > 20e-6) {
        int b = atomic_load_explicit(&backoff, memory_order_relaxed);
        atomic_store_explicit(&solo_calls_left, b, memory_order_relaxed);
        atomic_store_explicit(&backoff, b < GELU_BACKOFF_MAX ? 2 * b : b, memory_order_relaxed);
    } else {
        atomic_store_explicit(&backoff, GELU_BACKOFF_MIN, memory_order_relaxed);
    }
}

void gelu_parallel_forget_waits(void)
{
    atomic_store_explicit(&solo_calls_left, 0, memory_order_relaxed);
    atomic_store_explicit(&backoff, GELU_BACKOFF_MIN, memory_order_relaxed);
}

/* The caller's side of a job on the pool (it owns `busy`): publish, run parts, wait. */
static void run_on_pool(gelu_parallel_job job, void *ctx, size_t parts, size_t threads)
{
    double t0 = seconds_now();
    pool.job = job;
    pool.ctx = ctx;
    fp_controls_get(&pool.env);
    atomic_store_explicit(&pool.finished, 0, memory_order_relaxed);
    pthread_mutex_lock(&pool.lock);
    uint32_t generation =
        JOB_GENERATION(atomic_load_explicit(&pool.job_word, memory_order_relaxed)) + 1;
    atomic_store_explicit(&pool.job_word,
                          (uint64_t)generation << 32 | (uint64_t)(threads - 1) << 24 |
                              (uint64_t)parts << 12,
                          memory_order_release);
    if (pool.sleepers > 0) pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    /* The caller claims parts like any worker: what no worker has started, it does itself. */
    run_parts(generation);
    double t1 = seconds_now();

    /* Then it waits for the parts workers hold: briefly spinning, then asleep. */
    for (int i = 0; i < GELU_SPIN_CALLER; i++) {
        if (atomic_load_explicit(&pool.finished, memory_order_acquire) == parts) break;
        /* Now and then give the core away: on a loaded machine the worker we wait for may
         * be waiting for this very core, and a pure spin would keep it off. */
        if (i % GELU_SPIN_YIELD_EVERY == GELU_SPIN_YIELD_EVERY - 1)
            sched_yield();
        else
            cpu_relax();
    }
    if (atomic_load_explicit(&pool.finished, memory_order_acquire) != parts) {
        pthread_mutex_lock(&pool.lock);
        while (atomic_load_explicit(&pool.finished, memory_order_acquire) != parts) {
            pool.caller_waits = 1;
            pthread_cond_wait(&pool.done, &pool.lock);
        }
        pool.caller_waits = 0;
        pthread_mutex_unlock(&pool.lock);
    }
    note_wait(t1 - t0, seconds_now() - t1);
}

int gelu_cancel_off(void)
{
    int old = PTHREAD_CANCEL_ENABLE;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    return old;
}

void gelu_cancel_restore(int old) { pthread_setcancelstate(old, NULL); }

void gelu_parallel_run(gelu_parallel_job job, void *ctx, gelu_parallel_plan plan)
{
    size_t parts = plan.parts, threads = plan.threads;
    if (parts > GELU_PARALLEL_PARTS_MAX) parts = GELU_PARALLEL_PARTS_MAX;
    if (threads > GELU_THREADS_MAX) threads = GELU_THREADS_MAX;
    if (threads > parts) threads = parts;
    if (threads <= 1 || backing_off()) { /* one thread: the parts in one piece, same bits */
        job(ctx, 0, 1);
        return;
    }
    /* No cancellation while the pool is ours: a caller cancelled in the wait below would
     * leave the pool busy and its locked mutex behind, and workers writing through ctx into
     * the dead caller's stack (pthread_cond_wait and pthread_create are cancellation points;
     * the caller's own setting comes back before this returns). */
    int cancel = gelu_cancel_off();
    pthread_once(&atfork_once, register_atfork); /* before busy can be set */
    if (atomic_flag_test_and_set_explicit(&pool.busy, memory_order_acquire)) {
        job(ctx, 0, 1); /* another call has the pool: this one runs on its own thread */
    } else {
        threads = ensure_workers(threads);
        if (threads <= 1) job(ctx, 0, 1);
        else run_on_pool(job, ctx, parts, threads);
        atomic_flag_clear_explicit(&pool.busy, memory_order_release);
    }
    gelu_cancel_restore(cancel);
}
