/* limits_avx512.c -- the streaming kernels of limits.c with AVX-512F (built with -mavx512f
 * only where the compiler takes it; called only on CPUs that have AVX-512F). */
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "bench.h"

void bench_stream_avx512(bench_stream_kind kind, const float *x, const float *z, float *y,
                         size_t n)
{
    const int nt = kind == BENCH_STREAM_AXPB_NT || kind == BENCH_STREAM_AXPZ_NT;
    const int two = kind == BENCH_STREAM_AXPZ || kind == BENCH_STREAM_AXPZ_NT;
    const __m512 va = _mm512_set1_ps(BENCH_A), vb = _mm512_set1_ps(BENCH_B);
    size_t i = 0;
    /* Scalar head up to a 64-byte aligned y, so that the stores can stream. */
    while (i < n && ((uintptr_t)(y + i) & 63u) != 0) {
        y[i] = BENCH_A * x[i] + (two ? z[i] : BENCH_B);
        i++;
    }
    if (two) {
        for (; i + 32 <= n; i += 32) {
            __m512 r0 = _mm512_add_ps(_mm512_mul_ps(va, _mm512_loadu_ps(x + i)),
                                      _mm512_loadu_ps(z + i));
            __m512 r1 = _mm512_add_ps(_mm512_mul_ps(va, _mm512_loadu_ps(x + i + 16)),
                                      _mm512_loadu_ps(z + i + 16));
            if (nt) {
                _mm512_stream_ps(y + i, r0);
                _mm512_stream_ps(y + i + 16, r1);
            } else {
                _mm512_store_ps(y + i, r0);
                _mm512_store_ps(y + i + 16, r1);
            }
        }
    } else {
        for (; i + 32 <= n; i += 32) {
            __m512 r0 = _mm512_add_ps(_mm512_mul_ps(va, _mm512_loadu_ps(x + i)), vb);
            __m512 r1 = _mm512_add_ps(_mm512_mul_ps(va, _mm512_loadu_ps(x + i + 16)), vb);
            if (nt) {
                _mm512_stream_ps(y + i, r0);
                _mm512_stream_ps(y + i + 16, r1);
            } else {
                _mm512_store_ps(y + i, r0);
                _mm512_store_ps(y + i + 16, r1);
            }
        }
    }
    for (; i < n; i++) y[i] = BENCH_A * x[i] + (two ? z[i] : BENCH_B);
    if (nt) _mm_sfence();
}
