/* test_fused.c -- the fused forms (gelu.h §6) against the unfused composition they promise.
 *
 *   1. Every ISA gelu_set_isa accepts, every form, f32 and bf16, shapes from 1 x 1 to
 *      large enough for several threads, inputs with NaN, inf, zeros and random bits:
 *      y, dx and dbias equal, bit for bit, the composition computed here from the unfused
 *      public calls (gelu_forward_f32, ...) and this file's own IEEE sum and product with the
 *      NaN rule, and dbias the double sum in row order.  Canaries around every output.
 *   2. In place: y == x, dx == x, dx == dy, dbias == bias, GEGLU dx == x.
 *   3. Errors in order: unknown gelu_fn, NULL, size overflow, overlaps; nothing written.
 *   4. 1, 2 and 3 threads give the same bits (also in test_threads.c).
 *   5. f32 shapes of 2^22 elements and more (1024 x 4097), where the outputs are written with
 *      non-temporal stores, on every ISA (skipped with --quick: the sanitizer and
 *      cross builds).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu.h"
#include "gelu_kernel_list.h"

static unsigned long g_checks, g_failures;
static const char *g_isa = "?";

static void check(int ok, const char *what, const char *form, gelu_fn f, size_t rows,
                  size_t cols, size_t at)
{
    g_checks++;
    if (ok) return;
    if (++g_failures <= 40)
        printf("FAIL [isa %s] %s: %s fn %d, %zu x %zu, element %zu\n", g_isa, what, form, (int)f,
               rows, cols, at);
}

/* ---- reference arithmetic ------------------------------------------------------------ */

static uint32_t fbits(float v) { uint32_t u; memcpy(&u, &v, 4); return u; }
static float ffrom(uint32_t u) { float v; memcpy(&v, &u, 4); return v; }
static float widen(uint16_t h) { return ffrom((uint32_t)h << 16); }

static float nan_rule(float a, float b)
{
    if (isnan(a)) return ffrom(fbits(a) | 0x00400000u);
    if (isnan(b)) return ffrom(fbits(b) | 0x00400000u);
    return ffrom(0x7fc00000u);
}
static float ref_add(float a, float b) { float r = a + b; return isnan(r) ? nan_rule(a, b) : r; }
static float ref_mul(float a, float b) { float r = a * b; return isnan(r) ? nan_rule(a, b) : r; }

/* double -> bf16, nearest even, by comparing the exact value with its bf16 neighbours. */
static uint16_t bf16_of_double(double d)
{
    if (isnan(d)) return 0x7fc0u;
    uint16_t sign = signbit(d) ? 0x8000u : 0u;
    double a = fabs(d);
    if (a >= 0x1p128 - 0x1p119) return (uint16_t)(sign | 0x7f80u);
    /* the largest bf16 magnitude <= a: truncate a's float (rounded down) */
    float fa = (float)a;
    if ((double)fa > a) fa = nextafterf(fa, 0.0f);
    uint16_t lo = (uint16_t)(fbits(fa) >> 16), hi = (uint16_t)(lo + 1);
    double dl = a - (double)widen(lo), dh = (double)widen(hi) - a;
    uint16_t m = dl < dh ? lo : dh < dl ? hi : (lo & 1u) ? hi : lo;
    return (uint16_t)(sign | m);
}
static uint16_t bf16_of_float(float v)
{
    if (isnan(v)) return (uint16_t)((fbits(v) >> 16) | 0x0040u);
    return bf16_of_double((double)v);
}
static uint16_t ref_mul_bf16(uint16_t a, uint16_t b)
{
    float fa = widen(a), fb = widen(b);
    if (isnan(fa)) return (uint16_t)(a | 0x0040u);
    if (isnan(fb)) return (uint16_t)(b | 0x0040u);
    double p = (double)fa * (double)fb;
    if (isnan(p)) return 0x7fc0u;
    if (p == 0.0) return (uint16_t)((signbit(fa) != signbit(fb)) ? 0x8000u : 0u);
    return bf16_of_double(p);
}
static float ref_sum_column(const float *d, size_t rows, size_t cols, size_t c)
{
    double acc = 0.0;
    for (size_t r = 0; r < rows; r++) acc += (double)d[r * cols + c];
    return isnan(acc) ? ffrom(0x7fc00000u) : (float)acc;
}

/* ---- inputs ---------------------------------------------------------------------------- */

static uint64_t g_rng = 0x1234567887654321ull;
static uint64_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return g_rng;
}
static float rnd_float(void)
{
    uint64_t r = rnd();
    switch (r % 50) {
    case 0: return ffrom((uint32_t)(r >> 32));
    case 1: return (r >> 9) & 1 ? INFINITY : -INFINITY;
    case 2: return (r >> 9) & 1 ? 0.0f : -0.0f;
    case 3: return ffrom(0x7fa00000u | (uint32_t)((r >> 40) & 0xffff)); /* signalling NaN */
    default: return (float)((double)(r >> 11) * 0x1p-53 * 12.0 - 6.0);
    }
}
static uint16_t rnd_bf16(void)
{
    uint64_t r = rnd();
    return r % 4 == 0 ? (uint16_t)(r >> 20) : bf16_of_float(rnd_float());
}

#define CANARY 0x5au
static void *alloc_canary(size_t bytes)
{
    unsigned char *p = malloc(bytes + 128);
    if (!p) { printf("FAIL out of memory\n"); exit(1); }
    memset(p, CANARY, bytes + 128);
    return p + 64;
}
static int canaries_ok(const void *p, size_t bytes)
{
    const unsigned char *c = (const unsigned char *)p - 64;
    for (size_t i = 0; i < 64; i++)
        if (c[i] != CANARY || c[64 + bytes + i] != CANARY) return 0;
    return 1;
}
static void free_canary(void *p) { free((unsigned char *)p - 64); }

/* ---- 1, 2: f32 ------------------------------------------------------------------------- */

static void test_f32(gelu_fn f, size_t rows, size_t cols, int inplace)
{
    size_t n = rows * cols;
    float *x = alloc_canary(2 * n * 4), *x2 = alloc_canary(2 * n * 4), *dy = alloc_canary(n * 4);
    float *bias = alloc_canary(cols * 4), *y = alloc_canary(2 * n * 4),
          *dbias = alloc_canary(cols * 4);
    float *s = malloc(2 * n * 4 + 4), *e = malloc(2 * n * 4 + 4), *e2 = malloc(2 * n * 4 + 4);
    for (size_t i = 0; i < 2 * n; i++) x[i] = rnd_float();
    for (size_t i = 0; i < n; i++) dy[i] = rnd_float();
    for (size_t c = 0; c < cols; c++) bias[c] = rnd_float();

    /* bias forward */
    for (size_t i = 0; i < n; i++) s[i] = ref_add(x[i], bias[i % cols]);
    gelu_forward_f32(f, s, e, n);
    float *out = y;
    if (inplace) { memcpy(x2, x, n * 4); out = x2; }
    check(gelu_bias_forward_f32(f, inplace ? x2 : x, bias, out, rows, cols) == GELU_OK,
          "status", "bias_forward_f32", f, rows, cols, 0);
    for (size_t i = 0; i < n; i++)
        check(fbits(out[i]) == fbits(e[i]), "y = composition", "bias_forward_f32", f, rows, cols, i);
    check(canaries_ok(y, 2 * n * 4) && canaries_ok(x2, 2 * n * 4), "canaries",
          "bias_forward_f32", f, rows, cols, 0);

    /* bias backward: dx == x (inplace 1), dx == dy (2), dbias == bias (3) */
    gelu_backward_f32(f, s, dy, e, n);
    memcpy(x2, x, n * 4);
    float *dy2 = malloc(n * 4 + 4), *b2 = malloc(cols * 4 + 4);
    memcpy(dy2, dy, n * 4);
    memcpy(b2, bias, cols * 4);
    float *dx = inplace == 1 ? x2 : inplace == 2 ? dy2 : y;
    float *db = inplace == 3 ? b2 : dbias;
    check(gelu_bias_backward_f32(f, x2, b2, dy2, dx, db, rows, cols) == GELU_OK, "status",
          "bias_backward_f32", f, rows, cols, 0);
    for (size_t i = 0; i < n; i++)
        check(fbits(dx[i]) == fbits(e[i]), "dx = composition", "bias_backward_f32", f, rows, cols, i);
    for (size_t c = 0; c < cols; c++)
        check(fbits(db[c]) == fbits(ref_sum_column(e, rows, cols, c)), "dbias = row-order sum",
              "bias_backward_f32", f, rows, cols, c);
    check(canaries_ok(y, 2 * n * 4) && canaries_ok(dbias, cols * 4), "canaries",
          "bias_backward_f32", f, rows, cols, 0);
    free(dy2);
    free(b2);

    /* GEGLU forward: x is rows x 2cols */
    for (size_t r = 0; r < rows; r++) gelu_forward_f32(f, x + (2 * r + 1) * cols, s + r * cols, cols);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) e[r * cols + c] = ref_mul(x[2 * r * cols + c], s[r * cols + c]);
    check(geglu_forward_f32(f, x, y, rows, cols) == GELU_OK, "status", "geglu_forward_f32", f,
          rows, cols, 0);
    for (size_t i = 0; i < n; i++)
        check(fbits(y[i]) == fbits(e[i]), "y = composition", "geglu_forward_f32", f, rows, cols, i);
    check(canaries_ok(y, 2 * n * 4), "canaries", "geglu_forward_f32", f, rows, cols, 0);

    /* GEGLU backward (s holds f(gate)) */
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            size_t i = r * cols + c;
            e[2 * r * cols + c] = ref_mul(dy[i], s[i]);
            e2[i] = ref_mul(dy[i], x[2 * r * cols + c]); /* g */
        }
    for (size_t r = 0; r < rows; r++)
        gelu_backward_f32(f, x + (2 * r + 1) * cols, e2 + r * cols, e + (2 * r + 1) * cols, cols);
    memcpy(x2, x, 2 * n * 4);
    dx = inplace ? x2 : y;
    check(geglu_backward_f32(f, x2, dy, dx, rows, cols) == GELU_OK, "status",
          "geglu_backward_f32", f, rows, cols, 0);
    for (size_t i = 0; i < 2 * n; i++)
        check(fbits(dx[i]) == fbits(e[i]), "dx = composition", "geglu_backward_f32", f, rows, cols, i);
    check(canaries_ok(y, 2 * n * 4) && canaries_ok(x2, 2 * n * 4), "canaries",
          "geglu_backward_f32", f, rows, cols, 0);

    free_canary(x); free_canary(x2); free_canary(dy); free_canary(bias); free_canary(y);
    free_canary(dbias); free(s); free(e); free(e2);
}

/* ---- 1, 2: bf16 ------------------------------------------------------------------------ */

static void test_bf16(gelu_fn f, size_t rows, size_t cols, int inplace)
{
    size_t n = rows * cols;
    uint16_t *x = alloc_canary(4 * n), *x2 = alloc_canary(4 * n), *dy = alloc_canary(2 * n);
    uint16_t *y = alloc_canary(4 * n), *s = malloc(4 * n + 2), *e = malloc(4 * n + 2),
             *g = malloc(2 * n + 2);
    float *bias = alloc_canary(cols * 4), *dbias = alloc_canary(cols * 4),
          *ef = malloc(n * 4 + 4);
    for (size_t i = 0; i < 2 * n; i++) x[i] = rnd_bf16();
    for (size_t i = 0; i < n; i++) dy[i] = rnd_bf16();
    for (size_t c = 0; c < cols; c++) bias[c] = rnd_float();

    for (size_t i = 0; i < n; i++) s[i] = bf16_of_float(ref_add(widen(x[i]), bias[i % cols]));
    gelu_forward_bf16(f, s, e, n);
    memcpy(x2, x, 2 * n);
    uint16_t *out = inplace == 1 ? x2 : y;
    check(gelu_bias_forward_bf16(f, x2, bias, out, rows, cols) == GELU_OK, "status",
          "bias_forward_bf16", f, rows, cols, 0);
    for (size_t i = 0; i < n; i++)
        check(out[i] == e[i], "y = composition", "bias_forward_bf16", f, rows, cols, i);

    gelu_backward_bf16(f, s, dy, e, n);
    for (size_t i = 0; i < n; i++) ef[i] = widen(e[i]);
    memcpy(x2, x, 2 * n);
    /* dx == x (inplace 1), dx == dy (2), dbias == bias (3) */
    uint16_t *dy2 = malloc(2 * n + 2);
    float *b2 = malloc(cols * 4 + 4);
    memcpy(dy2, dy, 2 * n);
    memcpy(b2, bias, cols * 4);
    uint16_t *dx = inplace == 1 ? x2 : inplace == 2 ? dy2 : y;
    float *db = inplace == 3 ? b2 : dbias;
    check(gelu_bias_backward_bf16(f, x2, b2, dy2, dx, db, rows, cols) == GELU_OK, "status",
          "bias_backward_bf16", f, rows, cols, 0);
    for (size_t i = 0; i < n; i++)
        check(dx[i] == e[i], "dx = composition", "bias_backward_bf16", f, rows, cols, i);
    for (size_t c = 0; c < cols; c++)
        check(fbits(db[c]) == fbits(ref_sum_column(ef, rows, cols, c)),
              "dbias = row-order sum", "bias_backward_bf16", f, rows, cols, c);
    free(dy2);
    free(b2);

    for (size_t r = 0; r < rows; r++) gelu_forward_bf16(f, x + (2 * r + 1) * cols, s + r * cols, cols);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            e[r * cols + c] = ref_mul_bf16(x[2 * r * cols + c], s[r * cols + c]);
    check(geglu_forward_bf16(f, x, y, rows, cols) == GELU_OK, "status", "geglu_forward_bf16", f,
          rows, cols, 0);
    for (size_t i = 0; i < n; i++)
        check(y[i] == e[i], "y = composition", "geglu_forward_bf16", f, rows, cols, i);

    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            size_t i = r * cols + c;
            e[2 * r * cols + c] = ref_mul_bf16(dy[i], s[i]);
            g[i] = ref_mul_bf16(dy[i], x[2 * r * cols + c]);
        }
    for (size_t r = 0; r < rows; r++)
        gelu_backward_bf16(f, x + (2 * r + 1) * cols, g + r * cols, e + (2 * r + 1) * cols, cols);
    memcpy(x2, x, 4 * n);
    dx = inplace == 1 ? x2 : y;
    check(geglu_backward_bf16(f, x2, dy, dx, rows, cols) == GELU_OK, "status",
          "geglu_backward_bf16", f, rows, cols, 0);
    for (size_t i = 0; i < 2 * n; i++)
        check(dx[i] == e[i], "dx = composition", "geglu_backward_bf16", f, rows, cols, i);
    check(canaries_ok(y, 4 * n) && canaries_ok(x2, 4 * n) && canaries_ok(dbias, cols * 4),
          "canaries", "bf16 forms", f, rows, cols, 0);

    free_canary(x); free_canary(x2); free_canary(dy); free_canary(y); free_canary(bias);
    free_canary(dbias); free(s); free(e); free(g); free(ef);
}

/* ---- 3: errors ------------------------------------------------------------------------- */

static void test_errors(void)
{
    float a[64], b[64], c[64], d[64], db[8];
    for (int i = 0; i < 64; i++) a[i] = b[i] = c[i] = d[i] = 1.0f;
    memset(db, 0, sizeof db);
    const gelu_fn bad = (gelu_fn)7;
#define EXPECT(call, code, what) check((call) == (code), what, #call, GELU_ERF, 0, 0, 0)
    EXPECT(gelu_bias_forward_f32(bad, a, b, c, 0, 0), GELU_ERR_ARG, "bad fn before sizes");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, NULL, NULL, NULL, 0, 5), GELU_OK, "rows 0");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, NULL, NULL, NULL, 5, 0), GELU_OK, "cols 0");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, a, NULL, c, 2, 4), GELU_ERR_NULL, "NULL bias");
    EXPECT(gelu_bias_backward_f32(GELU_ERF, a, b, d, c, NULL, 2, 4), GELU_ERR_NULL, "NULL dbias");
    EXPECT(geglu_backward_f32(GELU_ERF, a, NULL, c, 2, 4), GELU_ERR_NULL, "NULL dy");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, a, b, c, SIZE_MAX / 2, 3), GELU_ERR_ARG, "rows*cols overflow");
    EXPECT(geglu_forward_f32(GELU_ERF, a, c, 2, SIZE_MAX / 2 + 1), GELU_ERR_ARG, "2*cols overflow");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, a, b, c, SIZE_MAX / 4 + 1, 1), GELU_ERR_ARG, "bytes overflow");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, a, b, a + 1, 2, 4), GELU_ERR_OVERLAP, "y partly on x");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, a, b, b + 2, 2, 4), GELU_ERR_OVERLAP, "y on bias");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, a, b, b, 2, 4), GELU_ERR_OVERLAP, "y starts at bias, larger");
    EXPECT(gelu_bias_forward_f32(GELU_ERF, a, b, b, 1, 4), GELU_OK, "y == bias, same shape");
    EXPECT(geglu_forward_f32(GELU_ERF, a, a, 2, 4), GELU_ERR_OVERLAP, "geglu y on x");
    EXPECT(geglu_backward_f32(GELU_ERF, a, d, d, 2, 4), GELU_ERR_OVERLAP, "geglu dx on dy");
    EXPECT(gelu_bias_backward_f32(GELU_ERF, a, b, d, c, c + 3, 2, 4), GELU_ERR_OVERLAP, "dbias on dx");
    EXPECT(gelu_bias_backward_f32(GELU_ERF, a, b, d, c, a + 1, 2, 4), GELU_ERR_OVERLAP, "dbias on x");
    EXPECT(gelu_bias_backward_f32(GELU_ERF, a, b, d, c, b, 2, 4), GELU_OK, "dbias == bias");
    uint16_t h[64] = {0}, h2[64] = {0};
    EXPECT(gelu_bias_forward_bf16(GELU_ERF, h, b, h + 3, 2, 4), GELU_ERR_OVERLAP, "bf16 y on x");
    EXPECT(gelu_bias_forward_bf16(GELU_ERF, h, (const float *)(const void *)h2, h2, 1, 4),
           GELU_ERR_OVERLAP, "bf16 y on f32 bias");
    EXPECT(geglu_backward_bf16(bad, h, h2, h, 1, 4), GELU_ERR_ARG, "bf16 bad fn");
    /* the same bytes but not the same array: 2 rows of 4 bf16 are 16 bytes, like 4 floats */
    float fb[8] = {0};
    uint16_t *fb16 = (uint16_t *)(void *)fb;
    EXPECT(gelu_bias_forward_bf16(GELU_ERF, h, fb, fb16, 2, 4), GELU_ERR_OVERLAP,
           "bf16 y on the bytes of bias");
    EXPECT(gelu_bias_backward_bf16(GELU_ERF, h, fb, h2, fb16, db, 2, 4), GELU_ERR_OVERLAP,
           "bf16 dx on the bytes of bias");
    EXPECT(gelu_bias_backward_bf16(GELU_ERF, fb16, b, h2, h, fb, 2, 4), GELU_ERR_OVERLAP,
           "dbias on the bytes of bf16 x");
    EXPECT(gelu_bias_backward_bf16(GELU_ERF, h, b, fb16, h2 + 16, fb, 2, 4), GELU_ERR_OVERLAP,
           "dbias on the bytes of bf16 dy");
#undef EXPECT
    /* nothing written on error */
    float before[64];
    memcpy(before, a, sizeof a);
    (void)gelu_bias_forward_f32(GELU_ERF, a, b, a + 1, 2, 4);
    check(memcmp(before, a, sizeof a) == 0, "nothing written on error", "bias_forward_f32",
          GELU_ERF, 2, 4, 0);
}

/* ---- 4: threads ------------------------------------------------------------------------ */

static void test_thread_counts(void)
{
    size_t rows = 70, cols = 4133, n = rows * cols; /* 2 threads: 2 blocks of columns each */
    float *x = malloc(n * 4), *dy = malloc(n * 4), *b = malloc(cols * 4);
    float *r1 = malloc(n * 4), *r2 = malloc(n * 4), *d1 = malloc(cols * 4), *d2 = malloc(cols * 4);
    for (size_t i = 0; i < n; i++) { x[i] = rnd_float(); dy[i] = rnd_float(); }
    for (size_t c = 0; c < cols; c++) b[c] = rnd_float();
    gelu_set_num_threads(1);
    gelu_bias_backward_f32(GELU_ERF, x, b, dy, r1, d1, rows, cols);
    for (int t = 2; t <= 3; t++) {
        gelu_set_num_threads(t);
        gelu_bias_backward_f32(GELU_ERF, x, b, dy, r2, d2, rows, cols);
        check(memcmp(r1, r2, n * 4) == 0 && memcmp(d1, d2, cols * 4) == 0,
              "same bits for 1 and more threads", "bias_backward_f32", GELU_ERF, rows, cols, 0);
    }
    gelu_set_num_threads(0);
    free(x); free(dy); free(b); free(r1); free(r2); free(d1); free(d2);
}

int main(int argc, char **argv)
{
    int quick = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
        } else {
            fprintf(stderr, "usage: test_fused [--quick]\n");
            return 2;
        }
    }
    static const char *const isas[] = {GELU_ISA_NAMES};
    static const size_t shapes[][2] = {{1, 1}, {1, 17}, {3, 5}, {7, 1000}, {2, 2500},
                                       {64, 33}, {5, 1031}, {300, 260}};
    for (size_t k = sizeof isas / sizeof isas[0]; k-- > 0;) { /* best first */
        if (gelu_set_isa(isas[k]) != GELU_OK) continue;
        g_isa = isas[k];
        for (int f = 0; f < 4; f++)
            for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
                for (int inplace = 0; inplace <= 3; inplace++) {
                    test_f32((gelu_fn)f, shapes[s][0], shapes[s][1], inplace);
                    test_bf16((gelu_fn)f, shapes[s][0], shapes[s][1], inplace);
                }
        if (!quick) /* streaming (src/gelu_loop_policy.h), on every ISA's loops */
            for (int f = 0; f < 4; f++) test_f32((gelu_fn)f, 1024, 4097, f % 2);
    }
    gelu_set_isa("auto");
    g_isa = gelu_isa();
    test_errors();
    test_thread_counts();
    printf("test_fused: %lu checks, %lu failed\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
