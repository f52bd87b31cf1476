/* vector_ops.c -- the portable f32 helpers of the fused forms (src/simd/vector_ops_impl.h),
 * vectorised by the compiler for the baseline ISA; copy_stream is memcpy. */
#include <string.h>

#include "kernels.h"

static void copy_plain(const float *src, float *dst, size_t n) { memcpy(dst, src, n * sizeof *src); }

#define GELU_VECTOR_OPS_SUFFIX scalar
static void no_fence(void) {}

#define GELU_VECTOR_COPY_STREAM copy_plain
#define GELU_VECTOR_STREAM_FENCE no_fence
#include "simd/vector_ops_impl.h"
