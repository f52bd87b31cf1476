/* gelu bench: Gelem/s of the library's f32 kernels beside memcpy of the same bytes and the
 * naive libm formula, on this machine, now.  (The full benchmark, with oneDNN and PyTorch
 * and every ISA and size, is bench/bench_gelu in the build tree.) */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"

static const char bench_help[] =
    "usage: gelu bench [--n N] [--threads T] [--fn erf|tanh|sigmoid|relu] [--reps R]\n"
    "\n"
    "Measures, on this machine, the f32 forward and backward kernels of the form (default\n"
    "erf) on N elements (default 1048576; k and M suffixes allowed) of N(0,1) inputs, beside\n"
    "memcpy of the same bytes and the naive libm formula (0.5x(1+erff(x/sqrt2)) and the\n"
    "like, one thread), each the median of R runs (default 7).  Prints Gelem/s (10^9\n"
    "elements a second) and the ratio to memcpy.  T: the library's threads (default: its\n"
    "default, GELU_NUM_THREADS or the CPUs this process may use).  For single-thread figures\n"
    "pin it: taskset -c 0 gelu bench --threads 1.\n";

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
    /* N(0,1) by Box-Muller from a fixed 64-bit LCG: the same inputs every run */
    uint64_t s = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        double u1 = ((double)(s >> 11) + 1) * 0x1p-53;
        s = s * 6364136223846793005u + 1442695040888963407u;
        double u2 = (double)(s >> 11) * 0x1p-53;
        a.x[i] = (float)(sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2));
        a.dy[i] = 1.0f;
    }
    printf("gelu bench: f32 %s, n = %zu, N(0,1), %s kernels, %d library thread%s, median of "
           "%d runs\n\n", cli_fn_name(fn), n, gelu_isa(), gelu_num_threads(),
           gelu_num_threads() == 1 ? "" : "s", reps);
    static const struct { const char *name; bench_body body; } rows[] = {
        {"memcpy (same bytes)", run_memcpy},
        {"libgelu forward", run_forward},
        {"libgelu backward", run_backward},
        {"naive libm formula", run_naive},
    };
    double t_memcpy = 0;
    printf("| %-22s | %9s | %12s |\n|%s|%s|%s|\n", "", "Gelem/s", "vs memcpy",
           "------------------------", "-----------", "--------------");
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        double t = time_median(rows[k].body, &a, reps);
        if (k == 0)
            t_memcpy = t;
        printf("| %-22s | %9.3f | %12.3g |\n", rows[k].name, (double)n / t * 1e-9, t_memcpy / t);
    }
    free(a.x);
    free(a.y);
    free(a.dy);
    return 0;   /* main checks that stdout took it all */
}
