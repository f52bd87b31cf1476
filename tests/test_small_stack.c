/* test_small_stack.c -- every entry point runs on a thread with the smallest stack POSIX
 * allows (PTHREAD_STACK_MIN, 16 KiB with glibc on x86-64 and AArch64), and uses at most
 * 8 KiB of its caller's stack (gelu.h §3, SECURITY.md).
 *
 *   1. Usage: each entry point, on each ISA this CPU runs, at 1 and 2 threads, every
 *      gelu_fn, runs on a thread whose 256 KiB stack (mmap'd here) was first filled with a
 *      pattern; the deepest byte changed, less that of a thread that calls nothing, is the
 *      stack the call used.  Fails above 8,192 bytes; prints the largest per entry point.
 *   2. The small stack: the same calls on threads created with pthread_attr_setstacksize
 *      (PTHREAD_STACK_MIN), so that the stack is exactly 16 KiB with a guard page below it
 *      (glibc puts the thread's TLS and descriptor in it too): a call that needs more
 *      crashes this test.  Each result is compared bit for bit with the same call made on
 *      the main thread.
 * The library's own lazy bindings are resolved by a first call on the main thread, so
 * that the dynamic linker's resolver (which saves the vector registers on the stack) is not
 * counted. */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "gelu.h"
#include "gelu_kernel_list.h"

#define USAGE_LIMIT 8192
/* The limit holds for the optimised library; an unoptimised or sanitized build has larger
 * frames, so there the figures are printed and neither the limit nor the 16 KiB stack is
 * tried.  Nor under qemu-user (a cross build, GELU_STACK_FIGURES_ONLY): there the depth
 * measured on the pattern-filled stack came out below the empty thread's, so the figures
 * mean nothing (and AArch64's PTHREAD_STACK_MIN is 128 KiB anyway). */
#if defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__) && !defined(GELU_STACK_FIGURES_ONLY)
#  define ENFORCE 1
#else
#  define ENFORCE 0
#endif
enum { ROWS = 40, COLS = 1024, N = ROWS * COLS }; /* 40,960: 2 threads split every call */

static float fx[2 * N], fdy[N], bias[COLS], fout[2 * N], fref[2 * N], dbias[COLS],
    dbias_ref[COLS];
static uint16_t hx[2 * N], hdy[N], hout[2 * N], href[2 * N];

typedef struct entry {
    const char *name;
    int is_half;        /* outputs in hout, else fout */
    size_t out_elems;   /* output elements compared */
    int has_dbias;
    void (*call)(gelu_fn f, void *out, float *db);
} entry;

static void e_fwd_f32(gelu_fn f, void *o, float *db) { (void)db; gelu_forward_f32(f, fx, o, N); }
static void e_fwd_cr(gelu_fn f, void *o, float *db) { (void)db; gelu_forward_cr_f32(f, fx, o, N); }
static void e_fwd_f64(gelu_fn f, void *o, float *db) { (void)db; gelu_forward_f64(f, (const double *)fx, o, N / 2); }
static void e_fwd_bf16(gelu_fn f, void *o, float *db) { (void)db; gelu_forward_bf16(f, hx, o, N); }
static void e_fwd_f16(gelu_fn f, void *o, float *db) { (void)db; gelu_forward_f16(f, hx, o, N); }
static void e_bwd_f32(gelu_fn f, void *o, float *db) { (void)db; gelu_backward_f32(f, fx, fdy, o, N); }
static void e_bwd_f64(gelu_fn f, void *o, float *db) { (void)db; gelu_backward_f64(f, (const double *)fx, (const double *)fdy, o, N / 2); }
static void e_bwd_bf16(gelu_fn f, void *o, float *db) { (void)db; gelu_backward_bf16(f, hx, hdy, o, N); }
static void e_bwd_f16(gelu_fn f, void *o, float *db) { (void)db; gelu_backward_f16(f, hx, hdy, o, N); }
static void e_bias_f32(gelu_fn f, void *o, float *db) { (void)db; gelu_bias_forward_f32(f, fx, bias, o, ROWS, COLS); }
static void e_biasb_f32(gelu_fn f, void *o, float *db) { gelu_bias_backward_f32(f, fx, bias, fdy, o, db, ROWS, COLS); }
static void e_geglu_f32(gelu_fn f, void *o, float *db) { (void)db; geglu_forward_f32(f, fx, o, ROWS, COLS); }
static void e_geglub_f32(gelu_fn f, void *o, float *db) { (void)db; geglu_backward_f32(f, fx, fdy, o, ROWS, COLS); }
static void e_bias_bf16(gelu_fn f, void *o, float *db) { (void)db; gelu_bias_forward_bf16(f, hx, bias, o, ROWS, COLS); }
static void e_biasb_bf16(gelu_fn f, void *o, float *db) { gelu_bias_backward_bf16(f, hx, bias, hdy, o, db, ROWS, COLS); }
static void e_geglu_bf16(gelu_fn f, void *o, float *db) { (void)db; geglu_forward_bf16(f, hx, o, ROWS, COLS); }
static void e_geglub_bf16(gelu_fn f, void *o, float *db) { (void)db; geglu_backward_bf16(f, hx, hdy, o, ROWS, COLS); }

static const entry entries[] = {
    {"gelu_forward_f32", 0, N, 0, e_fwd_f32},
    {"gelu_forward_cr_f32", 0, N, 0, e_fwd_cr},
    {"gelu_forward_f64", 0, N, 0, e_fwd_f64},
    {"gelu_forward_bf16", 1, N, 0, e_fwd_bf16},
    {"gelu_forward_f16", 1, N, 0, e_fwd_f16},
    {"gelu_backward_f32", 0, N, 0, e_bwd_f32},
    {"gelu_backward_f64", 0, N, 0, e_bwd_f64},
    {"gelu_backward_bf16", 1, N, 0, e_bwd_bf16},
    {"gelu_backward_f16", 1, N, 0, e_bwd_f16},
    {"gelu_bias_forward_f32", 0, N, 0, e_bias_f32},
    {"gelu_bias_backward_f32", 0, N, 1, e_biasb_f32},
    {"geglu_forward_f32", 0, N, 0, e_geglu_f32},
    {"geglu_backward_f32", 0, 2 * N, 0, e_geglub_f32},
    {"gelu_bias_forward_bf16", 1, N, 0, e_bias_bf16},
    {"gelu_bias_backward_bf16", 1, N, 1, e_biasb_bf16},
    {"geglu_forward_bf16", 1, N, 0, e_geglu_bf16},
    {"geglu_backward_bf16", 1, 2 * N, 0, e_geglub_bf16},
};
#define NENTRIES (sizeof entries / sizeof entries[0])

static void fill_inputs(void)
{
    uint32_t s = 2024;
    for (size_t i = 0; i < 2 * N; i++) {
        s = s * 1664525u + 1013904223u;
        /* f32 in [-12, 12) (f64 views of these bits are arbitrary doubles: fine) */
        fx[i] = (float)((int)(s >> 8) - (1 << 23)) * (12.0f / (float)(1 << 23));
        hx[i] = (uint16_t)(s >> 16); /* every bf16 / f16 pattern, NaN and inf included */
        if (i < N) {
            fdy[i] = (float)((int)(s & 0xffff) - 32768) / 8192.0f;
            hdy[i] = (uint16_t)((s >> 4) & 0xbfff); /* |dy| below 2 in both formats, or so */
        }
        if (i < COLS) bias[i] = (float)((int)(i % 9) - 4) * 0.125f;
    }
}

/* ---- one call on a thread -------------------------------------------------------------- */

typedef struct job {
    const entry *e; /* NULL: call nothing (the baseline) */
    gelu_fn f;
} job;

static void *run_job(void *arg)
{
    const job *j = arg;
    if (j->e) j->e->call(j->f, j->e->is_half ? (void *)hout : (void *)fout, dbias);
    return NULL;
}

/* Runs the job on a thread with a 256 KiB painted stack; returns the bytes of it used. */
#define BIG_STACK (256 * 1024)
static unsigned char *big_stack;

static size_t stack_used(job *j)
{
    memset(big_stack, 0xa5, BIG_STACK);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, big_stack, BIG_STACK);
    pthread_t t;
    if (pthread_create(&t, &attr, run_job, j) != 0) {
        printf("FAIL pthread_create (256 KiB stack)\n");
        exit(1);
    }
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    size_t low = 0;
    while (low < BIG_STACK && big_stack[low] == 0xa5) low++;
    return BIG_STACK - low;
}

/* Runs the job on a thread whose stack is PTHREAD_STACK_MIN bytes: a deeper call crashes. */
static int run_on_min_stack(job *j)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (pthread_attr_setstacksize(&attr, (size_t)PTHREAD_STACK_MIN) != 0) return 0;
    pthread_t t;
    if (pthread_create(&t, &attr, run_job, j) != 0) return 0;
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    return 1;
}

static int same_output(const entry *e)
{
    int ok = e->is_half ? memcmp(hout, href, e->out_elems * sizeof *hout) == 0
                        : memcmp(fout, fref, e->out_elems * sizeof *fout) == 0;
    if (e->has_dbias) ok = ok && memcmp(dbias, dbias_ref, sizeof dbias) == 0;
    return ok;
}

int main(void)
{
    static const char *const isas[] = {GELU_ISA_NAMES};
    big_stack = mmap(NULL, BIG_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (big_stack == MAP_FAILED) return 1;
    fill_inputs();
    printf("PTHREAD_STACK_MIN %zu; usage limit %d bytes\n", (size_t)PTHREAD_STACK_MIN,
           USAGE_LIMIT);
    job none = {NULL, GELU_ERF};
    size_t base = stack_used(&none), worst[NENTRIES] = {0};
    int failures = 0;
    unsigned long calls = 0;
    for (size_t k = sizeof isas / sizeof isas[0]; k-- > 0;) { /* best first */
        if (gelu_set_isa(isas[k]) != GELU_OK) continue;
        for (int threads = 1; threads <= 2; threads++) {
            gelu_set_num_threads(threads);
            for (size_t i = 0; i < NENTRIES; i++) {
                const entry *e = &entries[i];
                for (int f = 0; f < 4; f++) {
                    job j = {e, (gelu_fn)f};
                    /* the reference, on the main thread (also resolves lazy bindings) */
                    run_job(&j);
                    if (e->is_half) memcpy(href, hout, sizeof href);
                    else memcpy(fref, fout, sizeof fref);
                    memcpy(dbias_ref, dbias, sizeof dbias);
                    size_t depth = stack_used(&j); /* the call again, on a 256 KiB thread */
                    size_t used = depth > base ? depth - base : 0;
                    if (used > worst[i]) worst[i] = used;
                    /* in every build (sanitizers, qemu included): that thread's results are
                     * the main thread's */
                    if (!same_output(e) && ++failures <= 20)
                        printf("FAIL %s %s threads %d fn %d: wrong result on another thread\n",
                               e->name, isas[k], threads, f);
                    if (ENFORCE && used > USAGE_LIMIT && ++failures <= 20)
                        printf("FAIL %s %s threads %d fn %d: %zu bytes of stack\n", e->name,
                               isas[k], threads, f, used);
                    calls++;
                    if (!ENFORCE) continue;
                    memset(hout, 0, sizeof hout);
                    memset(fout, 0, sizeof fout);
                    memset(dbias, 0, sizeof dbias);
                    printf("%s %s threads %d fn %d on a %zu-byte stack\n", e->name, isas[k],
                           threads, f, (size_t)PTHREAD_STACK_MIN);
                    fflush(stdout); /* so that a crash names the call */
                    if (!run_on_min_stack(&j) || !same_output(e)) {
                        if (++failures <= 20)
                            printf("FAIL %s %s threads %d fn %d: no thread, or wrong result\n",
                                   e->name, isas[k], threads, f);
                    }
                }
            }
        }
    }
    gelu_set_isa("auto");
    gelu_set_num_threads(0);
    size_t most = 0;
    printf("\nlargest stack use (bytes, beyond a thread that calls nothing):\n");
    for (size_t i = 0; i < NENTRIES; i++) {
        printf("  %-26s %6zu\n", entries[i].name, worst[i]);
        if (worst[i] > most) most = worst[i];
    }
    printf("test_small_stack: %lu calls, largest %zu bytes: %s%s\n", calls, most,
           failures ? "FAILED" : "ok",
           ENFORCE ? "" : " (unoptimised, sanitized or emulated build: results checked, stack figures only printed)");
    return failures ? 1 : 0;
}
