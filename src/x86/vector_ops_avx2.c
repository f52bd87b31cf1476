/* vector_ops_avx2.c -- the fused forms' f32 helpers (src/simd/vector_ops_impl.h) built with
 * the AVX2 flags; copy_stream writes 32-byte halves of lines with non-temporal stores. */
#include <immintrin.h>
#include <stdint.h>

#include "kernels.h"

static void copy_stream_avx2(const float *src, float *dst, size_t n)
{
    size_t i = 0;
    while (i < n && ((uintptr_t)(dst + i) & 31u) != 0) {
        dst[i] = src[i];
        i++;
    }
    for (; i + 8 <= n; i += 8) _mm256_stream_ps(dst + i, _mm256_loadu_ps(src + i));
    for (; i < n; i++) dst[i] = src[i];
}

static void stream_fence_avx2(void) { _mm_sfence(); }

#define GELU_VECTOR_OPS_SUFFIX avx2
#define GELU_VECTOR_COPY_STREAM copy_stream_avx2
#define GELU_VECTOR_STREAM_FENCE stream_fence_avx2
#include "simd/vector_ops_impl.h"
