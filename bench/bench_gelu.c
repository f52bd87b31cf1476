/* bench_gelu.c -- the libgelu benchmark (shared/DESIGN.md section 5, issue 3 item 5).
 *
 * One run, meant to be pinned to one core (taskset -c 0), measures elements per second of
 *   - the bandwidth limits: memcpy of the same bytes, and streaming kernels y = a*x + b
 *     (one array in, one out: the shape of a forward pass) and y = a*x + z (two in, one
 *     out: a backward pass), each with ordinary and with non-temporal stores (limits.c);
 *   - libgelu's kernels for each ISA the library accepts here (gelu_set_isa over scalar,
 *     avx2, avx512, neon), every form, forward and backward, f32 and f64, the correctly
 *     rounded f32 forward (gelu_forward_cr_f32), and bf16 and f16 forward and backward (the
 *     f32 inputs rounded to those formats);
 *   - the naive libm formula 0.5f * x * (1 + erff(x / sqrt 2));
 *   - the peers found at build time: oneDNN (C API), PyTorch (libtorch ATen, with and
 *     without oneDNN) and Eigen 3.4's erf composition (peer_*.c, peer_*.cpp); and XNNPACK's
 *     f32 GELU kernel (rational 12/10, AVX-512F; re-implemented in peer_xnnpack*.c, it
 *     needs no package), which flushes the left tail (x < -5.12 gives -0);
 * for inputs from seven distributions like those real models feed a GELU (issue 19, item
 * 4; tools/gelu/input_dist.h, fixed seeds, shared with `gelu bench`): normal with sigma
 * 0.5, 1, 2, 3 and 5, 1.5 times Student's t with 3 degrees of freedom, and uniform
 * [-10, 10]; at n = 4096 (L1), 65536 (L2), 262144 (L3) and 67108864 (DRAM).  Each figure
 * is the median of repeated samples; a sample times enough back-to-back calls to last
 * --min-time.  It prints one Markdown table per size and distribution, whose heading names
 * the distribution.  `bench_gelu --help` gives the options. */
#define _GNU_SOURCE /* sched_getaffinity, sysconf(_SC_AVPHYS_PAGES) */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "gelu.h"
#include "gelu_kernel_list.h"
#include "input_dist.h"

/* ======================================================================================
 * Options
 * ==================================================================================== */

#define MAX_SIZES 16
static const char *const all_isas[] = {GELU_ISA_NAMES};
enum { N_ISAS = sizeof all_isas / sizeof all_isas[0] };

typedef struct options {
    size_t sizes[MAX_SIZES];
    int nsizes;
    int sizes_given;
    unsigned dist_mask; /* bit i: bench_dist_get(i) (input_dist.h) */
    int isa_on[N_ISAS];
    int reps;
    double min_sample_s;
    double max_row_s;
    double ghz;
    int skip_f64, skip_bf16, skip_naive, skip_ours, skip_onednn, skip_torch, skip_eigen,
        skip_xnnpack;
    int no_check;
} options;

static void usage(FILE *f)
{
    fprintf(f,
        "usage: bench_gelu [options]\n"
        "Elements per second of libgelu's kernels beside memcpy, streaming limits, the\n"
        "naive libm formula and the peers built in (oneDNN, PyTorch, Eigen, XNNPACK's\n"
        "rational 12/10 kernel re-implemented), one Markdown table per size and input\n"
        "distribution.  Pin it to one core:\n"
        "  taskset -c 0 bench_gelu --sizes 4096,65536,262144\n"
        "\n"
        "options:\n"
        "  --sizes LIST    comma-separated element counts, k and M suffixes allowed\n"
        "                  (x1024, x1048576); default 4096,65536,262144,67108864 (a size\n"
        "                  whose buffers, about 42 bytes an element, do not fit in free\n"
        "                  memory is skipped)\n"
        "  --n N           one size (same as --sizes N)\n"
        "  --dist LIST     comma-separated input distributions (default all seven, each\n"
        "                  with a fixed seed): n0.5, n1, n2, n3, n5 (normal with sigma\n"
        "                  0.5, 1, 2, 3, 5), t3 (1.5 x Student t with 3 degrees of\n"
        "                  freedom), u10 (uniform [-10, 10]); normal = n1, uniform = u10\n"
        "  --isa LIST      libgelu kernels to try (default scalar,avx2,avx512,neon; those\n"
        "                  the library refuses here are skipped)\n"
        "  --reps R        samples per row, median taken (default 15; fewer where they\n"
        "                  do not fit in --max-time, but not under 3)\n"
        "  --min-time MS   shortest sample in milliseconds (default 2): short calls are\n"
        "                  repeated within one sample\n"
        "  --max-time S    time budget of one row in seconds (default 2)\n"
        "  --ghz G         clock used to turn time into cycles per element (default 3.6;\n"
        "                  the benchmark reads no cycle counter)\n"
        "  --skip LIST     leave out any of: f64, bf16, naive, ours, onednn, pytorch, eigen,\n"
        "                  xnnpack\n"
        "  --no-check      do not compare outputs with libgelu's at 64 sampled points\n"
        "  --help          this text\n"
        "Exit status: 0, 1 on a run-time failure, 2 on a bad option.\n");
}

static int bad_option(const char *fmt, const char *arg)
{
    fprintf(stderr, "bench_gelu: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (bench_gelu --help for usage)\n");
    return 2;
}

/* A count with an optional k/K or M suffix; 0 on error. */
static size_t parse_count(const char *s, const char **end)
{
    if (*s < '0' || *s > '9') return 0;
    errno = 0;
    char *e;
    unsigned long long v = strtoull(s, &e, 10);
    if (errno || v == 0) return 0;
    unsigned long long mul = 1;
    if (*e == 'k' || *e == 'K') {
        mul = 1024;
        e++;
    } else if (*e == 'M') {
        mul = 1024 * 1024;
        e++;
    }
    if (v > (unsigned long long)(SIZE_MAX / 64) / mul) return 0;
    *end = e;
    return (size_t)(v * mul);
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
    errno = 0;
    char *e;
    double v = strtod(s, &e);
    if (errno || e == s || *e != '\0' || !(v >= lo && v <= hi)) return 1;
    *out = v;
    return 0;
}

/* Splits a comma list in place into its items; returns the count, -1 for an empty item. */
static int split_list(char *s, char **items, int max)
{
    int k = 0;
    for (char *p = s;;) {
        char *c = strchr(p, ',');
        if (c) *c = '\0';
        if (*p == '\0' || k == max) return -1;
        items[k++] = p;
        if (!c) return k;
        p = c + 1;
    }
}

static int parse_args(int argc, char **argv, options *o)
{
    static const size_t default_sizes[] = {4096, 65536, 262144, 67108864};
    memset(o, 0, sizeof *o);
    for (int i = 0; i < 4; i++) o->sizes[i] = default_sizes[i];
    o->nsizes = 4;
    o->dist_mask = (1u << BENCH_DIST_COUNT) - 1u;
    for (int i = 0; i < N_ISAS; i++) o->isa_on[i] = 1;
    o->reps = 15;
    o->min_sample_s = 2e-3;
    o->max_row_s = 2.0;
    o->ghz = 3.6;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--no-check") == 0) {
            o->no_check = 1;
            continue;
        }
        static const char *const with_value[] = {"--sizes", "--n",   "--dist",
                                                 "--isa",   "--reps", "--min-time",
                                                 "--max-time", "--ghz", "--skip"};
        int known = 0;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
            known |= strcmp(a, with_value[k]) == 0;
        if (!known) return bad_option("unknown option '%s'", a);
        if (i + 1 >= argc) return bad_option("option '%s' needs a value", a);
        char *v = argv[++i];
        char *items[MAX_SIZES];
        if (strcmp(a, "--sizes") == 0 || strcmp(a, "--n") == 0) {
            int k = split_list(v, items, MAX_SIZES);
            if (k < 0 || (k > 1 && strcmp(a, "--n") == 0))
                return bad_option("bad size list for '%s'", a);
            for (int j = 0; j < k; j++) {
                const char *end = NULL;
                size_t n = parse_count(items[j], &end);
                if (n == 0 || *end != '\0')
                    return bad_option("bad size '%s' (a positive count, k/M suffix allowed)",
                                      items[j]);
                o->sizes[j] = n;
            }
            o->nsizes = k;
            o->sizes_given = 1;
        } else if (strcmp(a, "--dist") == 0) {
            const char *bad;
            size_t bad_len;
            if (bench_dist_parse(v, &o->dist_mask, &bad, &bad_len) != 0) {
                if (bad_len == 0) return bad_option("bad list for '%s'", a);
                v[(size_t)(bad - v) + bad_len] = '\0'; /* the bad item alone */
                return bad_option("unknown distribution '%s' (" BENCH_DIST_NAMES
                                  "; normal = n1, uniform = u10)", bad);
            }
        } else if (strcmp(a, "--isa") == 0) {
            int k = split_list(v, items, MAX_SIZES);
            if (k < 0) return bad_option("bad list for '%s'", a);
            for (int j = 0; j < N_ISAS; j++) o->isa_on[j] = 0;
            for (int j = 0; j < k; j++) {
                int found = 0;
                for (int m = 0; m < N_ISAS; m++)
                    if (strcmp(items[j], all_isas[m]) == 0) found = o->isa_on[m] = 1;
                if (!found)
                    return bad_option("unknown ISA '%s' (scalar, avx2, avx512, neon)", items[j]);
            }
        } else if (strcmp(a, "--skip") == 0) {
            int k = split_list(v, items, MAX_SIZES);
            if (k < 0) return bad_option("bad list for '%s'", a);
            for (int j = 0; j < k; j++) {
                const char *s = items[j];
                if (strcmp(s, "f64") == 0) o->skip_f64 = 1;
                else if (strcmp(s, "bf16") == 0) o->skip_bf16 = 1;
                else if (strcmp(s, "naive") == 0) o->skip_naive = 1;
                else if (strcmp(s, "ours") == 0) o->skip_ours = 1;
                else if (strcmp(s, "onednn") == 0) o->skip_onednn = 1;
                else if (strcmp(s, "pytorch") == 0) o->skip_torch = 1;
                else if (strcmp(s, "eigen") == 0) o->skip_eigen = 1;
                else if (strcmp(s, "xnnpack") == 0) o->skip_xnnpack = 1;
                else return bad_option("unknown --skip item '%s'", s);
            }
        } else {
            double d;
            if (strcmp(a, "--reps") == 0) {
                if (parse_double(v, 1, 1001, &d) || d != floor(d))
                    return bad_option("--reps needs an integer in 1..1001, not '%s'", v);
                o->reps = (int)d;
            } else if (strcmp(a, "--min-time") == 0) {
                if (parse_double(v, 0.001, 10000, &d))
                    return bad_option("--min-time needs milliseconds in 0.001..10000, not '%s'",
                                      v);
                o->min_sample_s = d * 1e-3;
            } else if (strcmp(a, "--max-time") == 0) {
                if (parse_double(v, 0.001, 3600, &d))
                    return bad_option("--max-time needs seconds in 0.001..3600, not '%s'", v);
                o->max_row_s = d;
            } else {
                if (parse_double(v, 0.1, 20, &d))
                    return bad_option("--ghz needs a clock in GHz, 0.1..20, not '%s'", v);
                o->ghz = d;
            }
        }
    }
    return 0;
}

/* ======================================================================================
 * Arrays and inputs
 * ==================================================================================== */

static void *alloc64(size_t bytes)
{
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

/* x from distribution dist (input_dist.h); dy from N(0,1) with a seed of its own, the
 * same for every distribution.  xd and dyd: the same numbers in double, unless NULL. */
static void fill_inputs(int dist, size_t n, float *x, float *dy, double *xd, double *dyd)
{
    bench_dist_fill(dist, n, x, xd);
    bench_rng rd = {0x5eed0003u};
    for (size_t i = 0; i < n; i++) {
        double g = bench_rng_normal(&rd);
        dy[i] = (float)g;
        if (dyd) dyd[i] = g;
    }
}

/* ======================================================================================
 * Rows: what is timed
 * ==================================================================================== */

enum { G_LIMIT, G_OURS, G_NAIVE, G_PEER };
enum { L_MEMCPY = 0, L_STREAM = 1 }; /* limit kinds; L_STREAM + bench_stream_kind */

typedef struct row {
    char name[96];
    int group;
    int what;   /* G_LIMIT: L_MEMCPY or L_STREAM + kind; G_PEER: op index; G_OURS: 1 for
                 * the correctly rounded f32 forward                                    */
    const bench_peer *peer;
    int form;   /* gelu_fn, -1 for limits                                              */
    int dir;    /* BENCH_FWD / BENCH_BWD (limits: by their shape)                       */
    int type;   /* BENCH_F32 / F64 / BF16 / F16                                         */
    double rate;       /* elements per second, 0 if not measured                          */
    int samples;
    double check_err;  /* largest |y - ref| / (1e-3 |ref| + 1e-5) over the samples        */
} row;

#define MAX_ROWS 240
static row rows[MAX_ROWS];
static int nrows;

static bench_data D;
static float *buf_x, *buf_dy, *buf_y;
static double *buf_xd, *buf_dyd, *buf_yd;
static uint16_t *buf_h; /* bf16 x, dy, f16 x, dy, and the 16-bit output: 5n */

static row *add_row(int group, const char *name, int form, int dir, int type)
{
    if (nrows == MAX_ROWS) return NULL;
    row *r = &rows[nrows++];
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    r->group = group;
    r->form = form;
    r->dir = dir;
    r->type = type;
    return r;
}

static void run_row(const row *r)
{
    const size_t n = D.n;
    switch (r->group) {
    case G_LIMIT:
        if (r->what == L_MEMCPY)
            memcpy(buf_y, buf_x, n * sizeof *buf_x);
        else
            bench_stream((bench_stream_kind)(r->what - L_STREAM), buf_x, buf_dy, buf_y, n);
        break;
    case G_OURS:
        if (r->type == BENCH_BF16 || r->type == BENCH_F16) {
            const uint16_t *hx = buf_h + (r->type == BENCH_F16 ? 2 * n : 0), *hdy = hx + n;
            uint16_t *hy = buf_h + 4 * n;
            if (r->type == BENCH_BF16)
                r->dir == BENCH_FWD ? gelu_forward_bf16((gelu_fn)r->form, hx, hy, n)
                                    : gelu_backward_bf16((gelu_fn)r->form, hx, hdy, hy, n);
            else
                r->dir == BENCH_FWD ? gelu_forward_f16((gelu_fn)r->form, hx, hy, n)
                                    : gelu_backward_f16((gelu_fn)r->form, hx, hdy, hy, n);
        } else if (r->type == BENCH_F32) {
            if (r->dir == BENCH_FWD && r->what == 1)
                gelu_forward_cr_f32((gelu_fn)r->form, buf_x, buf_y, n);
            else if (r->dir == BENCH_FWD)
                gelu_forward_f32((gelu_fn)r->form, buf_x, buf_y, n);
            else
                gelu_backward_f32((gelu_fn)r->form, buf_x, buf_dy, buf_y, n);
        } else {
            if (r->dir == BENCH_FWD)
                gelu_forward_f64((gelu_fn)r->form, buf_xd, buf_yd, n);
            else
                gelu_backward_f64((gelu_fn)r->form, buf_xd, buf_dyd, buf_yd, n);
        }
        break;
    case G_NAIVE: {
        const float *x = buf_x;
        float *y = buf_y;
        for (size_t i = 0; i < n; i++)
            y[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678118654752f));
        break;
    }
    default:
        r->peer->run(r->what);
        break;
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Times row r: one warm-up call, then `samples` samples of `inner` calls each. */
static void time_row(row *r, const options *o)
{
    enum { MAX_SAMPLES = 1001 };
    static double t[MAX_SAMPLES];
    run_row(r); /* warm-up: caches, page faults, JIT, lazy initialisation */
    double t0 = now_seconds();
    run_row(r);
    double t1 = now_seconds() - t0;
    if (t1 < 1e-9) t1 = 1e-9;
    double inner_d = ceil(o->min_sample_s / t1);
    long inner = inner_d > 1e6 ? 1000000 : (long)inner_d;
    if (inner < 1) inner = 1;
    int samples = o->reps;
    double per_sample = t1 * (double)inner;
    if (per_sample * samples > o->max_row_s) samples = (int)(o->max_row_s / per_sample);
    if (samples < 3) samples = o->reps < 3 ? o->reps : 3;
    if (samples > MAX_SAMPLES) samples = MAX_SAMPLES;
    for (int s = 0; s < samples; s++) {
        double a = now_seconds();
        for (long k = 0; k < inner; k++) run_row(r);
        t[s] = (now_seconds() - a) / (double)inner;
    }
    qsort(t, (size_t)samples, sizeof t[0], compare_doubles);
    double med = samples % 2 ? t[samples / 2] : 0.5 * (t[samples / 2 - 1] + t[samples / 2]);
    r->rate = (double)D.n / med;
    r->samples = samples;
}

/* ---- Output check: 64 sampled points against libgelu ----------------------------- */

enum { N_CHECK = 64 };
static size_t check_idx[N_CHECK];
static float check_ref[4][2][N_CHECK];

static void make_reference(void)
{
    float cx[N_CHECK], cdy[N_CHECK];
    for (int k = 0; k < N_CHECK; k++) {
        check_idx[k] = (size_t)((double)k * (double)D.n / N_CHECK) + (size_t)k % 7;
        if (check_idx[k] >= D.n) check_idx[k] = D.n - 1;
        cx[k] = buf_x[check_idx[k]];
        cdy[k] = buf_dy[check_idx[k]];
    }
    for (int f = 0; f < 4; f++) {
        gelu_forward_f32((gelu_fn)f, cx, check_ref[f][0], N_CHECK);
        gelu_backward_f32((gelu_fn)f, cx, cdy, check_ref[f][1], N_CHECK);
    }
}

static void check_row(row *r)
{
    if (r->form < 0 || r->type != BENCH_F32) return;
    double worst = 0;
    for (int k = 0; k < N_CHECK; k++) {
        double ref = check_ref[r->form][r->dir][k], y = buf_y[check_idx[k]];
        double e = fabs(y - ref) / (1e-3 * fabs(ref) + 1e-5);
        if (!(e <= worst)) worst = isnan(e) ? INFINITY : e;
    }
    r->check_err = worst;
}

/* ======================================================================================
 * Peers
 * ==================================================================================== */

typedef struct peer_slot {
    const bench_peer *p;
    int *skip;
    int usable;
    char info[200];
} peer_slot;

static peer_slot peers[8];
static int npeers;

static void register_peers(options *o)
{
    (void)o;
#ifdef GELU_BENCH_HAVE_ONEDNN
    peers[npeers++] = (peer_slot){&bench_peer_onednn, &o->skip_onednn, 0, ""};
#endif
#ifdef GELU_BENCH_HAVE_TORCH
    peers[npeers++] = (peer_slot){&bench_peer_torch, &o->skip_torch, 0, ""};
#endif
#ifdef GELU_BENCH_HAVE_EIGEN_DEFAULT
    peers[npeers++] = (peer_slot){&bench_peer_eigen_default, &o->skip_eigen, 0, ""};
#endif
#ifdef GELU_BENCH_HAVE_EIGEN_AVX2
    peers[npeers++] = (peer_slot){&bench_peer_eigen_avx2, &o->skip_eigen, 0, ""};
#endif
#ifdef GELU_BENCH_HAVE_EIGEN_AVX512
    peers[npeers++] = (peer_slot){&bench_peer_eigen_avx512, &o->skip_eigen, 0, ""};
#endif
#ifdef GELU_BENCH_HAVE_XNNPACK
    peers[npeers++] = (peer_slot){&bench_peer_xnnpack, &o->skip_xnnpack, 0, ""};
#endif
    for (int i = 0; i < npeers; i++) {
        if (*peers[i].skip) {
            snprintf(peers[i].info, sizeof peers[i].info, "%s: skipped (--skip)",
                     peers[i].p->name);
            continue;
        }
        peers[i].usable = peers[i].p->init(peers[i].info, sizeof peers[i].info) == 0;
    }
}

/* ======================================================================================
 * One size and distribution
 * ==================================================================================== */

static const char *const form_names[] = {GELU_FORM_NAMES};

/* oneDNN's op of the same form and direction: its bf16 op for bf16 and f16 rows, else f32. */
static const row *find_onednn(int form, int dir, int type)
{
    int want = type == BENCH_BF16 || type == BENCH_F16 ? BENCH_BF16 : BENCH_F32;
    for (int i = 0; i < nrows; i++)
        if (rows[i].group == G_PEER && strcmp(rows[i].peer->name, "oneDNN") == 0 &&
            rows[i].form == form && rows[i].dir == dir && rows[i].type == want &&
            rows[i].rate > 0)
            return &rows[i];
    return NULL;
}

/* XNNPACK's kernel (its only op: erf forward f32), where it was measured. */
static const row *find_xnnpack(void)
{
    for (int i = 0; i < nrows; i++)
        if (rows[i].group == G_PEER && strcmp(rows[i].peer->name, "XNNPACK") == 0 &&
            rows[i].rate > 0)
            return &rows[i];
    return NULL;
}

static double row_bytes(const row *r)
{
    static const double elem[4] = {4, 8, 2, 2};
    return elem[r->type] * (r->dir == BENCH_BWD ? 3 : 2);
}

static void print_ratio(double v)
{
    if (v > 0 && isfinite(v))
        printf(" %.2f |", v);
    else
        printf(" - |");
}

static void print_table(const options *o, int dist)
{
    double memcpy_rate = 0, best[2] = {0, 0}; /* best stream rate: [0] 1 in, [1] 2 in */
    for (int i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        if (r->group != G_LIMIT || r->rate <= 0) continue;
        if (r->what == L_MEMCPY)
            memcpy_rate = r->rate;
        else if (r->rate > best[r->dir])
            best[r->dir] = r->rate;
    }
    const double mib = (double)D.n * 8.0 / (1024.0 * 1024.0);
    const bench_dist *d = bench_dist_get(dist);
    printf("\n### n = %zu, %s: %s (f32 in + out: %.3g MiB)\n\n", D.n, d->name, d->title, mib);
    printf("| kernel | Gelem/s | cycles/elem | vs oneDNN | vs XNNPACK | vs memcpy | vs stream |\n");
    printf("|:--|--:|--:|--:|--:|--:|--:|\n");
    const row *xnn = find_xnnpack();
    int flagged = 0;
    for (int i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        if (r->rate <= 0) continue;
        const int bad = r->check_err > 1.0;
        flagged |= bad;
        printf("| %s%s | %.3f | %.2f |", r->name, bad ? " (!)" : "", r->rate * 1e-9,
               o->ghz * 1e9 / r->rate);
        const row *ref = r->form >= 0 ? find_onednn(r->form, r->dir, r->type) : NULL;
        print_ratio(ref ? r->rate / ref->rate : 0);
        const int erf_fwd_f32 = r->form == GELU_ERF && r->dir == BENCH_FWD && r->type == BENCH_F32;
        print_ratio(xnn && erf_fwd_f32 ? r->rate / xnn->rate : 0);
        double bytes = r->group == G_LIMIT && r->what == L_MEMCPY ? 8 : row_bytes(r);
        print_ratio(memcpy_rate > 0 ? r->rate * bytes / (memcpy_rate * 8.0) : 0);
        int shape = r->dir == BENCH_BWD ? 1 : 0;
        print_ratio(best[shape] > 0 ? r->rate * bytes / (best[shape] * 4.0 * (shape ? 3 : 2))
                                    : 0);
        printf("\n");
    }
    if (flagged)
        printf("\n(!) output differs from libgelu's by more than 1e-3 relative + 1e-5 "
               "absolute at some of %d sampled points.\n",
               N_CHECK);
}

static void add_rows(const options *o)
{
    nrows = 0;
    char name[96];
    /* Limits. */
    row *r = add_row(G_LIMIT, "memcpy (f32 bytes)", -1, BENCH_FWD, BENCH_F32);
    r->what = L_MEMCPY;
    static const char *const stream_names[4] = {
        "stream y=a*x+b", "stream y=a*x+b, NT stores", "stream y=a*x+z (2 in)",
        "stream y=a*x+z (2 in), NT stores"};
    for (int k = 0; k < 4; k++) {
        if (!bench_stream_available((bench_stream_kind)k)) continue;
        snprintf(name, sizeof name, "%s [%s]", stream_names[k], bench_stream_isa());
        r = add_row(G_LIMIT, name, -1, k >= 2 ? BENCH_BWD : BENCH_FWD, BENCH_F32);
        r->what = L_STREAM + k;
    }
    /* Ours: added per ISA by run_size (the ISA is switched between rows). */
    /* Naive. */
    if (!o->skip_naive)
        add_row(G_NAIVE, "naive libm 0.5f*x*(1+erff(x/sqrt2))", GELU_ERF, BENCH_FWD,
                BENCH_F32);
}

/* f32 to bf16 and to f16, nearest even (finite inputs of moderate size, as generated here). */
static uint16_t to_bf16(float v)
{
    uint32_t b;
    memcpy(&b, &v, sizeof b);
    return (uint16_t)((b + 0x7fffu + ((b >> 16) & 1u)) >> 16);
}

static uint16_t to_f16(float v)
{
    uint16_t sign = signbit(v) ? 0x8000u : 0u;
    double a = fabs((double)v);
    if (a < 0x1p-14) return (uint16_t)(sign | (uint16_t)nearbyint(a * 0x1p24)); /* subnormal */
    int e;
    double m = frexp(a, &e); /* a = m 2^e, m in [1/2, 1) */
    double q = nearbyint(m * 2048.0);           /* 11 bits, nearest even */
    if (q == 2048.0) { q = 1024.0; e++; }
    if (e + 14 >= 31) return (uint16_t)(sign | 0x7c00u);
    return (uint16_t)(sign | (uint16_t)((e + 14) << 10) | (uint16_t)(q - 1024.0));
}

static void run_size(const options *o, size_t n, int dist)
{
    D.n = n;
    fill_inputs(dist, n, buf_x, buf_dy, o->skip_f64 ? NULL : buf_xd,
                o->skip_f64 ? NULL : buf_dyd);
    for (size_t i = 0; i < n; i++) {
        buf_h[i] = to_bf16(buf_x[i]);
        buf_h[n + i] = to_bf16(buf_dy[i]);
        buf_h[2 * n + i] = to_f16(buf_x[i]);
        buf_h[3 * n + i] = to_f16(buf_dy[i]);
    }
    make_reference();
    add_rows(o);
    for (int i = 0; i < nrows; i++) {
        memset(buf_y, 0xff, n * sizeof *buf_y);
        time_row(&rows[i], o);
        check_row(&rows[i]);
    }
    /* Ours, each ISA the library accepts. */
    for (int s = 0; s < N_ISAS && !o->skip_ours; s++) {
        if (!o->isa_on[s] || gelu_set_isa(all_isas[s]) != GELU_OK) continue;
        for (int type = BENCH_F32; type <= BENCH_F64; type++) {
            if (type == BENCH_F64 && o->skip_f64) continue;
            for (int f = 0; f < 4; f++)
                for (int dir = BENCH_FWD; dir <= BENCH_BWD; dir++) {
                    char name[96];
                    snprintf(name, sizeof name, "libgelu %s %s %s %s", all_isas[s],
                             form_names[f], dir ? "bwd" : "fwd", type ? "f64" : "f32");
                    row *r = add_row(G_OURS, name, f, dir, type);
                    if (!r) continue;
                    memset(buf_y, 0xff, n * sizeof *buf_y);
                    time_row(r, o);
                    check_row(r);
                }
        }
        /* the correctly rounded f32 forward; bf16 and f16 forward and backward */
        for (int f = 0; f < 4; f++) {
            char name[96];
            snprintf(name, sizeof name, "libgelu %s %s fwd f32 correctly rounded", all_isas[s],
                     form_names[f]);
            row *r = add_row(G_OURS, name, f, BENCH_FWD, BENCH_F32);
            if (!r) continue;
            r->what = 1;
            memset(buf_y, 0xff, n * sizeof *buf_y);
            time_row(r, o);
            check_row(r);
        }
        for (int type = BENCH_BF16; type <= BENCH_F16 && !o->skip_bf16; type++)
            for (int f = 0; f < 4; f++)
                for (int dir = BENCH_FWD; dir <= BENCH_BWD; dir++) {
                    char name[96];
                    snprintf(name, sizeof name, "libgelu %s %s %s %s", all_isas[s],
                             form_names[f], dir ? "bwd" : "fwd",
                             type == BENCH_BF16 ? "bf16" : "f16");
                    row *r = add_row(G_OURS, name, f, dir, type);
                    if (r) time_row(r, o);
                }
    }
    gelu_set_isa("auto");
    /* Peers. */
    for (int p = 0; p < npeers; p++) {
        if (!peers[p].usable) continue;
        const bench_peer *pe = peers[p].p;
        if (pe->setup(&D) != 0) {
            fprintf(stderr, "bench_gelu: %s: setup failed at n = %zu, skipped\n", pe->name, n);
            continue;
        }
        for (int k = 0; k < pe->nops; k++) {
            const bench_op *op = &pe->ops[k];
            if (op->type == BENCH_BF16 && o->skip_bf16) continue;
            if (!pe->ready(k)) continue;
            row *r = add_row(G_PEER, op->name, op->form, op->dir, op->type);
            if (!r) continue;
            r->peer = pe;
            r->what = k;
            memset(buf_y, 0xff, n * sizeof *buf_y);
            time_row(r, o);
            check_row(r);
        }
        pe->teardown();
    }
    print_table(o, dist);
    fflush(stdout);
}

/* ======================================================================================
 * main
 * ==================================================================================== */

static void print_machine(const options *o)
{
    char model[256] = "unknown";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "model name", 10) == 0) {
                char *c = strchr(line, ':');
                if (c) {
                    c += 1 + (c[1] == ' ');
                    c[strcspn(c, "\n")] = '\0';
                    snprintf(model, sizeof model, "%s", c);
                }
                break;
            }
        }
        fclose(f);
    }
    printf("- CPU: %s; cycles per element at an assumed %.2f GHz (--ghz)\n", model, o->ghz);
#ifdef __linux__
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count == 1) {
            size_t cpu = 0;
            while (cpu + 1 < CPU_SETSIZE && !CPU_ISSET(cpu, &set)) cpu++;
            printf("- pinned to CPU %zu\n", cpu);
        } else {
            printf("- NOT pinned: %d CPUs allowed (run it under taskset -c 0)\n", count);
        }
    }
#endif
    const char *omp = getenv("OMP_NUM_THREADS");
    printf("- OMP_NUM_THREADS=%s\n", omp ? omp : "(unset)");
}

int main(int argc, char **argv)
{
#ifdef __linux__
    /* The peers' OpenMP runtimes read OMP_NUM_THREADS when they load, before main: run
     * again with it set, so that they use one thread even when not pinned. */
    if (!getenv("OMP_NUM_THREADS")) {
        setenv("OMP_NUM_THREADS", "1", 1);
        execv("/proc/self/exe", argv);
        /* If that fails, go on: pinned to one core, OpenMP uses one thread anyway. */
    }
#endif
    /* One thread for libgelu too (its pool would split the large sizes): these are
     * single-core figures.  Threads: bench_fused and bench_threads. */
    gelu_set_num_threads(1);
    options o; /* after the exec: parse_args splits argv's lists in place */
    int rc = parse_args(argc, argv, &o);
    if (rc) return rc;

    printf("## bench_gelu\n\n");
    printf("- libgelu %s, default kernels: %s\n", gelu_version(), gelu_isa());
    print_machine(&o);
    printf("- libgelu kernels:");
    for (int i = 0; i < N_ISAS; i++) {
        if (!o.isa_on[i]) continue;
        gelu_status st = gelu_set_isa(all_isas[i]);
        printf(" %s (%s)%s", all_isas[i],
               st == GELU_OK ? "measured" : gelu_status_string(st), i + 1 < N_ISAS ? ";" : "");
    }
    gelu_set_isa("auto");
    printf("\n");
    printf("- streaming limits use %s\n", bench_stream_isa());
    register_peers(&o);
    if (npeers == 0) printf("- peers: none built in (see bench/CMakeLists.txt)\n");
    for (int i = 0; i < npeers; i++)
        printf("- peer %s%s\n", peers[i].info,
               peers[i].usable || *peers[i].skip ? "" : " (not used)");
    printf("- median of up to %d samples, each at least %.3g ms, at most %.3g s a row\n",
           o.reps, o.min_sample_s * 1e3, o.max_row_s);
    printf("- \"vs oneDNN\": rate over oneDNN's op of the same form and direction "
           "(gelu_erf, gelu_tanh, swish(1.702) = sigmoid form, relu), its bf16 op for bf16 and "
           "f16 rows, else its f32 op;\n"
           "  \"vs XNNPACK\": rate over XNNPACK's rational 12/10 kernel (erf forward f32 "
           "rows only; it flushes x < -5.12 to -0 and loses relative accuracy in the left "
           "tail, libgelu does not);\n"
           "  \"vs memcpy\" and \"vs stream\": bytes per second (read + written) over "
           "memcpy's and over the faster streaming kernel of the same shape "
           "(1 in 1 out for forward, 2 in 1 out for backward)\n");
    fflush(stdout);

    for (int si = 0; si < o.nsizes; si++) {
        const size_t n = o.sizes[si];
        const double need = (double)n * (3 * 4 + (o.skip_f64 ? 0 : 3 * 8) + 8 * 2) * 1.1;
        long pages = sysconf(_SC_AVPHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
        if (pages > 0 && psize > 0 && need > (double)pages * (double)psize) {
            printf("\n### n = %zu: skipped, needs about %.0f MiB and %.0f MiB are free\n", n,
                   need / 1048576.0, (double)pages * (double)psize / 1048576.0);
            continue;
        }
        buf_x = alloc64(n * sizeof *buf_x);
        buf_dy = alloc64(n * sizeof *buf_dy);
        buf_y = alloc64(n * sizeof *buf_y);
        buf_h = alloc64(5 * n * sizeof *buf_h);
        if (!buf_h) {
            fprintf(stderr, "bench_gelu: out of memory at n = %zu\n", n);
            return 1;
        }
        if (!o.skip_f64) {
            buf_xd = alloc64(n * sizeof *buf_xd);
            buf_dyd = alloc64(n * sizeof *buf_dyd);
            buf_yd = alloc64(n * sizeof *buf_yd);
        }
        if (!buf_x || !buf_dy || !buf_y ||
            (!o.skip_f64 && (!buf_xd || !buf_dyd || !buf_yd))) {
            fprintf(stderr, "bench_gelu: out of memory at n = %zu\n", n);
            return 1;
        }
        if (!o.skip_f64) memset(buf_yd, 0, n * sizeof *buf_yd);
        D = (bench_data){n, buf_x, buf_dy, buf_y, buf_xd, buf_dyd, buf_yd};
        for (int dist = 0; dist < BENCH_DIST_COUNT; dist++)
            if (o.dist_mask & (1u << dist)) run_size(&o, n, dist);
        free(buf_x);
        free(buf_dy);
        free(buf_y);
        free(buf_h);
        free(buf_xd);
        free(buf_dyd);
        free(buf_yd);
        buf_xd = buf_dyd = buf_yd = NULL;
    }
    return 0;
}
