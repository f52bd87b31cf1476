/* gelu_fused_loop_avx2.h -- the fused forms' AVX2 loops (gelu.h §6), the AVX2 twins of
 * gelu_fused_loop_avx512.h: the bias add or the GEGLU product in registers around the same
 * vec8 / deriv8 functions as the plain AVX2 loops, with the NaN rule of the portable helpers,
 * so the bits are those of the unfused composition.  With stream set (the caller's choice by
 * src/gelu_loop_policy.h) the loops write with non-temporal stores after a head that aligns
 * the output to 32 bytes; the forward loops prefetch their inputs ahead, bias backward the
 * next row; the caller fences once, at the end of its part (kernels.h, stream_fence).  Include only from *_avx2.c files. */
#ifndef GELU_FUSED_LOOP_AVX2_H
#define GELU_FUSED_LOOP_AVX2_H

#include <immintrin.h>
#include <stddef.h>

#include "gelu_loop_policy.h"
#include "x86/gelu_f32_avx2.h"

/* r = a op b, with the NaN rule of gelu.h §6: a's NaN, else b's (quieted), else default. */
GELU_AVX2_INLINE __m256 gelu_fused_nan_rule_avx2(__m256 r, __m256 a, __m256 b)
{
    __m256 bad = gelu_avx2_isnan(r);
    if (_mm256_movemask_ps(bad) == 0) return r;
    __m256 fix = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fc00000));
    fix = _mm256_blendv_ps(fix, gelu_avx2_quiet(b), gelu_avx2_isnan(b));
    fix = _mm256_blendv_ps(fix, gelu_avx2_quiet(a), gelu_avx2_isnan(a));
    return _mm256_blendv_ps(r, fix, bad);
}
GELU_AVX2_INLINE __m256 gelu_fused_add_avx2(__m256 a, __m256 b)
{
    return gelu_fused_nan_rule_avx2(_mm256_add_ps(a, b), a, b);
}
GELU_AVX2_INLINE __m256 gelu_fused_mul_avx2(__m256 a, __m256 b)
{
    return gelu_fused_nan_rule_avx2(_mm256_mul_ps(a, b), a, b);
}

/* acc[0 .. 8) += d in double; the first m lanes only when m < 8. */
GELU_AVX2_INLINE void gelu_fused_accumulate_avx2(double *acc, __m256 d, size_t m)
{
    if (m >= 8) {
        _mm256_storeu_pd(acc, _mm256_add_pd(_mm256_loadu_pd(acc), gelu_avx2_lo_pd(d)));
        _mm256_storeu_pd(acc + 4, _mm256_add_pd(_mm256_loadu_pd(acc + 4), gelu_avx2_hi_pd(d)));
        return;
    }
    float t[8];
    _mm256_storeu_ps(t, d);
    for (size_t j = 0; j < m; j++) acc[j] += (double)t[j];
}

/* void name(const float *x, const float *bias, float *y, size_t n, int stream):
 * y[i] = f(x[i] + bias[i]) */
#define GELU_AVX2_BIAS_FORWARD_LOOP(name, VEC8)                                               \
    void name(const float *x, const float *bias, float *y, size_t n, int stream)             \
    {                                                                                        \
        size_t i = 0;                                                                        \
        if (stream && n >= 8 && ((uintptr_t)y & 3u) == 0) {                                  \
            size_t h = (size_t)((0u - (uintptr_t)y) & 31u) / sizeof(float);                  \
            if (h) {                                                                         \
                __m256i m = gelu_avx2_head_mask(h);                                          \
                _mm256_maskstore_ps(y, m, VEC8(gelu_fused_add_avx2(_mm256_maskload_ps(x, m), \
                                                                   _mm256_maskload_ps(bias, m)))); \
            }                                                                                \
            for (i = h; i + 8 <= n; i += 8) {                                                \
                if ((i & 15u) == 0) {                                                        \
                    _mm_prefetch(GELU_PREFETCH_AHEAD(x + i), _MM_HINT_T0);                   \
                    _mm_prefetch(GELU_PREFETCH_AHEAD(bias + i), _MM_HINT_T0);                  \
                }                                                                            \
                _mm256_stream_ps(y + i, VEC8(gelu_fused_add_avx2(_mm256_loadu_ps(x + i),     \
                                                                 _mm256_loadu_ps(bias + i)))); \
            }                                                                                \
        }                                                                                    \
        for (; i + 8 <= n; i += 8)                                                           \
            _mm256_storeu_ps(y + i, VEC8(gelu_fused_add_avx2(_mm256_loadu_ps(x + i),         \
                                                             _mm256_loadu_ps(bias + i))));   \
        if (i < n) {                                                                         \
            __m256i m = gelu_avx2_head_mask(n - i);                                          \
            _mm256_maskstore_ps(y + i, m,                                                    \
                                VEC8(gelu_fused_add_avx2(_mm256_maskload_ps(x + i, m),       \
                                                         _mm256_maskload_ps(bias + i, m)))); \
        }                                                                                    \
    }

/* void name(const float *value, const float *gate, float *y, size_t n, int stream):
 * y[i] = value[i] * f(gate[i]) */
#define GELU_AVX2_GEGLU_FORWARD_LOOP(name, VEC8)                                              \
    void name(const float *value, const float *gate, float *y, size_t n, int stream)         \
    {                                                                                        \
        size_t i = 0;                                                                        \
        if (stream && n >= 8 && ((uintptr_t)y & 3u) == 0) {                                  \
            size_t h = (size_t)((0u - (uintptr_t)y) & 31u) / sizeof(float);                  \
            if (h) {                                                                         \
                __m256i m = gelu_avx2_head_mask(h);                                          \
                _mm256_maskstore_ps(y, m, gelu_fused_mul_avx2(_mm256_maskload_ps(value, m),  \
                                                              VEC8(_mm256_maskload_ps(gate, m)))); \
            }                                                                                \
            for (i = h; i + 8 <= n; i += 8) {                                                \
                if ((i & 15u) == 0) {                                                        \
                    _mm_prefetch(GELU_PREFETCH_AHEAD(value + i), _MM_HINT_T0);                  \
                    _mm_prefetch(GELU_PREFETCH_AHEAD(gate + i), _MM_HINT_T0);                  \
                }                                                                            \
                _mm256_stream_ps(y + i, gelu_fused_mul_avx2(_mm256_loadu_ps(value + i),      \
                                                            VEC8(_mm256_loadu_ps(gate + i)))); \
            }                                                                                \
        }                                                                                    \
        for (; i + 8 <= n; i += 8)                                                           \
            _mm256_storeu_ps(y + i, gelu_fused_mul_avx2(_mm256_loadu_ps(value + i),          \
                                                        VEC8(_mm256_loadu_ps(gate + i))));   \
        if (i < n) {                                                                         \
            __m256i m = gelu_avx2_head_mask(n - i);                                          \
            _mm256_maskstore_ps(y + i, m,                                                    \
                                gelu_fused_mul_avx2(_mm256_maskload_ps(value + i, m),        \
                                                    VEC8(_mm256_maskload_ps(gate + i, m)))); \
        }                                                                                    \
    }

/* void name(const float *x, const float *bias, const float *dy, float *dx, double *acc,
 *           size_t n, const float *pf_x, const float *pf_dy, int stream): s = x + bias,
 * dx = dy * f'(s), acc += dx in double; one line of pf_x and pf_dy prefetched a 16 lanes. */
#define GELU_AVX2_BIAS_BACKWARD_STEP(DERIV8, i, d, LOAD)                                     \
    __m256 s_ = gelu_fused_add_avx2(LOAD(x + (i)), LOAD(bias + (i)));                        \
    __m256 d = gelu_avx2_backward_product(s_, LOAD(dy + (i)), DERIV8(s_))
#define GELU_AVX2_BIAS_BACKWARD_LOOP(name, DERIV8)                                            \
    void name(const float *x, const float *bias, const float *dy, float *dx, double *acc,    \
              size_t n, const float *pf_x, const float *pf_dy, int stream)                   \
    {                                                                                        \
        size_t i = 0;                                                                        \
        if (stream && n >= 8 && ((uintptr_t)dx & 3u) == 0) {                                 \
            size_t h = (size_t)((0u - (uintptr_t)dx) & 31u) / sizeof(float);                \
            if (h) {                                                                         \
                __m256i m = gelu_avx2_head_mask(h);                                          \
                __m256 s0 = gelu_fused_add_avx2(_mm256_maskload_ps(x, m), _mm256_maskload_ps(bias, m)); \
                __m256 d0 = gelu_avx2_backward_product(s0, _mm256_maskload_ps(dy, m), DERIV8(s0)); \
                gelu_fused_accumulate_avx2(acc, d0, h);                                      \
                _mm256_maskstore_ps(dx, m, d0);                                              \
            }                                                                                \
            for (i = h; i + 8 <= n; i += 8) {                                                \
                if ((i & 15u) == 0 && pf_x) _mm_prefetch((const char *)(pf_x + i), _MM_HINT_T0); \
                if ((i & 15u) == 0 && pf_dy) _mm_prefetch((const char *)(pf_dy + i), _MM_HINT_T0); \
                GELU_AVX2_BIAS_BACKWARD_STEP(DERIV8, i, d, _mm256_loadu_ps);                 \
                gelu_fused_accumulate_avx2(acc + i, d, 8);                                   \
                _mm256_stream_ps(dx + i, d);                                                 \
            }                                                                                \
        }                                                                                    \
        for (; i + 8 <= n; i += 8) {                                                         \
            if ((i & 15u) == 0 && pf_x) _mm_prefetch((const char *)(pf_x + i), _MM_HINT_T0); \
            if ((i & 15u) == 0 && pf_dy) _mm_prefetch((const char *)(pf_dy + i), _MM_HINT_T0); \
            GELU_AVX2_BIAS_BACKWARD_STEP(DERIV8, i, d, _mm256_loadu_ps);                     \
            gelu_fused_accumulate_avx2(acc + i, d, 8);                                       \
            _mm256_storeu_ps(dx + i, d);                                                     \
        }                                                                                    \
        if (i < n) {                                                                         \
            __m256i m = gelu_avx2_head_mask(n - i);                                          \
            __m256 s = gelu_fused_add_avx2(_mm256_maskload_ps(x + i, m),                     \
                                           _mm256_maskload_ps(bias + i, m));                 \
            __m256 d = gelu_avx2_backward_product(s, _mm256_maskload_ps(dy + i, m), DERIV8(s)); \
            gelu_fused_accumulate_avx2(acc + i, d, n - i);                                   \
            _mm256_maskstore_ps(dx + i, m, d);                                               \
        }                                                                                    \
    }

#endif /* GELU_FUSED_LOOP_AVX2_H */
