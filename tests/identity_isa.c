/* identity_isa.c -- every SIMD ISA this machine runs gives the same bits as the portable
 * kernels: all 2^32 f32 inputs of each form, forward, backward (dy = 1, so the bits of
 * f'(x) are compared) and correctly rounded forward (gelu_forward_cr_f32), then 2^24 sampled (x, dy) pairs with random dy (NaN and inf
 * included) for the backward product; f32 arrays of 2^22 + 37 elements with an unaligned
 * output (the streaming-store loops); then f64 (check_f64): 2^22 random bit patterns and
 * values in [-40, 40] with random dy, 2^22 uniform in [-45, 45] and 2^22 in [-2, 2] (dy = 1,
 * so the bits of f'(x) are compared), +-64 ulps around every breakpoint of the f64 code
 * (piece boundaries, clamps, the zeros of f'), every power of two +-2 ulps, special values
 * (NaN payloads, +-0, +-inf, subnormals), in calls of an odd length (vector remainders),
 * and every n from 0 to 40 at 4 offsets (nothing written outside [0, n)).
 * Calls the kernel tables directly (src/kernels.h), so that several threads can compare
 * several ISAs without touching the process-wide choice.
 *
 *   identity_isa [--quick] [--f64] [--threads N]
 *     --quick: every 251st f32 bit pattern; --f64: the f64 part only (seconds natively; for
 *     a cross build under an emulator, which the f32 part would take hours under)
 * Exit 0 when identical (or when no SIMD ISA runs here), 1 at the first difference. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isa.h"
#include "kernels.h"

#define CHUNK 65536u

static const char *const fn_names[] = {GELU_FORM_NAMES};
static const char *const isa_names[] = {GELU_ISA_NAMES};
static const char *const dir_names[] = {"forward", "backward", "cr forward"};

typedef struct job {
    const gelu_kernel_table *tables[sizeof isa_names / sizeof isa_names[0]];
    int ntables;
    uint32_t stride;
    uint64_t chunks;
    uint64_t next;
    pthread_mutex_t lock;
    int failed;
    char message[256];
} job;

static uint32_t bits_f32(float x) { uint32_t u; memcpy(&u, &x, sizeof u); return u; }
static float f32_bits(uint32_t u) { float x; memcpy(&x, &u, sizeof x); return x; }
static uint64_t bits_f64(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
static double f64_bits(uint64_t u) { double x; memcpy(&x, &u, sizeof x); return x; }

static void report(job *jb, const char *msg)
{
    pthread_mutex_lock(&jb->lock);
    if (!jb->failed) {
        jb->failed = 1;
        snprintf(jb->message, sizeof jb->message, "%s", msg);
    }
    pthread_mutex_unlock(&jb->lock);
}

static void *worker(void *arg)
{
    job *jb = arg;
    float *x = malloc(CHUNK * sizeof *x), *ones = malloc(CHUNK * sizeof *ones);
    float *ref = malloc(CHUNK * sizeof *ref), *got = malloc(CHUNK * sizeof *got);
    if (!x || !ones || !ref || !got) {
        fprintf(stderr, "identity_isa: out of memory\n");
        exit(2);
    }
    for (uint32_t i = 0; i < CHUNK; i++) ones[i] = 1.0f;
    for (;;) {
        pthread_mutex_lock(&jb->lock);
        uint64_t c = jb->next++;
        int stop = jb->failed;
        pthread_mutex_unlock(&jb->lock);
        if (stop || c >= jb->chunks) break;
        size_t n = 0;
        for (uint64_t i = 0; i < CHUNK; i++) {
            uint64_t b = (c * CHUNK + i) * jb->stride;
            if (b > 0xffffffffu) break;
            x[n++] = f32_bits((uint32_t)b);
        }
        for (int f = 0; f < GELU_FN_COUNT; f++) {
            for (int dir = 0; dir < 3; dir++) {
                if (dir == 0)
                    gelu_scalar_kernels.forward_f32[f](x, ref, n);
                else if (dir == 1)
                    gelu_scalar_kernels.backward_f32[f](x, ones, ref, n);
                else
                    gelu_scalar_kernels.forward_cr_f32[f](x, ref, n);
                for (int t = 0; t < jb->ntables; t++) {
                    if (dir == 0)
                        jb->tables[t]->forward_f32[f](x, got, n);
                    else if (dir == 1)
                        jb->tables[t]->backward_f32[f](x, ones, got, n);
                    else
                        jb->tables[t]->forward_cr_f32[f](x, got, n);
                    for (size_t i = 0; i < n; i++) {
                        if (bits_f32(ref[i]) != bits_f32(got[i])) {
                            char msg[256];
                            snprintf(msg, sizeof msg,
                                     "%s %s f32 %s: x = 0x%08x (%a): scalar 0x%08x, %s 0x%08x",
                                     jb->tables[t]->isa, fn_names[f],
                                     dir_names[dir], bits_f32(x[i]),
                                     (double)x[i], bits_f32(ref[i]), jb->tables[t]->isa,
                                     bits_f32(got[i]));
                            report(jb, msg);
                            break;
                        }
                    }
                }
            }
        }
    }
    free(x);
    free(ones);
    free(ref);
    free(got);
    return NULL;
}

static uint64_t next_random(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s;
}

/* Random (x, dy) pairs for the f32 backward product, and the same x forward: x random bits
 * in odd rounds, uniform in [-16, 16] in even ones, so that fast, tail and settled lanes mix
 * in every vector and block (the block loops of src/x86/gelu_loop_avx512.h), in calls whose
 * lengths cut blocks and vectors anywhere. */
static int check_samples(const gelu_kernel_table *t)
{
    enum { N = 4096 };
    static float x[N], dy[N], ref[N], got[N];
    uint64_t s = 12345;
    for (int round = 0; round < (1 << 24) / N; round++) {
        size_t n = N - (size_t)(round % 300);
        for (int i = 0; i < N; i++) {
            uint64_t r = next_random(&s);
            x[i] = (round & 1) ? f32_bits((uint32_t)(r >> 32))
                               : (float)(((double)(r >> 11) * 0x1p-53 - 0.5) * 32.0);
            dy[i] = f32_bits((uint32_t)r);
        }
        for (int f = 0; f < GELU_FN_COUNT; f++) {
            for (int dir = 0; dir < 2; dir++) {
                if (dir == 0) {
                    gelu_scalar_kernels.forward_f32[f](x, ref, n);
                    t->forward_f32[f](x, got, n);
                } else {
                    gelu_scalar_kernels.backward_f32[f](x, dy, ref, n);
                    t->backward_f32[f](x, dy, got, n);
                }
                for (size_t i = 0; i < n; i++)
                    if (bits_f32(ref[i]) != bits_f32(got[i])) {
                        printf("FAIL %s %s f32 %s (n = %zu): x = 0x%08x, dy = 0x%08x: scalar "
                               "0x%08x, 0x%08x\n", t->isa, fn_names[f], dir_names[dir], n,
                               bits_f32(x[i]), bits_f32(dy[i]), bits_f32(ref[i]),
                               bits_f32(got[i]));
                        return 1;
                    }
            }
        }
    }
    return 0;
}

/* ---- f64 --------------------------------------------------------------------------- */
#define N64 4093 /* odd: every call ends in a vector remainder */

/* The inputs x[0 .. n) (n <= N64) and dy through every table, every form and direction,
 * against the scalar kernels. */
static int compare_f64(const gelu_kernel_table *const *tables, int ntables, const double *x,
                       const double *dy, size_t n, const char *set)
{
    static double ref[N64], got[N64];
    for (int f = 0; f < GELU_FN_COUNT; f++) {
        for (int dir = 0; dir < 2; dir++) {
            if (dir == 0)
                gelu_scalar_kernels.forward_f64[f](x, ref, n);
            else
                gelu_scalar_kernels.backward_f64[f](x, dy, ref, n);
            for (int t = 0; t < ntables; t++) {
                if (dir == 0)
                    tables[t]->forward_f64[f](x, got, n);
                else
                    tables[t]->backward_f64[f](x, dy, got, n);
                for (size_t i = 0; i < n; i++)
                    if (bits_f64(ref[i]) != bits_f64(got[i])) {
                        printf("FAIL %s %s f64 %s (%s): x = 0x%016llx (%a), dy = %a: scalar "
                               "0x%016llx, %s 0x%016llx\n", tables[t]->isa, fn_names[f],
                               dir ? "backward" : "forward", set,
                               (unsigned long long)bits_f64(x[i]), x[i], dy[i],
                               (unsigned long long)bits_f64(ref[i]), tables[t]->isa,
                               (unsigned long long)bits_f64(got[i]));
                        return 1;
                    }
            }
        }
    }
    return 0;
}

/* Arrays long enough for the kernels' streaming-store loops (src/gelu_loop_policy.h:
 * n >= 2^22), with outputs not 64-byte aligned, so the head, the streamed body and the tail
 * are all compared. */
static int check_large_arrays(const gelu_kernel_table *t)
{
    const size_t n = ((size_t)1 << 22) + 37;
    float *x = malloc(n * sizeof *x), *dy = malloc(n * sizeof *dy);
    float *ref = malloc((n + 1) * sizeof *ref), *got = malloc((n + 1) * sizeof *got);
    if (!x || !dy || !ref || !got) {
        printf("identity_isa: out of memory\n");
        return 1;
    }
    uint64_t s = 777;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next_random(&s);
        x[i] = (r & 1) ? f32_bits((uint32_t)(r >> 32))
                       : (float)(((double)(r >> 11) * 0x1p-53 - 0.5) * 28.0);
        dy[i] = (float)((double)(next_random(&s) >> 11) * 0x1p-53 - 0.5);
    }
    int failed = 0;
    for (int f = 0; f < GELU_FN_COUNT && !failed; f++) {
        for (int dir = 0; dir < 3 && !failed; dir++) {
            float *r = ref + 1, *g = got + 1; /* 4 bytes past malloc's alignment */
            if (dir == 0) {
                gelu_scalar_kernels.forward_f32[f](x, r, n);
                t->forward_f32[f](x, g, n);
            } else if (dir == 2) {
                gelu_scalar_kernels.forward_cr_f32[f](x, r, n);
                t->forward_cr_f32[f](x, g, n);
            } else {
                gelu_scalar_kernels.backward_f32[f](x, dy, r, n);
                t->backward_f32[f](x, dy, g, n);
            }
            for (size_t i = 0; i < n; i++)
                if (bits_f32(r[i]) != bits_f32(g[i])) {
                    printf("FAIL %s %s f32 %s, n = %zu, i = %zu: x = 0x%08x\n", t->isa,
                           fn_names[f], dir_names[dir], n, i, bits_f32(x[i]));
                    failed = 1;
                    break;
                }
        }
    }
    free(x);
    free(dy);
    free(ref);
    free(got);
    return failed;
}

/* Collects inputs and compares them a full buffer at a time. */
typedef struct f64_batch {
    const gelu_kernel_table *const *tables;
    int ntables;
    const char *set;
    double x[N64], dy[N64];
    size_t n;
    int failed;
} f64_batch;

static void batch_flush(f64_batch *b)
{
    if (b->n > 0 && !b->failed) b->failed = compare_f64(b->tables, b->ntables, b->x, b->dy, b->n, b->set);
    b->n = 0;
}

static void batch_add(f64_batch *b, double x, double dy)
{
    b->x[b->n] = x;
    b->dy[b->n] = dy;
    if (++b->n == N64) batch_flush(b);
}

/* x and the k doubles on either side of it (along the bit patterns of |x|) */
static void batch_around(f64_batch *b, double x, int k)
{
    uint64_t u = bits_f64(x);
    for (int d = -k; d <= k; d++) {
        uint64_t mag = u & 0x7fffffffffffffffu;
        if ((d < 0 && mag < (uint64_t)-d) || mag + (uint64_t)(d > 0 ? d : 0) > 0x7ff0000000000000u)
            continue;
        batch_add(b, f64_bits((u & 0x8000000000000000u) | (uint64_t)((int64_t)mag + d)), 1.0);
    }
}

/* The x where A x + B x^3 (the tanh form's v) reaches 1300: exp_core's clamp. */
static double tanh_v_clamp(void)
{
    const double a = 1.5957691216057308, b = a * 0.044715;
    double x = 26.0;
    for (int i = 0; i < 50; i++) x -= (a * x + b * x * x * x - 1300.0) / (a + 3.0 * b * x * x);
    return x;
}

/* Every n from 0 to 40 at offsets 0..3: the same bits as scalar, and nothing written
 * outside [0, n). */
static int check_f64_lengths(const gelu_kernel_table *const *tables, int ntables)
{
    enum { M = 48 };
    double x[M], dy[M], ref[M], got[M];
    uint64_t s = 777;
    for (int i = 0; i < M; i++) {
        x[i] = ((double)(next_random(&s) >> 11) * 0x1p-53 - 0.5) * 12.0;
        dy[i] = 1.0 + (double)i;
    }
    for (int t = 0; t < ntables; t++)
        for (int f = 0; f < GELU_FN_COUNT; f++)
            for (int dir = 0; dir < 2; dir++)
                for (size_t off = 0; off < 4; off++)
                    for (size_t n = 0; n <= 40; n++) {
                        for (int i = 0; i < M; i++) ref[i] = got[i] = -12345.0;
                        if (dir == 0) {
                            gelu_scalar_kernels.forward_f64[f](x + off, ref + off, n);
                            tables[t]->forward_f64[f](x + off, got + off, n);
                        } else {
                            gelu_scalar_kernels.backward_f64[f](x + off, dy + off, ref + off, n);
                            tables[t]->backward_f64[f](x + off, dy + off, got + off, n);
                        }
                        if (memcmp(ref, got, sizeof ref) != 0) {
                            printf("FAIL %s %s f64 %s: n = %zu at offset %zu differs from scalar "
                                   "or writes outside [0, n)\n", tables[t]->isa, fn_names[f],
                                   dir ? "backward" : "forward", n, off);
                            return 1;
                        }
                    }
    return 0;
}

static int check_f64(const gelu_kernel_table *const *tables, int ntables)
{
    static f64_batch b;
    b.tables = tables;
    b.ntables = ntables;
    uint64_t s = 4242;

    b.set = "random bits and [-40, 40], random dy";
    for (int i = 0; i < (1 << 22); i++) {
        uint64_t r = next_random(&s);
        double x = (r & 1) ? f64_bits(next_random(&s)) : ((double)(r >> 11) * 0x1p-53 - 0.5) * 80.0;
        batch_add(&b, x, f64_bits(next_random(&s)));
    }
    batch_flush(&b);
    b.set = "uniform [-45, 45]";
    for (int i = 0; i < (1 << 22); i++)
        batch_add(&b, ((double)(next_random(&s) >> 11) * 0x1p-53 - 0.5) * 90.0, 1.0);
    batch_flush(&b);
    b.set = "uniform [-2, 2]";
    for (int i = 0; i < (1 << 22); i++)
        batch_add(&b, ((double)(next_random(&s) >> 11) * 0x1p-53 - 0.5) * 4.0, 1.0);
    batch_flush(&b);

    b.set = "breakpoints";
    const double breaks[] = {
        0.25, 0.5, 0.5625, 0.75, 0.875, 1.0, 1.1875, 1.5, 2.0, 4.0, 8.0, 16.0, 32.0, 40.0,
        64.0, 800.0, 1300.0 / 1.702, tanh_v_clamp(),
        0x1.80ead197f00b4p-1, 0x1.81429f9e97e4dp-1, 0x1.80974a62be3dfp-1, /* |x0| of f' */
        37.5, 38.5, 26.5, 27.5, 0x1p-26, 0x1p-27, 0x1p-511, 0x1p-537, 0x1p-1022,
    };
    for (size_t i = 0; i < sizeof breaks / sizeof breaks[0]; i++) {
        batch_around(&b, breaks[i], 64);
        batch_around(&b, -breaks[i], 64);
    }
    batch_flush(&b);
    b.set = "powers of two, special values";
    for (int e = -1074; e <= 1023; e++) {
        batch_around(&b, ldexp(1.0, e), 2);
        batch_around(&b, -ldexp(1.0, e), 2);
    }
    const uint64_t specials[] = {
        0x0000000000000000u, 0x8000000000000000u, 0x7ff0000000000000u, 0xfff0000000000000u,
        0x7ff8000000000000u, 0xfff8000000000000u, 0x7ff0000000000001u, 0xfff4000000000123u,
        0x7ffc0000deadbeefu, 0x7fffffffffffffffu, 0xffffffffffffffffu, 0x0000000000000001u,
        0x800fffffffffffffu, 0x7fefffffffffffffu, 0xffefffffffffffffu, 0x0010000000000000u,
    };
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++)
        for (size_t j = 0; j < sizeof specials / sizeof specials[0]; j++)
            batch_add(&b, f64_bits(specials[i]), j % 4 == 0 ? 1.0 : f64_bits(specials[j]));
    batch_flush(&b);
    if (b.failed) return 1;
    return check_f64_lengths(tables, ntables);
}

/* The f32 part: every input (or every stride-th) in threads, then the random (x, dy) pairs. */
static int check_f32(job *jb, long threads)
{
    printf(" (%s f32 inputs, %ld threads)\n", jb->stride == 1 ? "all 2^32" : "every 251st",
           threads);
    fflush(stdout);
    uint64_t inputs = 0xffffffffull / jb->stride + 1;
    jb->chunks = (inputs + CHUNK - 1) / CHUNK;
    pthread_mutex_init(&jb->lock, NULL);
    pthread_t tid[64];
    for (long t = 0; t < threads; t++) pthread_create(&tid[t], NULL, worker, jb);
    for (long t = 0; t < threads; t++) pthread_join(tid[t], NULL);
    if (jb->failed) {
        printf("FAIL %s\n", jb->message);
        return 1;
    }
    printf("f32, every form, forward, backward (dy = 1) and correctly rounded forward: identical\n");
    for (int t = 0; t < jb->ntables; t++) {
        if (check_samples(jb->tables[t])) return 1;
        printf("%s: 2^24 random x forward and (x, dy) backward f32: identical\n", jb->tables[t]->isa);
        if (check_large_arrays(jb->tables[t])) return 1;
        printf("%s: f32 arrays of 2^22 + 37 elements, unaligned output: identical\n",
               jb->tables[t]->isa);
    }
    return 0;
}

int main(int argc, char **argv)
{
    job jb;
    memset(&jb, 0, sizeof jb);
    jb.stride = 1;
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    int f64_only = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            jb.stride = 251;
        } else if (strcmp(argv[i], "--f64") == 0) {
            f64_only = 1;
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads = strtol(argv[++i], NULL, 10);
        } else {
            printf("usage: identity_isa [--quick] [--f64] [--threads N]\n"
                   "Compares every SIMD ISA this CPU runs with the portable kernels, bit for "
                   "bit.\n");
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (threads < 1 || threads > 64) threads = 2;
    /* Best first: the list backwards; gelu_arch_kernels has no table for "scalar". */
    for (size_t k = sizeof isa_names / sizeof isa_names[0]; k-- > 0;) {
        const gelu_kernel_table *t = gelu_arch_kernels(isa_names[k]);
        if (t != NULL) jb.tables[jb.ntables++] = t;
    }
    if (jb.ntables == 0) {
        printf("identity_isa: no SIMD ISA runs on this CPU or build; nothing to compare\n");
        return 0;
    }
    printf("identity_isa: comparing with scalar:");
    for (int t = 0; t < jb.ntables; t++) printf(" %s", jb.tables[t]->isa);
    if (f64_only)
        printf(" (f64 only)\n");
    else if (check_f32(&jb, threads))
        return 1;
    if (check_f64(jb.tables, jb.ntables)) return 1;
    printf("f64, every form, forward and backward: random, dense [-45, 45] and [-2, 2], "
           "breakpoints, powers of two, special values, every n to 40: identical\n");
    return 0;
}
