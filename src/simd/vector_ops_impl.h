/* vector_ops_impl.h -- the f32 helpers of the fused forms (kernels.h, gelu_vector_ops) as
 * plain loops, included by one file per ISA so that the compiler vectorises them with that
 * ISA's flags.  IEEE add, multiply and float-to-double widening give the same bits at every
 * vector width (-ffp-contract=off: no fused multiply-add), so every ISA agrees.
 *
 * Define GELU_VECTOR_OPS_SUFFIX (avx512, avx2, neon, scalar), GELU_VECTOR_COPY_STREAM (a
 * function void (const float *src, float *dst, size_t n)) and GELU_VECTOR_STREAM_FENCE (void
 * (void)) before including; this defines the table gelu_vector_ops_<suffix>. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kernels.h"

#define GELU_VO_CAT2(a, b) a##_##b
#define GELU_VO_CAT(a, b) GELU_VO_CAT2(a, b)
#define GELU_VO(name) GELU_VO_CAT(name, GELU_VECTOR_OPS_SUFFIX)

/* The NaN of a op b when that is NaN (gelu.h §6): a's NaN, else b's, quieted, else the
 * default NaN. */
static float GELU_VO(vector_nan_of)(float a, float b)
{
    uint32_t u;
    if (a != a) memcpy(&u, &a, 4);
    else if (b != b) memcpy(&u, &b, 4);
    else u = 0x7fc00000u;
    u |= 0x00400000u;
    float r;
    memcpy(&r, &u, 4);
    return r;
}

/* After out = a op b: the NaN lanes get the rule's NaN (rare: one vector pass to look). */
static void GELU_VO(vector_fix_nans)(const float *a, const float *b, float *out, size_t n)
{
    int any = 0;
    for (size_t i = 0; i < n; i++) any |= out[i] != out[i];
    if (!any) return;
    for (size_t i = 0; i < n; i++)
        if (out[i] != out[i]) out[i] = GELU_VO(vector_nan_of)(a[i], b[i]);
}

/* Prefetches the line of each of pf0 and pf1 at element i (NULL: none). */
static inline void GELU_VO(vector_prefetch)(const float *pf0, const float *pf1, size_t i)
{
    if (pf0 != NULL) __builtin_prefetch(pf0 + i, 0, 3);
    if (pf1 != NULL) __builtin_prefetch(pf1 + i, 0, 3);
}

/* out = a op b in chunks of 16 floats (a 64-byte line), prefetching one line of each of pf0
 * and pf1 a chunk. */
#define GELU_VO_BINARY(name, op)                                                              \
    static void GELU_VO(name)(const float *restrict a, const float *restrict b,             \
                              float *restrict out, size_t n, const float *pf0,             \
                              const float *pf1)                                            \
    {                                                                                       \
        size_t i = 0;                                                                       \
        for (; i + 16 <= n; i += 16) {                                                      \
            GELU_VO(vector_prefetch)(pf0, pf1, i);                                          \
            for (size_t k = 0; k < 16; k++) out[i + k] = a[i + k] op b[i + k];              \
        }                                                                                   \
        if (i < n) GELU_VO(vector_prefetch)(pf0, pf1, i);                                   \
        for (; i < n; i++) out[i] = a[i] op b[i];                                           \
        GELU_VO(vector_fix_nans)(a, b, out, n);                                             \
    }
GELU_VO_BINARY(vector_add, +)
GELU_VO_BINARY(vector_mul, *)

static void GELU_VO(vector_accumulate)(const float *restrict v, double *restrict acc, size_t n)
{
    for (size_t i = 0; i < n; i++) acc[i] += (double)v[i];
}

const gelu_vector_ops GELU_VO(gelu_vector_ops) = {
    GELU_VO(vector_add), GELU_VO(vector_mul), GELU_VO(vector_accumulate),
    GELU_VECTOR_COPY_STREAM, GELU_VECTOR_STREAM_FENCE};
