/* gelu_fused_loop_avx512.h -- the fused forms' AVX-512 loops (gelu.h §6): the bias add or the
 * GEGLU product done in registers around the same vec16 / deriv16 functions as the plain
 * loops (gelu_loop_avx512.h), with the same NaN rule as the portable helpers, so the bits are
 * those of the unfused composition.  Remainders use masked loads and stores.  With stream
 * set, the output is written with non-temporal stores after a masked head that aligns it to
 * 64 bytes; the caller fences once, at the end of its part (kernels.h, stream_fence).
 * Include only from *_avx512.c files. */
#ifndef GELU_FUSED_LOOP_AVX512_H
#define GELU_FUSED_LOOP_AVX512_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "x86/gelu_backward_product_avx512.h"
#include "x86/gelu_loop_avx512.h"

/* r = a op b, with the NaN rule of gelu.h §6: a's NaN, else b's (quieted), else default. */
static inline __m512 gelu_fused_nan_rule_avx512(__m512 r, __m512 a, __m512 b)
{
    __mmask16 bad = _mm512_cmp_ps_mask(r, r, _CMP_UNORD_Q);
    if (bad == 0) return r;
    const __m512i quiet = _mm512_set1_epi32(0x00400000);
    __m512 fix = _mm512_castsi512_ps(_mm512_set1_epi32(0x7fc00000));
    fix = _mm512_mask_mov_ps(fix, _mm512_cmp_ps_mask(b, b, _CMP_UNORD_Q),
                             _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(b), quiet)));
    fix = _mm512_mask_mov_ps(fix, _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q),
                             _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(a), quiet)));
    return _mm512_mask_mov_ps(r, bad, fix);
}
static inline __m512 gelu_fused_add_avx512(__m512 a, __m512 b)
{
    return gelu_fused_nan_rule_avx512(_mm512_add_ps(a, b), a, b);
}
static inline __m512 gelu_fused_mul_avx512(__m512 a, __m512 b)
{
    return gelu_fused_nan_rule_avx512(_mm512_mul_ps(a, b), a, b);
}

/* acc[i .. i+16) += d (lanes m), in double. */
static inline void gelu_fused_accumulate_avx512(double *acc, __m512 d, __mmask16 m)
{
    __mmask8 lo = (__mmask8)(m & 0xff), hi = (__mmask8)(m >> 8);
    __m512d a0 = _mm512_maskz_loadu_pd(lo, acc), a1 = _mm512_maskz_loadu_pd(hi, acc + 8);
    a0 = _mm512_add_pd(a0, _mm512_cvtps_pd(_mm512_castps512_ps256(d)));
    a1 = _mm512_add_pd(a1, _mm512_cvtps_pd(_mm512_extractf32x8_ps(d, 1)));
    _mm512_mask_storeu_pd(acc, lo, a0);
    _mm512_mask_storeu_pd(acc + 8, hi, a1);
}

/* void name(const float *x, const float *bias, float *y, size_t n, int stream):
 * y[i] = f(x[i] + bias[i]) */
#define GELU_AVX512_BIAS_FORWARD_STEP(vec16, m, i)                                            \
    vec16(gelu_fused_add_avx512(_mm512_maskz_loadu_ps(m, x + (i)),                           \
                                _mm512_maskz_loadu_ps(m, bias + (i))))
#define GELU_AVX512_BIAS_FORWARD_LOOP(name, vec16)                                            \
    void name(const float *x, const float *bias, float *y, size_t n, int stream)             \
    {                                                                                        \
        const __mmask16 all = 0xffff;                                                        \
        size_t i = 0;                                                                        \
        if (stream && n >= 16 && ((uintptr_t)y & 3u) == 0) {                                 \
            size_t h = gelu_avx512_head(y);                                                  \
            __mmask16 m = (__mmask16)((1u << h) - 1);                                        \
            _mm512_mask_storeu_ps(y, m, GELU_AVX512_BIAS_FORWARD_STEP(vec16, m, 0));         \
            for (i = h; i + 16 <= n; i += 16) {                                              \
                _mm_prefetch(GELU_PREFETCH_AHEAD(x + i), _MM_HINT_T0);                       \
                _mm512_stream_ps(y + i, GELU_AVX512_BIAS_FORWARD_STEP(vec16, all, i));       \
            }                                                                                \
        }                                                                                    \
        for (; i + 16 <= n; i += 16)                                                         \
            _mm512_storeu_ps(y + i, GELU_AVX512_BIAS_FORWARD_STEP(vec16, all, i));           \
        if (i < n) {                                                                         \
            __mmask16 m = (__mmask16)((1u << (n - i)) - 1);                                  \
            _mm512_mask_storeu_ps(y + i, m, GELU_AVX512_BIAS_FORWARD_STEP(vec16, m, i));     \
        }                                                                                    \
    }

/* void name(const float *value, const float *gate, float *y, size_t n, int stream):
 * y[i] = value[i] * f(gate[i]) */
#define GELU_AVX512_GEGLU_FORWARD_STEP(vec16, m, i)                                           \
    gelu_fused_mul_avx512(_mm512_maskz_loadu_ps(m, value + (i)),                             \
                          vec16(_mm512_maskz_loadu_ps(m, gate + (i))))
#define GELU_AVX512_GEGLU_FORWARD_LOOP(name, vec16)                                           \
    void name(const float *value, const float *gate, float *y, size_t n, int stream)         \
    {                                                                                        \
        const __mmask16 all = 0xffff;                                                        \
        size_t i = 0;                                                                        \
        if (stream && n >= 16 && ((uintptr_t)y & 3u) == 0) {                                 \
            size_t h = gelu_avx512_head(y);                                                  \
            __mmask16 m = (__mmask16)((1u << h) - 1);                                        \
            _mm512_mask_storeu_ps(y, m, GELU_AVX512_GEGLU_FORWARD_STEP(vec16, m, 0));        \
            for (i = h; i + 16 <= n; i += 16) {                                              \
                _mm_prefetch(GELU_PREFETCH_AHEAD(value + i), _MM_HINT_T0);                   \
                _mm_prefetch(GELU_PREFETCH_AHEAD(gate + i), _MM_HINT_T0);                    \
                _mm512_stream_ps(y + i, GELU_AVX512_GEGLU_FORWARD_STEP(vec16, all, i));      \
            }                                                                                \
        }                                                                                    \
        for (; i + 16 <= n; i += 16)                                                         \
            _mm512_storeu_ps(y + i, GELU_AVX512_GEGLU_FORWARD_STEP(vec16, all, i));          \
        if (i < n) {                                                                         \
            __mmask16 m = (__mmask16)((1u << (n - i)) - 1);                                  \
            _mm512_mask_storeu_ps(y + i, m, GELU_AVX512_GEGLU_FORWARD_STEP(vec16, m, i));    \
        }                                                                                    \
    }

/* void name(const float *x, const float *bias, const float *dy, float *dx, double *acc,
 *           size_t n, const float *pf_x, const float *pf_dy, int stream):
 * s = x[i] + bias[i], dx[i] = dy[i] * f'(s) (NaN rules of gelu_backward_product_avx512),
 * acc[i] += dx[i] in double; a line of pf_x and of pf_dy (the next row's, or NULL) is
 * prefetched each step. */
#define GELU_AVX512_BIAS_BACKWARD_STEP(deriv16, m, i, d)                                      \
    __m512 s_ = gelu_fused_add_avx512(_mm512_maskz_loadu_ps(m, x + (i)),                     \
                                      _mm512_maskz_loadu_ps(m, bias + (i)));                 \
    __m512 d = gelu_backward_product_avx512(s_, _mm512_maskz_loadu_ps(m, dy + (i)),          \
                                            deriv16(s_));                                    \
    gelu_fused_accumulate_avx512(acc + (i), d, m)
#define GELU_AVX512_BIAS_BACKWARD_LOOP(name, deriv16)                                         \
    void name(const float *x, const float *bias, const float *dy, float *dx, double *acc,    \
              size_t n, const float *pf_x, const float *pf_dy, int stream)                   \
    {                                                                                        \
        const __mmask16 all = 0xffff;                                                        \
        size_t i = 0;                                                                        \
        if (stream && n >= 16 && ((uintptr_t)dx & 3u) == 0) {                                \
            size_t h = gelu_avx512_head(dx);                                                 \
            __mmask16 m = (__mmask16)((1u << h) - 1);                                        \
            {                                                                                \
                GELU_AVX512_BIAS_BACKWARD_STEP(deriv16, m, 0, d0);                           \
                _mm512_mask_storeu_ps(dx, m, d0);                                            \
            }                                                                                \
            for (i = h; i + 16 <= n; i += 16) {                                              \
                if (pf_x) _mm_prefetch((const char *)(pf_x + i), _MM_HINT_T0);               \
                if (pf_dy) _mm_prefetch((const char *)(pf_dy + i), _MM_HINT_T0);             \
                GELU_AVX512_BIAS_BACKWARD_STEP(deriv16, all, i, d);                          \
                _mm512_stream_ps(dx + i, d);                                                 \
            }                                                                                \
        }                                                                                    \
        for (; i + 16 <= n; i += 16) {                                                       \
            if (pf_x) _mm_prefetch((const char *)(pf_x + i), _MM_HINT_T0);                   \
            if (pf_dy) _mm_prefetch((const char *)(pf_dy + i), _MM_HINT_T0);                 \
            GELU_AVX512_BIAS_BACKWARD_STEP(deriv16, all, i, d);                              \
            _mm512_storeu_ps(dx + i, d);                                                     \
        }                                                                                    \
        if (i < n) {                                                                         \
            __mmask16 m = (__mmask16)((1u << (n - i)) - 1);                                  \
            GELU_AVX512_BIAS_BACKWARD_STEP(deriv16, m, i, d);                                \
            _mm512_mask_storeu_ps(dx + i, m, d);                                             \
        }                                                                                    \
    }

#endif /* GELU_FUSED_LOOP_AVX512_H */
