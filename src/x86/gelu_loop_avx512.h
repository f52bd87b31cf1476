/* gelu_loop_avx512.h -- the array loops of the AVX-512 f32 kernels: 16 lanes at a time, the
 * remainder with masked loads and stores (the same arithmetic, so the same bits for every n).
 * Arrays of at least GELU_AVX512_STREAM_MIN elements are written with non-temporal stores
 * (after a masked head that aligns the output to 64 bytes): an output that large does not
 * stay in cache anyway, and streaming stores skip the read-for-ownership, which is what a
 * DRAM-bound loop is limited by (docs/performance.md).  Stores only: the bits do not change.
 * Include only from files compiled with the AVX-512 flags (*_avx512.c). */
#ifndef GELU_LOOP_AVX512_H
#define GELU_LOOP_AVX512_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "x86/gelu_derivative_pieces_avx512.h"

#define GELU_AVX512_STREAM_MIN ((size_t)1 << 22) /* 16 MiB of f32 output */
#define GELU_AVX512_PREFETCH 4096 /* bytes ahead: DRAM latency times the loop's rate */

/* Elements before y + i is 64-byte aligned (y is float-aligned), at most 15. */
static inline size_t gelu_avx512_head(const float *y)
{
    return (size_t)((0u - (uintptr_t)y) & 63u) / sizeof(float);
}

/* void name(const float *x, float *y, size_t n), y[i] = vec16(x[i]) */
#define GELU_AVX512_FORWARD_LOOP(name, vec16)                                                 \
    void name(const float *x, float *y, size_t n)                                            \
    {                                                                                        \
        size_t i = 0;                                                                        \
        if (n >= GELU_AVX512_STREAM_MIN && ((uintptr_t)y & 3u) == 0) {                       \
            size_t h = gelu_avx512_head(y);                                                  \
            __mmask16 m = (__mmask16)((1u << h) - 1);                                        \
            _mm512_mask_storeu_ps(y, m, vec16(_mm512_maskz_loadu_ps(m, x)));                 \
            for (i = h; i + 16 <= n; i += 16) {                                              \
                _mm_prefetch((const char *)(x + i) + GELU_AVX512_PREFETCH, _MM_HINT_T0);     \
                _mm512_stream_ps(y + i, vec16(_mm512_loadu_ps(x + i)));                      \
            }                                                                                \
            _mm_sfence();                                                                    \
        }                                                                                    \
        for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, vec16(_mm512_loadu_ps(x + i))); \
        if (i < n) {                                                                         \
            __mmask16 m = (__mmask16)((1u << (n - i)) - 1);                                  \
            _mm512_mask_storeu_ps(y + i, m, vec16(_mm512_maskz_loadu_ps(m, x + i)));         \
        }                                                                                    \
    }

/* void name(const float *x, const float *dy, float *dx, size_t n),
 * dx[i] = dy[i] * deriv16(x[i]) with the NaN rules of gelu_backward_product_avx512 */
#define GELU_AVX512_BACKWARD_STEP(deriv16, m, i)                                             \
    gelu_backward_product_avx512(_mm512_maskz_loadu_ps(m, x + (i)),                          \
                                 _mm512_maskz_loadu_ps(m, dy + (i)),                         \
                                 deriv16(_mm512_maskz_loadu_ps(m, x + (i))))
#define GELU_AVX512_BACKWARD_LOOP(name, deriv16)                                              \
    void name(const float *x, const float *dy, float *dx, size_t n)                          \
    {                                                                                        \
        size_t i = 0;                                                                        \
        const __mmask16 all = 0xffff;                                                        \
        if (n >= GELU_AVX512_STREAM_MIN && ((uintptr_t)dx & 3u) == 0) {                      \
            size_t h = gelu_avx512_head(dx);                                                 \
            __mmask16 m = (__mmask16)((1u << h) - 1);                                        \
            _mm512_mask_storeu_ps(dx, m, GELU_AVX512_BACKWARD_STEP(deriv16, m, 0));          \
            for (i = h; i + 16 <= n; i += 16) {                                              \
                _mm_prefetch((const char *)(x + i) + GELU_AVX512_PREFETCH, _MM_HINT_T0);     \
                _mm_prefetch((const char *)(dy + i) + GELU_AVX512_PREFETCH, _MM_HINT_T0);    \
                _mm512_stream_ps(dx + i, GELU_AVX512_BACKWARD_STEP(deriv16, all, i));        \
            }                                                                                \
            _mm_sfence();                                                                    \
        }                                                                                    \
        for (; i + 16 <= n; i += 16)                                                         \
            _mm512_storeu_ps(dx + i, GELU_AVX512_BACKWARD_STEP(deriv16, all, i));            \
        if (i < n) {                                                                         \
            __mmask16 m = (__mmask16)((1u << (n - i)) - 1);                                  \
            _mm512_mask_storeu_ps(dx + i, m, GELU_AVX512_BACKWARD_STEP(deriv16, m, i));      \
        }                                                                                    \
    }

#endif /* GELU_LOOP_AVX512_H */
