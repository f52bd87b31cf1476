/* gelu bench: Gelem/s of the library's f32 kernels beside memcpy of the same bytes and the
 * naive libm formula, on this machine, now, for inputs from one or more of the seven
 * distributions of input_dist.h (the ones bench/bench_gelu uses; default N(0,1)), one table
 * each.  (The full benchmark, with oneDNN, PyTorch, Eigen and XNNPACK and every ISA and
 * size, is bench/bench_gelu in the build tree.) */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "input_dist.h"

static const char bench_help[] =
    "usage: gelu bench [--n N] [--threads T] [--fn erf|tanh|sigmoid|relu] [--reps R]\n"
    "                  [--dist LIST]\n"
    "\n"
    "Measures, on this machine, the f32 forward and backward kernels of the form (default\n"
    "erf) on N elements (default 1048576; k and M suffixes allowed), beside memcpy of the\n"
    "same bytes and the naive libm formula (0.5x(1+erff(x/sqrt2)) and the like, one\n"
    "thread), each the median of R runs (default 7).  Prints Gelem/s (10^9 elements a\n"
    "second) and the ratio to memcpy, one table per input distribution.  T: the library's\n"
    "threads (default: its default, GELU_NUM_THREADS or the CPUs this process may use).\n"
    "For single-thread figures pin it: taskset -c 0 gelu bench --threads 1.\n"
    "\n"
    "LIST: comma-separated input distributions, each with a fixed seed (default n1; the\n"
    "tables come in this order):\n"
    "  n0.5, n1, n2, n3, n5   normal, mean 0, sigma 0.5, 1, 2, 3, 5 (n1 = N(0,1))\n"
    "  t3                     1.5 x Student t with 3 degrees of freedom (heavy tails)\n"
    "  u10                    uniform [-10, 10]\n"
    "  normal, uniform        the same as n1 and u10\n";

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct bench_arrays {
    float *x, *y, *dy;
    size_t n;
    gelu_fn fn;
} bench_arrays;

typedef void (*bench_body)(const bench_arrays *a);

static void run_memcpy(const bench_arrays *a) { memcpy(a->y, a->x, a->n * sizeof(float)); }
static void run_forward(const bench_arrays *a) { gelu_forward_f32(a->fn, a->x, a->y, a->n); }
static void run_backward(const bench_arrays *a)
{
    gelu_backward_f32(a->fn, a->x, a->dy, a->y, a->n);
}

static void run_naive(const bench_arrays *a)
{
    const float *x = a->x;
    float *y = a->y;
    for (size_t i = 0; i < a->n; i++) {
        float v = x[i];
        switch (a->fn) {
        case GELU_ERF:
            y[i] = 0.5f * v * (1.0f + erff(v * 0.70710678f));
            break;
        case GELU_TANH:
            y[i] = 0.5f * v * (1.0f + tanhf(0.79788456f * (v + 0.044715f * v * v * v)));
            break;
        case GELU_SIGMOID:
            y[i] = v / (1.0f + expf(-1.702f * v));
            break;
        default:
            y[i] = v > 0 ? v : 0.0f;
        }
    }
}

/* Median seconds of one call over reps runs (each run at least 20 ms of calls). */
static double time_median(bench_body body, const bench_arrays *a, int reps)
{
    body(a);   /* warm: first touch, the ISA choice, the thread pool */
    int calls = 1;
    for (;;) {
        double t0 = now();
        for (int k = 0; k < calls; k++)
            body(a);
        if (now() - t0 >= 0.02 || calls >= (1 << 20))
            break;
        calls *= 2;
    }
    double samples[64];
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (int k = 0; k < calls; k++)
            body(a);
        samples[r] = (now() - t0) / calls;
    }
    qsort(samples, (size_t)reps, sizeof samples[0], compare_double);
    return samples[reps / 2];
}

/* One table: the four rows on inputs of distribution dist (already in a->x). */
static void print_table(const bench_arrays *a, int reps, int dist)
{
    static const struct { const char *name; bench_body body; } rows[] = {
        {"memcpy (same bytes)", run_memcpy},
        {"libgelu forward", run_forward},
        {"libgelu backward", run_backward},
        {"naive libm formula", run_naive},
    };
    const bench_dist *d = bench_dist_get(dist);
    printf("\ninputs %s: %s\n\n", d->name, d->title);
    double t_memcpy = 0;
    printf("| %-22s | %9s | %12s |\n|%s|%s|%s|\n", "", "Gelem/s", "vs memcpy",
           "------------------------", "-----------", "--------------");
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        double t = time_median(rows[k].body, a, reps);
        if (k == 0)
            t_memcpy = t;
        printf("| %-22s | %9.3f | %12.3g |\n", rows[k].name, (double)a->n / t * 1e-9,
               t_memcpy / t);
    }
}

static int parse_count(const char *text, size_t *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno != 0)
        return -1;
    if (*end == 'k' || *end == 'K') {
        v *= 1024;
        end++;
    } else if (*end == 'M') {
        v *= 1048576;
        end++;
    }
    if (*end != '\0' || !(v >= 1) || v > 1073741824.0 || v != floor(v))
        return -1;
    *out = (size_t)v;
    return 0;
}

int cli_command_bench(int argc, char **argv)
{
    size_t n = 1048576;
    int threads = 0, reps = 7, r;
    unsigned dists = 1u << BENCH_DIST_N1;
    gelu_fn fn = GELU_ERF;
    const char *v;
    char q[CLI_QUOTE_SIZE];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(bench_help, stdout);
            return 0;
        } else if ((r = cli_option("bench", argc, argv, &i, "--n", &v)) != 0) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (parse_count(v, &n) != 0)
                return cli_usage_error("bench", "--n '%s' is not a count from 1 to 1G",
                                       cli_quote(v, q, sizeof q));
        } else if ((r = cli_option("bench", argc, argv, &i, "--threads", &v)) != 0) {
            long t;
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (cli_parse_int(v, 1, 256, &t) != 0)
                return cli_usage_error("bench", "--threads '%s' is not from 1 to 256",
                                       cli_quote(v, q, sizeof q));
            threads = (int)t;
        } else if ((r = cli_option("bench", argc, argv, &i, "--reps", &v)) != 0) {
            long t;
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (cli_parse_int(v, 1, 64, &t) != 0)
                return cli_usage_error("bench", "--reps '%s' is not from 1 to 64",
                                       cli_quote(v, q, sizeof q));
            reps = (int)t;
        } else if ((r = cli_option("bench", argc, argv, &i, "--dist", &v)) != 0) {
            const char *bad;
            size_t bad_len;
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (bench_dist_parse(v, &dists, &bad, &bad_len) != 0) {
                if (bad_len == 0)
                    return cli_usage_error("bench", "--dist '%s' has an empty item",
                                           cli_quote(v, q, sizeof q));
                return cli_usage_error("bench", "unknown --dist item '%s' (" BENCH_DIST_NAMES
                                       "; normal, uniform)",
                                       cli_quote_bytes(bad, bad_len, q, sizeof q));
            }
        } else if ((r = cli_option("bench", argc, argv, &i, "--fn", &v)) != 0) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (cli_parse_fn(v, &fn) != 0)
                return cli_usage_error("bench", "unknown --fn '%s' (erf, tanh, sigmoid, relu)",
                                       cli_quote(v, q, sizeof q));
        } else {
            return cli_usage_error("bench", "unexpected argument '%s'",
                                   cli_quote(argv[i], q, sizeof q));
        }
    }
    if (threads > 0)
        gelu_set_num_threads(threads);
    bench_arrays a = {malloc(n * sizeof(float)), malloc(n * sizeof(float)),
                      malloc(n * sizeof(float)), n, fn};
    if (a.x == NULL || a.y == NULL || a.dy == NULL) {
        fprintf(stderr, "gelu bench: not enough memory for 3 x %zu floats\n", n);
        free(a.x), free(a.y), free(a.dy);
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        a.dy[i] = 1.0f;
    printf("gelu bench: f32 %s, n = %zu, %s kernels, %d library thread%s, median of %d runs\n",
           cli_fn_name(fn), n, gelu_isa(), gelu_num_threads(),
           gelu_num_threads() == 1 ? "" : "s", reps);
    for (int d = 0; d < BENCH_DIST_COUNT; d++) {
        if (dists & (1u << d)) {
            bench_dist_fill(d, n, a.x, NULL);
            print_table(&a, reps, d);
        }
    }
    free(a.x);
    free(a.y);
    free(a.dy);
    return 0;   /* main checks that stdout took it all */
}
