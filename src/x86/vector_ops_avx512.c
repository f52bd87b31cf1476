/* vector_ops_avx512.c -- the fused forms' f32 helpers (src/simd/vector_ops_impl.h) built
 * with the AVX-512 flags; copy_stream writes 64-byte lines with non-temporal stores. */
#include <immintrin.h>
#include <stdint.h>

#include "kernels.h"

static void copy_stream_avx512(const float *src, float *dst, size_t n)
{
    size_t i = 0;
    while (i < n && ((uintptr_t)(dst + i) & 63u) != 0) {
        dst[i] = src[i];
        i++;
    }
    for (; i + 16 <= n; i += 16) _mm512_stream_ps(dst + i, _mm512_loadu_ps(src + i));
    for (; i < n; i++) dst[i] = src[i];
}

static void stream_fence_avx512(void) { _mm_sfence(); }

#define GELU_VECTOR_OPS_SUFFIX avx512
#define GELU_VECTOR_COPY_STREAM copy_stream_avx512
#define GELU_VECTOR_STREAM_FENCE stream_fence_avx512
#include "simd/vector_ops_impl.h"
