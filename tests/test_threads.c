/* test_threads.c -- threads (gelu.h §7): the same bits for every thread count, the setting's
 * rules, and many caller threads at once.
 *
 *   1. gelu_set_num_threads / gelu_num_threads: accepted and refused values.
 *   2. Every entry point, every form, on arrays large enough to be split (n = 300,007, odd
 *      sizes; the fused forms on rows x cols with cols near 1,000), with 1, 2, 3, 4 and 7
 *      threads: bit-identical outputs (dbias included).
 *   2b. The caller's floating-point environment and the workers: under FTZ/DAZ (x86) or
 *      upward rounding (elsewhere), set before the pool's first call, 1 and 2 threads give
 *      the same bits as in the default environment, and again after the default environment
 *      is back (the workers were created under the other one); the rounding mode and
 *      MXCSR's controls are left as they were.  (tests/test_fenv.c tests every state.)
 *   3. 16 caller threads at once, each calling every entry point on its own arrays with its
 *      own thread-count and ISA changes, every result compared with the single-threaded
 *      one computed first.  Run under ThreadSanitizer by `make tsan` (part of make test).
 *
 * Options: --expect-threads N  check that gelu_num_threads() starts at N (CTest runs it with
 *                              GELU_NUM_THREADS set, and set to garbage);
 *          --quick             smaller arrays (the sanitizer builds);
 *          --setting-only      part 1 only.
 */
#include <fenv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu.h"
#include "test_threads_ops.h"

#if defined(__x86_64__) || defined(__i386__)
#  include <xmmintrin.h>
#  define TEST_X86 1
#else
#  define TEST_X86 0
#endif

static unsigned long g_checks, g_failures;

static void check(int ok, const char *what, const char *op, int threads)
{
    g_checks++;
    if (ok) return;
    if (++g_failures <= 50) printf("FAIL %s: %s (threads %d)\n", what, op, threads);
}

/* ---- 1. the setting ------------------------------------------------------------------- */

static void test_setting(int expect_start)
{
    int start = gelu_num_threads();
    check(start >= 1 && start <= 256, "gelu_num_threads() in [1, 256] at start", "-", start);
    if (expect_start > 0) check(start == expect_start, "GELU_NUM_THREADS honoured", "-", start);
    check(gelu_set_num_threads(-1) == GELU_ERR_ARG, "set(-1) refused", "-", -1);
    check(gelu_set_num_threads(257) == GELU_ERR_ARG, "set(257) refused", "-", 257);
    check(gelu_num_threads() == start, "refused values leave the setting", "-", start);
    check(gelu_set_num_threads(5) == GELU_OK && gelu_num_threads() == 5, "set(5)", "-", 5);
    check(gelu_set_num_threads(256) == GELU_OK && gelu_num_threads() == 256, "set(256)", "-", 256);
    check(gelu_set_num_threads(1) == GELU_OK && gelu_num_threads() == 1, "set(1)", "-", 1);
    check(gelu_set_num_threads(0) == GELU_OK && gelu_num_threads() == start,
          "set(0) returns to the default", "-", 0);
}

/* ---- 2. the same bits for every thread count ------------------------------------------ */

static void test_identity(size_t n)
{
    static const int counts[] = {2, 3, 4, 7};
    test_arrays a;
    test_arrays_init(&a, n, 12345);
    size_t bytes = test_output_bytes(n);
    unsigned char *ref = malloc(bytes), *got = malloc(bytes);
    if (!ref || !got) { printf("FAIL out of memory\n"); exit(1); }
    for (size_t k = 0; k < test_op_count; k++) {
        gelu_set_num_threads(1);
        size_t used = test_op_run(k, &a, ref);
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            gelu_set_num_threads(counts[c]);
            memset(got, 0xa5, bytes);
            size_t used2 = test_op_run(k, &a, got);
            check(used == used2 && memcmp(ref, got, used) == 0, "same bits as 1 thread",
                  test_op_name(k), counts[c]);
        }
    }
    gelu_set_num_threads(0);
    free(ref);
    free(got);
    test_arrays_free(&a);
}

/* ---- 2b. the floating-point environment ----------------------------------------------- */

static void set_special_environment(int on)
{
#if TEST_X86
    unsigned csr = _mm_getcsr() & ~0x8040u;
    _mm_setcsr(on ? csr | 0x8040u : csr); /* FTZ (bit 15) and DAZ (bit 6) */
#else
    fesetround(on ? FE_UPWARD : FE_TONEAREST);
#endif
}

/* The controls the library must leave alone: the rounding mode and, on x86, MXCSR's control
 * bits (FTZ, DAZ, masks, rounding; not its sticky exception flags, which any float operation
 * may set). */
static unsigned long environment_controls(void)
{
    unsigned long c = (unsigned long)fegetround();
#if TEST_X86
    c |= (unsigned long)(_mm_getcsr() & ~0x3fu) << 8;
#endif
    return c;
}

static void forward_with(int threads, const float *x, float *y, size_t n)
{
    gelu_set_num_threads(threads);
    if (gelu_forward_f32(GELU_ERF, x, y, n) != GELU_OK) check(0, "status", "forward_f32", threads);
}

/* Must run before any other call that uses threads (the pool is made here). */
static void test_environment(void)
{
    size_t n = (size_t)1 << 17;
    float *x = malloc(n * sizeof *x), *y1 = malloc(n * sizeof *x), *y2 = malloc(n * sizeof *x),
          *d1 = malloc(n * sizeof *x);
    if (!x || !y1 || !y2 || !d1) { printf("FAIL out of memory\n"); exit(1); }
    for (size_t i = 0; i < n; i++) /* subnormals, and values around 1 */
        x[i] = i % 2 ? (float)(i % 1000) * 1e-42f : 1.0f + (float)i * 1e-7f;
    set_special_environment(1);
    unsigned long before = environment_controls();
    forward_with(2, x, y2, n); /* creates the workers under this environment */
    forward_with(1, x, y1, n);
    check(environment_controls() == before, "environment left as found", "-", 2);
    check(memcmp(y1, y2, n * sizeof *x) == 0, "1 and 2 threads agree (special environment)",
          "forward_f32", 2);
    set_special_environment(0);
    forward_with(2, x, y2, n);
    forward_with(1, x, d1, n);
    check(memcmp(d1, y2, n * sizeof *x) == 0, "1 and 2 threads agree (default environment)",
          "forward_f32", 2);
    /* Each call computes in the default environment (gelu.h section 3): the special one
     * changes nothing, subnormal inputs and results included. */
    check(memcmp(d1, y1, n * sizeof *x) == 0, "special environment gives the default's bits",
          "forward_f32", 1);
    gelu_set_num_threads(0);
    free(x);
    free(y1);
    free(y2);
    free(d1);
}

/* ---- 3. many callers ------------------------------------------------------------------ */

#define CALLERS 16

typedef struct caller {
    int id;
    size_t n;
    test_arrays a;
    unsigned char *ref, *got;
    unsigned long failures;
} caller;

static const char *const k_isas[] = {"auto", "avx512", "avx2", "neon", "scalar"};

static void *caller_main(void *arg)
{
    caller *c = arg;
    size_t bytes = test_output_bytes(c->n);
    for (int round = 0; round < 2; round++) {
        for (size_t k = (size_t)c->id % test_op_count, j = 0; j < test_op_count;
             j++, k = (k + 1) % test_op_count) {
            if (c->id % 4 == 1) gelu_set_num_threads(1 + (int)((k + (size_t)round) % 3));
            if (c->id % 4 == 2) (void)gelu_set_isa(k_isas[(k + (size_t)round) % 5]);
            memset(c->got, 0x5a, bytes);
            size_t used = test_op_run(k, &c->a, c->got);
            size_t off = test_output_offset(k, c->n);
            if (memcmp(c->ref + off, c->got, used) != 0) c->failures++;
        }
    }
    return NULL;
}

static void test_callers(size_t n)
{
    static caller cs[CALLERS];
    for (int i = 0; i < CALLERS; i++) {
        caller *c = &cs[i];
        c->id = i;
        c->n = n / 2 + (size_t)i * 1001;
        c->failures = 0;
        test_arrays_init(&c->a, c->n, 1000u + (unsigned)i);
        /* the reference: every op in turn, one thread, default ISA */
        c->ref = malloc(test_output_bytes(c->n) * test_op_count);
        c->got = malloc(test_output_bytes(c->n));
        if (!c->ref || !c->got) { printf("FAIL out of memory\n"); exit(1); }
        gelu_set_num_threads(1);
        for (size_t k = 0; k < test_op_count; k++)
            (void)test_op_run(k, &c->a, c->ref + test_output_offset(k, c->n));
    }
    gelu_set_num_threads(2);
    pthread_t th[CALLERS];
    for (int i = 0; i < CALLERS; i++)
        if (pthread_create(&th[i], NULL, caller_main, &cs[i]) != 0) {
            printf("FAIL pthread_create\n");
            exit(1);
        }
    for (int i = 0; i < CALLERS; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < CALLERS; i++) {
        check(cs[i].failures == 0, "concurrent callers get the single-thread bits", "all", i);
        free(cs[i].ref);
        free(cs[i].got);
        test_arrays_free(&cs[i].a);
    }
    gelu_set_num_threads(0);
    (void)gelu_set_isa("auto");
}

int main(int argc, char **argv)
{
    int expect = 0, quick = 0, setting_only = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--expect-threads") == 0 && i + 1 < argc) expect = atoi(argv[++i]);
        else if (strcmp(argv[i], "--quick") == 0) quick = 1;
        else if (strcmp(argv[i], "--setting-only") == 0) setting_only = 1;
        else {
            fprintf(stderr, "usage: test_threads [--expect-threads N] [--quick] [--setting-only]\n");
            return 2;
        }
    }
    test_setting(expect);
    if (setting_only) {
        printf("test_threads: %lu checks, %lu failed\n", g_checks, g_failures);
        return g_failures ? 1 : 0;
    }
    test_environment();
    test_identity(quick ? 140009 : 300007);
    test_callers(quick ? 70001 : 140001);
    printf("test_threads: %lu checks, %lu failed\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
