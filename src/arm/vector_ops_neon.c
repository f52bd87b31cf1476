/* vector_ops_neon.c -- the fused forms' f32 helpers (src/simd/vector_ops_impl.h) for NEON
 * (AArch64's baseline, so the compiler's vectorisation is NEON); copy_stream is memcpy. */
#include <string.h>

#include "kernels.h"

static void copy_plain_neon(const float *src, float *dst, size_t n)
{
    memcpy(dst, src, n * sizeof *src);
}

#define GELU_VECTOR_OPS_SUFFIX neon
static void no_fence_neon(void) {}

#define GELU_VECTOR_COPY_STREAM copy_plain_neon
#define GELU_VECTOR_STREAM_FENCE no_fence_neon
#include "simd/vector_ops_impl.h"
