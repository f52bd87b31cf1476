/* bench_fused.c -- the fused forms against their unfused compositions, and 1 against 2 (or
 * more) threads, at one large size (default n = 67,108,864 output elements, f32, N(0,1)
 * inputs), beside the streaming limit measured in the same run on the same threads.
 *
 * Rows, for each thread count T (the library: gelu_set_num_threads(T); the unfused steps
 * that are not library calls run on T threads of this program):
 *   stream 1 in / 2 in  y = a*x + b (or a*x + z) with non-temporal stores: the limit
 *   forward, backward   gelu_forward_f32, gelu_backward_f32 (the plain kernels)
 *   bias fused          gelu_bias_forward_f32
 *   bias unfused        t = x + bias (a pass of its own), then gelu_forward_f32(t)
 *   geglu fused         geglu_forward_f32 (x is rows x 2cols: n values, n gates)
 *   geglu unfused       t = f(gate) row by row (gelu_forward_f32 on each row's gate), then
 *                       y = value * t (a pass of its own)
 *   bias bwd fused      gelu_bias_backward_f32 (dx and dbias)
 *   bias bwd unfused    t = x + bias, gelu_backward_f32(t, dy), then dbias = column sums
 *                       of dx (double, row order; a pass of its own)
 * Each row is timed --reps times (default 5); the median is printed, in Gelem/s of output
 * elements, with its ratio to the stream limit of the same shape and T, and fused/unfused.
 * Results of fused and unfused are compared bit for bit (they must agree).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "gelu.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static float *alloc_floats(size_t n)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, n * sizeof(float) + 64) != 0) {
        fprintf(stderr, "bench_fused: out of memory (%zu floats)\n", n);
        exit(1);
    }
    return p;
}

/* ---- this program's own threads, for the steps that are not library calls ------------- */

typedef void (*range_fn)(void *ctx, size_t lo, size_t hi);
typedef struct piece {
    range_fn fn;
    void *ctx;
    size_t lo, hi;
} piece;
static void *run_piece(void *p)
{
    piece *q = p;
    q->fn(q->ctx, q->lo, q->hi);
    return NULL;
}
/* fn over [0, n) in T pieces whose bounds are multiples of align. */
static void par_for(int T, size_t n, size_t align, range_fn fn, void *ctx)
{
    piece ps[64];
    pthread_t th[64];
    size_t units = (n + align - 1) / align;
    for (int t = 0; t < T; t++) {
        size_t u0 = units * (size_t)t / (size_t)T, u1 = units * (size_t)(t + 1) / (size_t)T;
        ps[t] = (piece){fn, ctx, u0 * align < n ? u0 * align : n, u1 * align < n ? u1 * align : n};
    }
    for (int t = 1; t < T; t++) pthread_create(&th[t], NULL, run_piece, &ps[t]);
    run_piece(&ps[0]);
    for (int t = 1; t < T; t++) pthread_join(th[t], NULL);
}

typedef struct job {
    size_t rows, cols;
    const float *x, *dy, *bias;
    float *y, *t, *dbias;
    bench_stream_kind kind;
} job;

static void stream_range(void *c, size_t lo, size_t hi)
{
    job *j = c;
    bench_stream(j->kind, j->x + lo, j->dy + lo, j->y + lo, hi - lo);
}
static void add_bias_range(void *c, size_t lo, size_t hi) /* rows [lo, hi): t = x + bias */
{
    job *j = c;
    for (size_t r = lo; r < hi; r++) {
        const float *x = j->x + r * j->cols;
        float *t = j->t + r * j->cols;
        for (size_t k = 0; k < j->cols; k++) t[k] = x[k] + j->bias[k];
    }
}
static void gate_rows_range(void *c, size_t lo, size_t hi) /* rows [lo, hi): t = f(gate) */
{
    job *j = c;
    for (size_t r = lo; r < hi; r++)
        gelu_forward_f32(GELU_ERF, j->x + (2 * r + 1) * j->cols, j->t + r * j->cols, j->cols);
}
static void multiply_rows_range(void *c, size_t lo, size_t hi) /* y = value * t */
{
    job *j = c;
    for (size_t r = lo; r < hi; r++) {
        const float *v = j->x + 2 * r * j->cols, *t = j->t + r * j->cols;
        float *y = j->y + r * j->cols;
        for (size_t k = 0; k < j->cols; k++) y[k] = v[k] * t[k];
    }
}
static void column_sum_range(void *c, size_t lo, size_t hi) /* dbias[lo, hi) from y (= dx) */
{
    job *j = c;
    double acc[1024];
    for (size_t c0 = lo; c0 < hi; c0 += 1024) {
        size_t m = hi - c0 < 1024 ? hi - c0 : 1024;
        for (size_t k = 0; k < m; k++) acc[k] = 0.0;
        for (size_t r = 0; r < j->rows; r++) {
            const float *d = j->y + r * j->cols + c0;
            for (size_t k = 0; k < m; k++) acc[k] += (double)d[k];
        }
        for (size_t k = 0; k < m; k++) j->dbias[c0 + k] = (float)acc[k];
    }
}

/* ---- rows ------------------------------------------------------------------------------ */

enum { R_STREAM1, R_STREAM2, R_FORWARD, R_BACKWARD, R_BIAS_F, R_BIAS_U, R_GEGLU_F, R_GEGLU_U,
       R_BWD_F, R_BWD_U, R_COUNT };
static const char *const row_names[R_COUNT] = {
    "stream y=a*x+b, NT (1 in)", "stream y=a*x+z, NT (2 in)", "gelu_forward_f32",
    "gelu_backward_f32",
    "bias+GELU fused", "bias+GELU unfused (add; gelu)", "GEGLU fused",
    "GEGLU unfused (gelu of gate; multiply)", "bias backward fused (dx, dbias)",
    "bias backward unfused (add; backward; column sum)"};

static void run(int r, int T, job *j, float *x2)
{
    size_t n = j->rows * j->cols;
    gelu_set_num_threads(T);
    switch (r) {
    case R_STREAM1: j->kind = BENCH_STREAM_AXPB_NT; par_for(T, n, 16, stream_range, j); break;
    case R_STREAM2: j->kind = BENCH_STREAM_AXPZ_NT; par_for(T, n, 16, stream_range, j); break;
    case R_FORWARD: gelu_forward_f32(GELU_ERF, j->x, j->y, n); break;
    case R_BACKWARD: gelu_backward_f32(GELU_ERF, j->x, j->dy, j->y, n); break;
    case R_BIAS_F: gelu_bias_forward_f32(GELU_ERF, j->x, j->bias, j->y, j->rows, j->cols); break;
    case R_BIAS_U:
        par_for(T, j->rows, 1, add_bias_range, j);
        gelu_forward_f32(GELU_ERF, j->t, j->y, n);
        break;
    case R_GEGLU_F: geglu_forward_f32(GELU_ERF, x2, j->y, j->rows, j->cols); break;
    case R_GEGLU_U: {
        job g = *j;
        g.x = x2;
        gelu_set_num_threads(1); /* each row's call is small; this program's threads split rows */
        par_for(T, j->rows, 1, gate_rows_range, &g);
        par_for(T, j->rows, 1, multiply_rows_range, &g);
        break;
    }
    case R_BWD_F:
        gelu_bias_backward_f32(GELU_ERF, j->x, j->bias, j->dy, j->y, j->dbias, j->rows, j->cols);
        break;
    case R_BWD_U:
        par_for(T, j->rows, 1, add_bias_range, j);
        gelu_backward_f32(GELU_ERF, j->t, j->dy, j->y, n);
        par_for(T, j->cols, 16, column_sum_range, j);
        break;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: bench_fused [--n N] [--cols C] [--threads LIST] [--reps R]\n"
        "Fused bias+GELU and GEGLU (f32, GELU_ERF) against their unfused compositions, and\n"
        "gelu_forward_f32, beside the streaming limit, for each thread count in LIST.\n"
        "  --n N          output elements (default 67108864); rows = N / C\n"
        "  --cols C       columns (default 4096)\n"
        "  --threads LIST comma-separated thread counts (default 1,2)\n"
        "  --reps R       timed runs per row, median printed (default 5)\n");
}

int main(int argc, char **argv)
{
    size_t n = (size_t)1 << 26, cols = 4096;
    int reps = 5, threads[16] = {1, 2}, nthreads = 2;
    for (int i = 1; i < argc; i += 2) { /* option, value */
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return 0; }
        if (strcmp(a, "--n") != 0 && strcmp(a, "--cols") != 0 && strcmp(a, "--reps") != 0 &&
            strcmp(a, "--threads") != 0) {
            fprintf(stderr, "bench_fused: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        if (v == NULL) { fprintf(stderr, "bench_fused: %s needs a value\n", a); usage(stderr); return 2; }
        if (strcmp(a, "--n") == 0) n = strtoull(v, &end, 10);
        else if (strcmp(a, "--cols") == 0) cols = strtoull(v, &end, 10);
        else if (strcmp(a, "--reps") == 0) reps = (int)strtol(v, &end, 10);
        else if (strcmp(a, "--threads") == 0) {
            nthreads = 0;
            const char *p = v;
            while (*p && nthreads < 16) {
                threads[nthreads++] = (int)strtol(p, &end, 10);
                if (end == p) break;
                p = *end == ',' ? end + 1 : end;
            }
            if (*end != '\0') end = NULL;
        } else { fprintf(stderr, "bench_fused: unknown option %s\n", a); usage(stderr); return 2; }
        if (end == NULL || *end != '\0') { fprintf(stderr, "bench_fused: bad value for %s: %s\n", a, v); return 2; }
    }
    for (int k = 0; k < nthreads; k++)
        if (threads[k] < 1 || threads[k] > 64) { fprintf(stderr, "bench_fused: threads 1..64\n"); return 2; }
    if (cols == 0 || n < cols || reps < 1 || reps > 1000) { fprintf(stderr, "bench_fused: bad sizes\n"); return 2; }
    size_t rows = n / cols;
    n = rows * cols;

    float *x = alloc_floats(n), *dy = alloc_floats(n), *bias = alloc_floats(cols);
    float *x2 = alloc_floats(2 * n), *y = alloc_floats(2 * n), *t = alloc_floats(n);
    float *dbias = alloc_floats(cols), *keep = alloc_floats(n), *keepb = alloc_floats(cols);
    uint64_t s = 88172645463325252ull;
    for (size_t i = 0; i < 2 * n; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        double u1 = ((double)(s >> 11) + 1.0) * 0x1p-53, u2 = (double)((s >> 3) & 0xffff) / 65536.0;
        float g = (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
        x2[i] = g;
        if (i < n) { x[i] = g; dy[i] = (float)(0.5 * u2 - 0.25); }
    }
    for (size_t c = 0; c < cols; c++) bias[c] = (float)c / (float)cols - 0.5f;
    memset(y, 0, 2 * n * sizeof(float));
    memset(t, 0, n * sizeof(float));

    printf("# bench_fused: n = %zu (%zu x %zu), f32, GELU_ERF, isa %s, median of %d\n", n, rows,
           cols, gelu_isa(), reps);
    printf("| threads | row | Gelem/s | vs stream | fused / unfused |\n|---|---|---|---|---|\n");
    int mismatches = 0;
    for (int k = 0; k < nthreads; k++) {
        int T = threads[k];
        double rate[R_COUNT];
        job j = {rows, cols, x, dy, bias, y, t, dbias, BENCH_STREAM_AXPB_NT};
        for (int r = 0; r < R_COUNT; r++) {
            double ts[1000];
            run(r, T, &j, x2); /* warm-up (page faults) */
            for (int q = 0; q < reps; q++) {
                double t0 = now();
                run(r, T, &j, x2);
                ts[q] = now() - t0;
            }
            qsort(ts, (size_t)reps, sizeof ts[0], cmp_double);
            rate[r] = (double)n / ts[reps / 2] * 1e-9;
            /* fused and unfused must agree: keep the fused result, compare the unfused */
            if (r == R_BIAS_F || r == R_GEGLU_F || r == R_BWD_F) {
                memcpy(keep, y, n * sizeof(float));
                memcpy(keepb, dbias, cols * sizeof(float));
            }
            if (r == R_BIAS_U || r == R_GEGLU_U || r == R_BWD_U) {
                if (memcmp(keep, y, n * sizeof(float)) != 0 ||
                    (r == R_BWD_U && memcmp(keepb, dbias, cols * sizeof(float)) != 0)) {
                    printf("MISMATCH: %s differs from the fused result\n", row_names[r]);
                    mismatches++;
                }
            }
            double limit = r == R_BWD_F || r == R_BWD_U || r == R_STREAM2 || r == R_BACKWARD
                               ? rate[R_STREAM2]
                               : rate[R_STREAM1];
            /* GEGLU reads 2 inputs per output like the 2-in stream */
            if (r == R_GEGLU_F || r == R_GEGLU_U) limit = rate[R_STREAM2];
            printf("| %d | %s | %.3f | %.2f |", T, row_names[r], rate[r], rate[r] / limit);
            if (r == R_BIAS_U || r == R_GEGLU_U || r == R_BWD_U)
                printf(" %.2f |\n", rate[r - 1] / rate[r]);
            else
                printf(" |\n");
            fflush(stdout);
        }
    }
    gelu_set_num_threads(0);
    return mismatches ? 1 : 0;
}
