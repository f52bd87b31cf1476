/* bench_blocks.c -- the entry points whose work goes through block buffers on the stack
 * (src/half_kernels.c, src/fused_f32.c, src/fused_bf16.c, the correctly rounded f32 kernels):
 * nanoseconds an element, so that a change of block size can be measured.  One thread,
 * 65,536 elements (in cache), inputs N(0,1) (bf16 from the same floats), median of --reps
 * batches of calls.  Run pinned: taskset -c 1 build/bench/bench_blocks [--isa NAME]. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gelu.h"
#include "bench_timing.h"

enum { ROWS = 64, COLS = 1024, N = ROWS * COLS };
static float fx[2 * N], fdy[N], fout[2 * N], bias[COLS], dbias[COLS];
static uint16_t hx[2 * N], hdy[N], hout[2 * N];


static void run(int k)
{
    switch (k) {
    case 0: gelu_forward_bf16(GELU_ERF, hx, hout, N); break;
    case 1: gelu_forward_f16(GELU_ERF, hx, hout, N); break;
    case 2: gelu_backward_bf16(GELU_ERF, hx, hdy, hout, N); break;
    case 3: gelu_backward_f16(GELU_ERF, hx, hdy, hout, N); break;
    case 4: gelu_forward_cr_f32(GELU_ERF, fx, fout, N); break;
    case 5: gelu_bias_forward_f32(GELU_ERF, fx, bias, fout, ROWS, COLS); break;
    case 6: gelu_bias_backward_f32(GELU_ERF, fx, bias, fdy, fout, dbias, ROWS, COLS); break;
    case 7: geglu_backward_f32(GELU_ERF, fx, fdy, fout, ROWS, COLS); break;
    case 8: gelu_bias_forward_bf16(GELU_ERF, hx, bias, hout, ROWS, COLS); break;
    case 9: gelu_bias_backward_bf16(GELU_ERF, hx, bias, hdy, hout, dbias, ROWS, COLS); break;
    case 10: geglu_forward_bf16(GELU_ERF, hx, hout, ROWS, COLS); break;
    default: geglu_backward_bf16(GELU_ERF, hx, hdy, hout, ROWS, COLS); break;
    }
}

int main(int argc, char **argv)
{
    static const char *const names[] = {
        "gelu_forward_bf16", "gelu_forward_f16", "gelu_backward_bf16", "gelu_backward_f16",
        "gelu_forward_cr_f32", "gelu_bias_forward_f32", "gelu_bias_backward_f32",
        "geglu_backward_f32", "gelu_bias_forward_bf16", "gelu_bias_backward_bf16",
        "geglu_forward_bf16", "geglu_backward_bf16"};
    int reps = 31;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--isa") == 0) {
            if (gelu_set_isa(argv[++i]) != GELU_OK) return 2;
        } else if (i + 1 < argc && strcmp(argv[i], "--reps") == 0) {
            reps = atoi(argv[++i]);
        } else {
            printf("usage: bench_blocks [--isa NAME] [--reps R (1..101)]\n");
            return strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    if (reps < 1 || reps > 101) return 2;
    gelu_set_num_threads(1);
    /* N(0,1) by Box-Muller on a xorshift stream; bf16 = the float's top half */
    unsigned long long s = 88172645463325252ull;
    for (size_t i = 0; i < 2 * N; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        double u1 = ((double)(s >> 11) + 1.0) * 0x1p-53, u2 = (double)((s >> 3) & 0xffff) / 65536.0;
        fx[i] = (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
        uint32_t b;
        memcpy(&b, &fx[i], sizeof b);
        hx[i] = (uint16_t)(b >> 16);
        if (i < N) { fdy[i] = fx[i] * 0.5f; hdy[i] = (uint16_t)((b >> 16) ^ 0x8000u); }
        if (i < COLS) bias[i] = 0.01f * (float)(i % 13);
    }
    printf("# bench_blocks: isa %s, 1 thread, %d elements, median of %d\n", gelu_isa(), N, reps);
    printf("| function | ns/element |\n|---|---|\n");
    for (int k = 0; k < 12; k++) {
        double ts[101];
        run(k);
        for (int r = 0; r < reps; r++) {
            double t0 = bench_now_seconds();
            for (int q = 0; q < 8; q++) run(k);
            ts[r] = (bench_now_seconds() - t0) / 8 / N;
        }
        qsort(ts, (size_t)reps, sizeof ts[0], bench_compare_doubles);
        printf("| %s | %.3f |\n", names[k], ts[reps / 2] * 1e9);
        fflush(stdout);
    }
    return 0;
}
