/* limits_avx2.c -- the streaming kernels of limits.c with AVX2 (built with -mavx2 only
 * where the compiler takes it; called only on CPUs that have AVX2). */
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "bench.h"

void bench_stream_avx2(bench_stream_kind kind, const float *x, const float *z, float *y,
                       size_t n)
{
    const int nt = kind == BENCH_STREAM_AXPB_NT || kind == BENCH_STREAM_AXPZ_NT;
    const int two = kind == BENCH_STREAM_AXPZ || kind == BENCH_STREAM_AXPZ_NT;
    const __m256 va = _mm256_set1_ps(BENCH_A), vb = _mm256_set1_ps(BENCH_B);
    size_t i = 0;
    /* Scalar head up to a 32-byte aligned y, so that the stores can stream. */
    while (i < n && ((uintptr_t)(y + i) & 31u) != 0) {
        y[i] = BENCH_A * x[i] + (two ? z[i] : BENCH_B);
        i++;
    }
    if (two) {
        for (; i + 16 <= n; i += 16) {
            __m256 r0 = _mm256_add_ps(_mm256_mul_ps(va, _mm256_loadu_ps(x + i)),
                                      _mm256_loadu_ps(z + i));
            __m256 r1 = _mm256_add_ps(_mm256_mul_ps(va, _mm256_loadu_ps(x + i + 8)),
                                      _mm256_loadu_ps(z + i + 8));
            if (nt) {
                _mm256_stream_ps(y + i, r0);
                _mm256_stream_ps(y + i + 8, r1);
            } else {
                _mm256_store_ps(y + i, r0);
                _mm256_store_ps(y + i + 8, r1);
            }
        }
    } else {
        for (; i + 16 <= n; i += 16) {
            __m256 r0 = _mm256_add_ps(_mm256_mul_ps(va, _mm256_loadu_ps(x + i)), vb);
            __m256 r1 = _mm256_add_ps(_mm256_mul_ps(va, _mm256_loadu_ps(x + i + 8)), vb);
            if (nt) {
                _mm256_stream_ps(y + i, r0);
                _mm256_stream_ps(y + i + 8, r1);
            } else {
                _mm256_store_ps(y + i, r0);
                _mm256_store_ps(y + i + 8, r1);
            }
        }
    }
    for (; i < n; i++) y[i] = BENCH_A * x[i] + (two ? z[i] : BENCH_B);
    if (nt) _mm_sfence();
}
