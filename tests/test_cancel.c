/* test_cancel.c -- no entry point is a cancellation point (gelu.h §8).
 *
 * A thread cancelled (deferred cancellation, the default) while it waited for the pool's
 * workers used to die inside the call: the pool stayed busy with its mutex locked, so every
 * later call ran on one thread; a worker still read the job's arguments on the dead
 * caller's stack and wrote through them.  Now each call finishes, and the cancellation acts
 * at the caller's next cancellation point after the call.
 *
 *   1. The pool's wait, deterministically: a job (src/threads.h) whose part on the calling
 *      thread waits until a worker has started the other part, which then sleeps 2 ms; the
 *      caller is then in the pool's wait, where the main thread cancels it.  The call must
 *      have returned, with every part done, before the thread ended; 40 times.
 *   2. The public entry points: threads calling gelu_bias_backward_bf16, geglu_backward_bf16,
 *      gelu_backward_f32 and gelu_forward_cr_f32 on 2 threads, cancelled after a delay that
 *      varies over the length of one call; every call that returned must have the
 *      single-threaded result; 60 times.
 *   3. After all that, the pool still has its workers: a job of 2 parts on 2 threads runs its
 *      parts on two different threads (each part waits, up to 10 s, for the other to start;
 *      a pool left busy runs the job as 1 part on the caller alone).  No timing decides
 *      anything: only which threads ran the parts.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gelu.h"
#include "threads.h"

static int g_failures;

static void check(int ok, const char *what)
{
    if (ok) return;
    if (++g_failures <= 20) printf("FAIL %s\n", what);
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- a job that knows which thread runs each part --------------------------------------- */

typedef struct probe {
    pthread_t caller;
    atomic_int started;   /* parts started on a worker (not the caller's thread) */
    atomic_int caller_in; /* the caller's own part has returned */
    atomic_int done[2];   /* part p finished, written by whoever ran it */
    atomic_size_t parts_seen; /* `parts` as the job saw it (every part writes it) */
    long worker_sleep_us; /* how long a part on a worker sleeps */
} probe;

/* Part on the caller's thread: waits (at most 10 s) for a worker to start a part, so that
 * the caller then has to wait for that worker in the pool.  Part on a worker: sleeps. */
static void probe_job(void *ctx, size_t part, size_t parts)
{
    probe *p = ctx;
    atomic_store(&p->parts_seen, parts);
    if (pthread_equal(pthread_self(), p->caller)) {
        double t0 = now();
        while (atomic_load(&p->started) == 0 && parts > 1 && now() - t0 < 10.0) sleep_us(50);
        atomic_store(&p->caller_in, 1);
    } else {
        atomic_fetch_add(&p->started, 1);
        sleep_us(p->worker_sleep_us);
    }
    if (part < 2) atomic_store(&p->done[part], 1);
}

/* ---- 1. cancelled in the pool's wait ----------------------------------------------------- */

typedef struct caller_record {
    atomic_int cancel_sent; /* the main thread is about to cancel the caller */
    atomic_int cancelled_in_call; /* the cancellation was sent before the call returned */
    atomic_int returned;   /* gelu_parallel_run returned */
    atomic_int all_done;   /* and every part was done then */
    atomic_int probe_ready;
    probe *live;           /* the probe on the caller's stack, while the call runs */
} caller_record;

static void *pool_caller(void *arg)
{
    caller_record *r = arg;
    probe p;
    memset(&p, 0, sizeof p);
    p.caller = pthread_self();
    p.worker_sleep_us = 20000; /* the window in which the cancellation should arrive */
    r->live = &p;
    atomic_store(&r->probe_ready, 1);
    /* the probe makes its caller wait on purpose: the pool's back-off must not make the
     * next probe run on one thread (threads.c) */
    gelu_parallel_forget_waits();
    gelu_parallel_run(probe_job, &p, (gelu_parallel_plan){2, 2});
    atomic_store(&r->cancelled_in_call, atomic_load(&r->cancel_sent));
    atomic_store(&r->all_done, atomic_load(&p.done[0]) && atomic_load(&p.done[1]));
    atomic_store(&r->returned, 1);
    /* The cancellation acts at the first cancellation point after the call.  On a loaded
     * machine the main thread may send it only after the call has returned: it then acts
     * here (at most 10 s of waiting for it). */
    for (int i = 0; i < 100000; i++) {
        pthread_testcancel();
        sleep_us(100);
    }
    return NULL;
}

static void test_pool_wait(void)
{
    int returned = 0, in_call = 0;
    for (int round = 0; round < 40; round++) {
        caller_record r;
        memset(&r, 0, sizeof r);
        pthread_t t;
        if (pthread_create(&t, NULL, pool_caller, &r) != 0) {
            check(0, "pthread_create");
            return;
        }
        /* wait until the caller's own part is over: it is now claiming, spinning or asleep
         * in the pool's wait for the worker's 20 ms part; 300 us later it sleeps there */
        double t0 = now();
        while (!(atomic_load(&r.probe_ready) && atomic_load(&r.live->caller_in)) &&
               now() - t0 < 10.0)
            sleep_us(20);
        sleep_us(300);
        atomic_store(&r.cancel_sent, 1);
        pthread_cancel(t);
        void *res = NULL;
        pthread_join(t, &res);
        check(res == PTHREAD_CANCELED, "1: the caller was cancelled (after the call)");
        check(atomic_load(&r.returned), "1: the call returned before the thread ended");
        check(!atomic_load(&r.returned) || atomic_load(&r.all_done),
              "1: every part was done when the call returned");
        returned += atomic_load(&r.returned);
        in_call += atomic_load(&r.cancelled_in_call);
    }
    printf("1. cancelled in the pool's wait: %d of 40 calls returned; %d of the cancellations "
           "arrived during the call\n", returned, in_call);
    /* timing decides each round, but a 20 ms window makes "never" impossible in practice */
    check(in_call > 0, "1: some cancellation arrived while the caller waited in the pool");
}

/* ---- 2. cancelled in public entry points ------------------------------------------------ */

enum { ROWS = 64, COLS = 1024, N = ROWS * COLS };

typedef struct arrays {
    uint16_t hx[2 * N], hdy[N], hout[2 * N], href[2][2 * N];
    float fx[N], fdy[N], bias[COLS], fout[N], fref[2][N], dbias[COLS], dbias_ref[COLS];
} arrays;

typedef struct entry_call {
    arrays *a;
    int which;          /* 0..3: the entry point */
    atomic_int returned;
} entry_call;

static void call_entry(arrays *a, int which, uint16_t *hout, float *fout, float *dbias)
{
    switch (which) {
    case 0: gelu_bias_backward_bf16(GELU_ERF, a->hx, a->bias, a->hdy, hout, dbias, ROWS, COLS); break;
    case 1: geglu_backward_bf16(GELU_TANH, a->hx, a->hdy, hout, ROWS, COLS); break;
    case 2: gelu_backward_f32(GELU_ERF, a->fx, a->fdy, fout, N); break;
    default: gelu_forward_cr_f32(GELU_SIGMOID, a->fx, fout, N); break;
    }
}

static void *entry_caller(void *arg)
{
    entry_call *c = arg;
    call_entry(c->a, c->which, c->a->hout, c->a->fout, c->a->dbias);
    atomic_store(&c->returned, 1);
    pthread_testcancel();
    return NULL;
}

static int same_result(const arrays *a, int which)
{
    switch (which) {
    case 0: return memcmp(a->hout, a->href[0], N * sizeof(uint16_t)) == 0 &&
                   memcmp(a->dbias, a->dbias_ref, sizeof a->dbias) == 0;
    case 1: return memcmp(a->hout, a->href[1], 2 * N * sizeof(uint16_t)) == 0;
    default: return memcmp(a->fout, a->fref[which - 2], N * sizeof(float)) == 0;
    }
}

static void test_entry_points(arrays *a)
{
    uint32_t s = 12345;
    for (size_t i = 0; i < 2 * N; i++) {
        s = s * 1664525u + 1013904223u;
        a->hx[i] = (uint16_t)(0x3f80u ^ (s >> 16 & 0x81ffu)); /* +-[1, 4) and below */
        if (i < N) {
            a->hdy[i] = (uint16_t)(0x3f00u | (s >> 8 & 0x807fu));
            a->fx[i] = (float)((int)(s >> 8 & 0xffff) - 32768) / 4096.0f;
            a->fdy[i] = (float)(s >> 20) / 1024.0f;
        }
        if (i < COLS) a->bias[i] = (float)(i % 7) * 0.25f - 0.75f;
    }
    /* references on one thread */
    gelu_set_num_threads(1);
    call_entry(a, 0, a->href[0], NULL, a->dbias_ref);
    call_entry(a, 1, a->href[1], NULL, NULL);
    call_entry(a, 2, NULL, a->fref[0], NULL);
    call_entry(a, 3, NULL, a->fref[1], NULL);
    gelu_set_num_threads(2);
    /* the length of one call of each, on 2 threads: the cancellation delays cover it */
    double len[4];
    for (int w = 0; w < 4; w++) {
        double t0 = now();
        call_entry(a, w, a->hout, a->fout, a->dbias);
        len[w] = now() - t0;
    }
    int returned = 0, right = 0;
    for (int round = 0; round < 60; round++) {
        int which = round % 4;
        memset(a->hout, 0, sizeof a->hout);
        memset(a->fout, 0, sizeof a->fout);
        entry_call c = {a, which, 0};
        pthread_t t;
        if (pthread_create(&t, NULL, entry_caller, &c) != 0) {
            check(0, "pthread_create");
            return;
        }
        sleep_us((long)(len[which] * 1e6 * (round % 15) / 10.0));
        pthread_cancel(t);
        pthread_join(t, NULL);
        if (atomic_load(&c.returned)) {
            returned++;
            int ok = same_result(a, which);
            right += ok;
            check(ok, "2: a cancelled caller's call that returned has the right result");
        }
    }
    printf("2. cancelled callers of entry points: %d of 60 calls returned, %d right\n",
           returned, right);
}

/* ---- 3. the pool still has its workers -------------------------------------------------- */

typedef struct pair_probe {
    atomic_int started;
    pthread_t who[2];
    atomic_size_t parts_seen; /* every part writes it */
} pair_probe;

static void pair_job(void *ctx, size_t part, size_t parts)
{
    pair_probe *p = ctx;
    atomic_store(&p->parts_seen, parts);
    if (part < 2) p->who[part] = pthread_self();
    atomic_fetch_add(&p->started, 1);
    double t0 = now();
    while (atomic_load(&p->started) < 2 && parts > 1 && now() - t0 < 10.0) sleep_us(50);
}

static void test_pool_alive(void)
{
    pair_probe p;
    memset(&p, 0, sizeof p);
    gelu_parallel_forget_waits();
    gelu_parallel_run(pair_job, &p, (gelu_parallel_plan){2, 2});
    check(p.parts_seen == 2, "3: the job ran as 2 parts (the pool is not left busy)");
    check(p.parts_seen == 2 && atomic_load(&p.started) == 2 &&
              !pthread_equal(p.who[0], p.who[1]),
          "3: the 2 parts ran on 2 threads (the workers still serve calls)");
    printf("3. after the cancellations: %zu parts on %s\n", atomic_load(&p.parts_seen),
           p.parts_seen == 2 && !pthread_equal(p.who[0], p.who[1]) ? "2 threads" : "1 thread");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0); /* a hang still shows how far the test got */
    gelu_set_num_threads(2);
    test_pool_alive(); /* the pool works to begin with (the check itself is sound) */
    test_pool_wait();
    test_pool_alive();
    arrays *a = malloc(sizeof *a);
    if (a == NULL) return 1;
    test_entry_points(a);
    free(a);
    test_pool_alive();
    printf("test_cancel: %s\n", g_failures ? "FAILED" : "ok");
    return g_failures ? 1 : 0;
}
