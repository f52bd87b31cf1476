/* threads.c -- the worker pool (threads.h) and the thread-count setting of gelu.h §6.
 *
 * Workers are created on first need and kept.  A job is published as one 64-bit word,
 * generation << 16 | parts, with a release store; a worker that sees a new generation and
 * whose index is below parts runs its part and counts down `remaining`; the caller runs part
 * 0 and waits for `remaining` to reach 0 (spinning briefly, then sleeping on a condition
 * variable that the last worker signals).  Idle workers spin briefly (a job that follows
 * soon after the last one starts without a system call), then sleep on a condition variable.
 * Each job carries the floating-point environment of the caller's thread during the call
 * (the default one: every entry point sets it, fp_env.h), which the workers take on before
 * their part: a worker created or last used under another environment computes exactly as
 * the caller's thread does.  The pool is
 * owned by one caller at a time (the `busy` flag); others run single-threaded.  Nothing
 * here is allocated except the workers themselves (by pthread_create). */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <fenv.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
    return r > 0 ? r : default_thread_count();
}

gelu_status gelu_set_num_threads(int n)
{
    if (n < 0 || n > GELU_THREADS_MAX) return GELU_ERR_ARG;
    atomic_store_explicit(&requested_threads, n, memory_order_relaxed);
    return GELU_OK;
}

size_t gelu_parallel_parts(size_t n, size_t weight)
{
    size_t per = GELU_PARALLEL_MIN_ELEMENTS / (weight ? weight : 1);
    if (per == 0) per = 1;
    size_t parts = n / per, threads = (size_t)gelu_num_threads();
    if (parts > threads) parts = threads;
    return parts ? parts : 1;
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

static struct {
    pthread_mutex_t lock;      /* guards sleepers, caller_waits and both handshakes */
    pthread_cond_t wake;       /* workers wait here for a job */
    pthread_cond_t done;       /* the caller waits here for the last part */
    int sleepers;
    int caller_waits;
    size_t workers;            /* started; changed only by the owner of busy */
    atomic_flag busy;          /* a caller owns the pool */
    _Atomic uint64_t job_word; /* generation << 16 | parts */
    atomic_size_t remaining;   /* worker parts of the current job not yet done */
    gelu_parallel_job job;     /* written by the owner before job_word is published */
    void *ctx;
    gelu_fp_controls env;      /* the caller's floating-point controls */
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER,
          .wake = PTHREAD_COND_INITIALIZER,
          .done = PTHREAD_COND_INITIALIZER,
          .busy = ATOMIC_FLAG_INIT};

/* The generation each worker has seen when it starts (written before pthread_create). */
static uint64_t worker_start_generation[GELU_THREADS_MAX];

static uint64_t wait_for_job(uint64_t seen)
{
    uint64_t w;
    for (int i = 0; i < GELU_SPIN_WORKER; i++) {
        w = atomic_load_explicit(&pool.job_word, memory_order_acquire);
        if (w >> 16 != seen) return w;
        cpu_relax();
    }
    pthread_mutex_lock(&pool.lock);
    while ((w = atomic_load_explicit(&pool.job_word, memory_order_acquire)) >> 16 == seen) {
        pool.sleepers++;
        pthread_cond_wait(&pool.wake, &pool.lock);
        pool.sleepers--;
    }
    pthread_mutex_unlock(&pool.lock);
    return w;
}

static void *worker_main(void *arg)
{
    size_t index = (size_t)(uintptr_t)arg;
    uint64_t seen = worker_start_generation[index];
    for (;;) {
        uint64_t w = wait_for_job(seen);
        seen = w >> 16;
        size_t parts = (size_t)(w & 0xffffu);
        if (index < parts) {
            fp_controls_set(&pool.env);
            pool.job(pool.ctx, index, parts);
            if (atomic_fetch_sub_explicit(&pool.remaining, 1, memory_order_acq_rel) == 1) {
                pthread_mutex_lock(&pool.lock); /* the last part: wake a sleeping caller */
                if (pool.caller_waits) pthread_cond_signal(&pool.done);
                pthread_mutex_unlock(&pool.lock);
            }
        }
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

/* Starts workers up to parts - 1 (the caller owns the pool); returns the parts that can
 * run (fewer if a thread could not be created). */
static size_t ensure_workers(size_t parts)
{
    if (pool.workers + 1 >= parts) return parts;
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return pool.workers + 1;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* Workers inherit a full signal mask: signals go to the application's threads. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    uint64_t generation = atomic_load_explicit(&pool.job_word, memory_order_relaxed) >> 16;
    while (pool.workers + 1 < parts) {
        size_t index = pool.workers + 1;
        worker_start_generation[index] = generation;
        pthread_t thread;
        if (pthread_create(&thread, &attr, worker_main, (void *)(uintptr_t)index) != 0) break;
        pool.workers = index;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    return pool.workers + 1 < parts ? pool.workers + 1 : parts;
}

void gelu_parallel_run(gelu_parallel_job job, void *ctx, size_t parts)
{
    if (parts > GELU_THREADS_MAX) parts = GELU_THREADS_MAX;
    if (parts > 1) pthread_once(&atfork_once, register_atfork); /* before busy can be set */
    if (parts <= 1 || atomic_flag_test_and_set_explicit(&pool.busy, memory_order_acquire)) {
        job(ctx, 0, 1);
        return;
    }
    parts = ensure_workers(parts);
    if (parts <= 1) {
        atomic_flag_clear_explicit(&pool.busy, memory_order_release);
        job(ctx, 0, 1);
        return;
    }
    pool.job = job;
    pool.ctx = ctx;
    fp_controls_get(&pool.env);
    atomic_store_explicit(&pool.remaining, parts - 1, memory_order_relaxed);
    pthread_mutex_lock(&pool.lock);
    uint64_t generation = (atomic_load_explicit(&pool.job_word, memory_order_relaxed) >> 16) + 1;
    atomic_store_explicit(&pool.job_word, generation << 16 | parts, memory_order_release);
    if (pool.sleepers > 0) pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    job(ctx, 0, parts);

    for (int i = 0; i < GELU_SPIN_CALLER; i++) {
        if (atomic_load_explicit(&pool.remaining, memory_order_acquire) == 0) break;
        cpu_relax();
    }
    if (atomic_load_explicit(&pool.remaining, memory_order_acquire) != 0) {
        pthread_mutex_lock(&pool.lock);
        while (atomic_load_explicit(&pool.remaining, memory_order_acquire) != 0) {
            pool.caller_waits = 1;
            pthread_cond_wait(&pool.done, &pool.lock);
        }
        pool.caller_waits = 0;
        pthread_mutex_unlock(&pool.lock);
    }
    atomic_flag_clear_explicit(&pool.busy, memory_order_release);
}
