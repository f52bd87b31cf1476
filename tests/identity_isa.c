/* identity_isa.c -- every SIMD ISA this machine runs gives the same bits as the portable
 * kernels: all 2^32 f32 inputs of each form, forward and backward (dy = 1, so the bits of
 * f'(x) are compared), then 2^24 sampled (x, dy) pairs with random dy (NaN and inf
 * included) for the backward product, 2^22 sampled f64 inputs each way, and f32 arrays of
 * 2^22 + 37 elements with an unaligned output (the streaming-store loops).
 * Calls the kernel tables directly (src/kernels.h), so that several threads can compare
 * several ISAs without touching the process-wide choice.
 *
 *   identity_isa [--quick] [--threads N]      (--quick: every 251st f32 bit pattern)
 * Exit 0 when identical (or when no SIMD ISA runs here), 1 at the first difference. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isa.h"
#include "kernels.h"

#define CHUNK 65536u

static const char *const fn_names[] = {"erf", "tanh", "sigmoid", "relu"};
static const char *const simd_names[] = {"avx512", "avx2", "neon"};

typedef struct job {
    const gelu_kernel_table *tables[3];
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
            for (int dir = 0; dir < 2; dir++) {
                if (dir == 0)
                    gelu_scalar_kernels.forward_f32[f](x, ref, n);
                else
                    gelu_scalar_kernels.backward_f32[f](x, ones, ref, n);
                for (int t = 0; t < jb->ntables; t++) {
                    if (dir == 0)
                        jb->tables[t]->forward_f32[f](x, got, n);
                    else
                        jb->tables[t]->backward_f32[f](x, ones, got, n);
                    for (size_t i = 0; i < n; i++) {
                        if (bits_f32(ref[i]) != bits_f32(got[i])) {
                            char msg[256];
                            snprintf(msg, sizeof msg,
                                     "%s %s f32 %s: x = 0x%08x (%a): scalar 0x%08x, %s 0x%08x",
                                     jb->tables[t]->isa, fn_names[f],
                                     dir ? "backward" : "forward", bits_f32(x[i]),
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

/* Random (x, dy) pairs for the backward product, and f64 samples. */
static int check_samples(const gelu_kernel_table *t)
{
    enum { N = 4096 };
    static float x[N], dy[N], ref[N], got[N];
    static double xd[N], dyd[N], refd[N], gotd[N];
    uint64_t s = 12345;
    for (int round = 0; round < (1 << 24) / N; round++) {
        for (int i = 0; i < N; i++) {
            uint64_t r = next_random(&s);
            x[i] = f32_bits((uint32_t)(r >> 32));
            dy[i] = f32_bits((uint32_t)r);
        }
        for (int f = 0; f < GELU_FN_COUNT; f++) {
            gelu_scalar_kernels.backward_f32[f](x, dy, ref, N);
            t->backward_f32[f](x, dy, got, N);
            for (int i = 0; i < N; i++)
                if (bits_f32(ref[i]) != bits_f32(got[i])) {
                    printf("FAIL %s %s f32 backward: x = 0x%08x, dy = 0x%08x: scalar 0x%08x, "
                           "0x%08x\n", t->isa, fn_names[f], bits_f32(x[i]), bits_f32(dy[i]),
                           bits_f32(ref[i]), bits_f32(got[i]));
                    return 1;
                }
        }
    }
    for (int round = 0; round < (1 << 22) / N; round++) {
        for (int i = 0; i < N; i++) {
            uint64_t r = next_random(&s);
            /* half raw bit patterns, half values in [-40, 40] */
            xd[i] = (r & 1) ? f64_bits(next_random(&s))
                            : ((double)(r >> 11) * 0x1p-53 - 0.5) * 80.0;
            dyd[i] = f64_bits(next_random(&s));
        }
        for (int f = 0; f < GELU_FN_COUNT; f++) {
            for (int dir = 0; dir < 2; dir++) {
                if (dir == 0) {
                    gelu_scalar_kernels.forward_f64[f](xd, refd, N);
                    t->forward_f64[f](xd, gotd, N);
                } else {
                    gelu_scalar_kernels.backward_f64[f](xd, dyd, refd, N);
                    t->backward_f64[f](xd, dyd, gotd, N);
                }
                for (int i = 0; i < N; i++)
                    if (bits_f64(refd[i]) != bits_f64(gotd[i])) {
                        printf("FAIL %s %s f64 %s: x = %a\n", t->isa, fn_names[f],
                               dir ? "backward" : "forward", xd[i]);
                        return 1;
                    }
            }
        }
    }
    return 0;
}

/* Arrays long enough for the kernels' streaming-store loops (src/x86/gelu_loop_avx512.h:
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
        for (int dir = 0; dir < 2 && !failed; dir++) {
            float *r = ref + 1, *g = got + 1; /* 4 bytes past malloc's alignment */
            if (dir == 0) {
                gelu_scalar_kernels.forward_f32[f](x, r, n);
                t->forward_f32[f](x, g, n);
            } else {
                gelu_scalar_kernels.backward_f32[f](x, dy, r, n);
                t->backward_f32[f](x, dy, g, n);
            }
            for (size_t i = 0; i < n; i++)
                if (bits_f32(r[i]) != bits_f32(g[i])) {
                    printf("FAIL %s %s f32 %s, n = %zu, i = %zu: x = 0x%08x\n", t->isa,
                           fn_names[f], dir ? "backward" : "forward", n, i, bits_f32(x[i]));
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

int main(int argc, char **argv)
{
    job jb;
    memset(&jb, 0, sizeof jb);
    jb.stride = 1;
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            jb.stride = 251;
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads = strtol(argv[++i], NULL, 10);
        } else {
            printf("usage: identity_isa [--quick] [--threads N]\n"
                   "Compares every SIMD ISA this CPU runs with the portable kernels, bit for "
                   "bit.\n");
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (threads < 1 || threads > 64) threads = 2;
    for (size_t k = 0; k < sizeof simd_names / sizeof simd_names[0]; k++) {
        const gelu_kernel_table *t = gelu_arch_kernels(simd_names[k]);
        if (t != NULL) jb.tables[jb.ntables++] = t;
    }
    if (jb.ntables == 0) {
        printf("identity_isa: no SIMD ISA runs on this CPU or build; nothing to compare\n");
        return 0;
    }
    printf("identity_isa: comparing with scalar:");
    for (int t = 0; t < jb.ntables; t++) printf(" %s", jb.tables[t]->isa);
    printf(" (%s f32 inputs, %ld threads)\n", jb.stride == 1 ? "all 2^32" : "every 251st",
           threads);
    fflush(stdout);
    uint64_t inputs = 0xffffffffull / jb.stride + 1;
    jb.chunks = (inputs + CHUNK - 1) / CHUNK;
    pthread_mutex_init(&jb.lock, NULL);
    pthread_t tid[64];
    for (long t = 0; t < threads; t++) pthread_create(&tid[t], NULL, worker, &jb);
    for (long t = 0; t < threads; t++) pthread_join(tid[t], NULL);
    if (jb.failed) {
        printf("FAIL %s\n", jb.message);
        return 1;
    }
    printf("f32, every form, forward and backward (dy = 1): identical\n");
    for (int t = 0; t < jb.ntables; t++) {
        if (check_samples(jb.tables[t])) return 1;
        printf("%s: 2^24 random (x, dy) f32 and 2^22 f64 samples each way: identical\n",
               jb.tables[t]->isa);
        if (check_large_arrays(jb.tables[t])) return 1;
        printf("%s: f32 arrays of 2^22 + 37 elements, unaligned output: identical\n",
               jb.tables[t]->isa);
    }
    return 0;
}
