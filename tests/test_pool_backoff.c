/* test_pool_backoff.c -- the worker pool backs off on a loaded machine (src/threads.c).
 *
 * A call whose caller waits for a worker longer than it computes (here: the caller's part
 * only waits for a worker to start one, and the worker's part lasts twice as long as that
 * plus 5 ms, whatever the load) makes the next
 * GELU_BACKOFF_MIN calls run on the caller's thread alone (one part), after which the pool
 * is used again; a second such wait doubles the count.  Which thread runs a part is seen
 * through the job itself, not through timing of results. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "threads.h"

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

typedef struct slow_worker {
    pthread_t caller;
    atomic_int worker_started;
    atomic_long caller_part_us; /* how long the caller's part took; -1 until it is over */
    atomic_size_t parts_seen;
} slow_worker;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* On the caller: wait (at most 5 s) until a worker has started a part, so that one part
 * surely runs on a worker.  On a worker: outlast the caller, whatever the machine's load:
 * wait for the caller's part to end, then twice as long as that part took, plus 5 ms, so
 * that the caller waits for the worker longer than it computed. */
static void slow_worker_job(void *ctx, size_t part, size_t parts)
{
    slow_worker *s = ctx;
    (void)part;
    atomic_store(&s->parts_seen, parts);
    if (parts < 2) return;
    if (!pthread_equal(pthread_self(), s->caller)) {
        atomic_store(&s->worker_started, 1);
        long d = -1;
        for (int i = 0; i < 100000 && (d = atomic_load(&s->caller_part_us)) < 0; i++)
            sleep_us(50);
        sleep_us(2 * (d < 0 ? 0 : d) + 5000);
        return;
    }
    double t0 = now();
    for (int i = 0; i < 100000 && !atomic_load(&s->worker_started); i++) sleep_us(50);
    atomic_store(&s->caller_part_us, (long)((now() - t0) * 1e6));
}

static void quick_job(void *ctx, size_t part, size_t parts)
{
    (void)part;
    atomic_store((atomic_size_t *)ctx, parts);
}

/* The number of parts the next two-thread call runs as. */
static size_t next_call_parts(void)
{
    atomic_size_t seen = 0;
    gelu_parallel_run(quick_job, &seen, (gelu_parallel_plan){2, 2});
    return atomic_load(&seen);
}

static void make_caller_wait(void)
{
    slow_worker s = {.caller = pthread_self(), .caller_part_us = -1};
    gelu_parallel_run(slow_worker_job, &s, (gelu_parallel_plan){2, 2});
    check(atomic_load(&s.parts_seen) == 2 && atomic_load(&s.worker_started),
          "the slow job ran as 2 parts, one on a worker");
}

int main(void)
{
    gelu_parallel_forget_waits();
    check(next_call_parts() == 2, "an unloaded pool runs a 2-thread call as 2 parts");

    make_caller_wait();
    int solo = 0;
    while (solo < 10 * GELU_BACKOFF_MAX && next_call_parts() == 1) solo++;
    printf("after one long wait: %d calls on one thread (expected %d)\n", solo,
           GELU_BACKOFF_MIN);
    check(solo == GELU_BACKOFF_MIN, "one long wait: GELU_BACKOFF_MIN calls on one thread");

    /* two long waits in a row: the second doubles the count (the first call after the
     * back-off, which used the pool, is the second slow one); forgotten first, so that a
     * quick call above that happened to wait (a busy machine) cannot change the count */
    gelu_parallel_forget_waits();
    make_caller_wait();
    for (int i = 0; i < GELU_BACKOFF_MIN; i++) next_call_parts();
    make_caller_wait();
    solo = 0;
    while (solo < 10 * GELU_BACKOFF_MAX && next_call_parts() == 1) solo++;
    printf("after two long waits in a row: %d calls on one thread (expected %d)\n", solo,
           2 * GELU_BACKOFF_MIN);
    check(solo == 2 * GELU_BACKOFF_MIN, "a second long wait doubles the back-off");

    gelu_parallel_forget_waits();
    check(next_call_parts() == 2, "forgotten: the pool is used again");
    printf("test_pool_backoff: %s\n", failures ? "FAILED" : "ok");
    return failures != 0;
}
