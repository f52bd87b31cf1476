/* gelu_loop_avx512.h -- the array loops of the AVX-512 f32 kernels.
 *
 * Tails at a cost proportional to the tail lanes (issue 19): the array goes in blocks of
 * GELU_AVX512_BLOCK elements.  For each 16-lane vector of a block the kernel's fast path
 * gives every lane a value and the mask of the lanes outside its range; of those, the
 * lanes above the kernel's sat_hi (x for f, 1 for f') and below its sat_lo (-0.0) take
 * their value in the register, and the rest (NaN included) are packed (vcompressps, register form) into a list.  After the block, the tail kernel runs on full vectors of
 * that list, and each result is put back in its lane (vexpandps).  A vector with one tail
 * lane so costs the fast path plus 1/16 of a tail vector, not a whole tail vector.  Each
 * lane still gets exactly the operations of the portable code for its input (the settled
 * values are the portable code's own results there, tests/identity_isa.c), so the bits
 * do not depend on the neighbours, the block or n.
 *
 * Loop policy: src/gelu_loop_policy.h (non-temporal stores after a 64-byte aligning head,
 * and prefetch, above a size; the same for every ISA).  Stack: about 2.3 KiB.
 * Include only from files compiled with the AVX-512 flags (*_avx512.c). */
#ifndef GELU_LOOP_AVX512_H
#define GELU_LOOP_AVX512_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gelu_loop_policy.h"
#include "x86/gelu_backward_product_avx512.h"

#define GELU_AVX512_BLOCK 256     /* elements a block: 16 vectors */

/* Elements before y + i is 64-byte aligned (y is float-aligned), at most 15. */
static inline size_t gelu_avx512_head(const float *y)
{
    return (size_t)((0u - (uintptr_t)y) & 63u) / sizeof(float);
}

/* The first min(left, 16) lanes. */
static inline __mmask16 gelu_avx512_lanes(size_t left)
{
    return left >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << left) - 1);
}

/* The settled values above sat_hi: f(x) = x, f'(x) = 1. */
static inline __m512 gelu_avx512_identity(__m512 x) { return x; }
static inline __m512 gelu_avx512_one(__m512 x)
{
    (void)x;
    return _mm512_set1_ps(1.0f);
}

/* Where a block's results go: out[16 j ..] = r, plain or streaming (j < 16; a streamed y is
 * 64-byte aligned: see the loops). */
static inline __attribute__((always_inline)) void gelu_avx512_put(float *out, __m512 r, int stream)
{
    if (stream)
        _mm512_stream_ps(out, r);
    else
        _mm512_storeu_ps(out, r);
}

/* The block loop of one kernel over whole vectors: n a multiple of 16 (the caller does the
 * rest through a padded copy).  A vector without tail lanes is finished at once (forward:
 * y = f; backward: dx = dy f' with the NaN rules).  A vector with tail lanes keeps its fast
 * values until the block's tail list is done; its output is written only then, so its x
 * and dy are still there to read when the output is x or dy.  Defines name##_forward and name##_backward (dy == NULL: forward), for
 * GELU_AVX512_FORWARD_LOOP and GELU_AVX512_BACKWARD_LOOP.  Stack: about 2.2 KiB. */
#define GELU_AVX512_BLOCKS(name, fast16, tail16, sat_lo, sat_hi, hi_value)                    \
    static inline __attribute__((always_inline)) void name##_body(                           \
        const float *x, const float *dy, float *out, size_t n, int stream)                   \
    {                                                                                        \
        _Alignas(64) float ty[GELU_AVX512_BLOCK];                                           \
        float tx[GELU_AVX512_BLOCK + 32];                                                    \
        __mmask16 need[GELU_AVX512_BLOCK / 16];                                              \
        unsigned where[GELU_AVX512_BLOCK / 16];                                              \
        for (size_t i = 0; i < n; i += GELU_AVX512_BLOCK) {                                  \
            size_t m = n - i < GELU_AVX512_BLOCK ? n - i : GELU_AVX512_BLOCK, cnt = 0;       \
            unsigned nt = 0;                                                                 \
            for (size_t j = 0; j < m; j += 16) {                                             \
                const float *xj = x + i + j;                                                 \
                if (stream) {                                                                \
                    _mm_prefetch(GELU_PREFETCH_AHEAD(xj), _MM_HINT_T0);                   \
                    if (dy) _mm_prefetch(GELU_PREFETCH_AHEAD(dy + i + j), _MM_HINT_T0);   \
                }                                                                            \
                __m512 xv = _mm512_loadu_ps(xj);                                             \
                __mmask16 t;                                                                 \
                __m512 y = fast16(xv, &t);                                                   \
                if (__builtin_expect(t != 0, 0)) {                                           \
                    __mmask16 hi = _mm512_mask_cmp_ps_mask(t, xv, _mm512_set1_ps(sat_hi), _CMP_GT_OQ); \
                    __mmask16 lo = _mm512_mask_cmp_ps_mask(t, xv, _mm512_set1_ps(sat_lo), _CMP_LT_OQ); \
                    y = _mm512_mask_mov_ps(y, hi, hi_value(xv));                             \
                    y = _mm512_mask_mov_ps(y, lo, _mm512_set1_ps(-0.0f));                    \
                    t &= (__mmask16) ~(hi | lo);                                             \
                }                                                                            \
                if (__builtin_expect(t != 0, 0)) {                                           \
                    _mm512_storeu_ps(tx + cnt, _mm512_maskz_compress_ps(t, xv));             \
                    cnt += (size_t)__builtin_popcount(t);                                    \
                    _mm512_store_ps(ty + 16 * nt, y);                                        \
                    need[nt] = t;                                                            \
                    where[nt++] = (unsigned)j;                                               \
                } else if (dy) {                                                             \
                    gelu_avx512_put(out + i + j,                                             \
                                    gelu_backward_product_avx512(xv, _mm512_loadu_ps(dy + i + j), y), \
                                    stream);                                                 \
                } else {                                                                     \
                    gelu_avx512_put(out + i + j, y, stream);                                 \
                }                                                                            \
            }                                                                                \
            if (nt == 0) continue;                                                           \
            size_t k = 0;                                                                    \
            for (; k < cnt; k += 16)                                                         \
                _mm512_storeu_ps(tx + k, tail16(_mm512_maskz_loadu_ps(gelu_avx512_lanes(cnt - k), tx + k))); \
            _mm512_storeu_ps(tx + k, _mm512_setzero_ps()); /* what the last expand reads */ \
            size_t off = 0;                                                                  \
            for (unsigned q = 0; q < nt; q++) {                                              \
                __m512 y = _mm512_mask_expand_ps(_mm512_load_ps(ty + 16 * q), need[q],       \
                                                 _mm512_loadu_ps(tx + off));                 \
                off += (size_t)__builtin_popcount(need[q]);                                  \
                if (dy)                                                                      \
                    y = gelu_backward_product_avx512(_mm512_loadu_ps(x + i + where[q]),      \
                                                     _mm512_loadu_ps(dy + i + where[q]), y); \
                gelu_avx512_put(out + i + where[q], y, stream);                              \
            }                                                                                \
        }                                                                                    \
    }                                                                                        \
    /* each with dy and stream constant in the inlined body */                              \
    static __attribute__((unused)) void name##_forward(const float *x, const float *dy,      \
                                                       float *out, size_t n, int stream)     \
    {                                                                                        \
        (void)dy;                                                                            \
        if (stream)                                                                          \
            name##_body(x, NULL, out, n, 1);                                                 \
        else                                                                                 \
            name##_body(x, NULL, out, n, 0);                                                 \
    }                                                                                        \
    static __attribute__((unused)) void name##_backward(const float *x, const float *dy,     \
                                                        float *out, size_t n, int stream)    \
    {                                                                                        \
        if (stream)                                                                          \
            name##_body(x, dy, out, n, 1);                                                   \
        else                                                                                 \
            name##_body(x, dy, out, n, 0);                                                   \
    }

typedef void (*gelu_avx512_blocks_fn)(const float *x, const float *dy, float *out, size_t n,
                                      int stream);

/* out[0 .. m) for m < 16 through zero-padded copies. */
static inline void gelu_avx512_piece(gelu_avx512_blocks_fn blocks, const float *x,
                                     const float *dy, float *out, size_t m)
{
    _Alignas(64) float bx[16] = {0}, bdy[16] = {0}, bo[16];
    memcpy(bx, x, m * sizeof *x);
    if (dy) memcpy(bdy, dy, m * sizeof *dy);
    blocks(bx, bdy, bo, 16, 0);
    memcpy(out, bo, m * sizeof *out);
}

static inline void gelu_avx512_run(gelu_avx512_blocks_fn blocks, const float *x, const float *dy,
                                   float *out, size_t n)
{
    int stream = gelu_loop_streams(n, out);
    size_t h = stream ? gelu_avx512_head(out) : 0;
    if (h) gelu_avx512_piece(blocks, x, dy, out, h);
    size_t body = (n - h) & ~(size_t)15;
    blocks(x + h, dy ? dy + h : NULL, out + h, body, stream);
    if (stream) _mm_sfence();
    if (h + body < n)
        gelu_avx512_piece(blocks, x + h + body, dy ? dy + h + body : NULL, out + h + body,
                          n - h - body);
}

/* void name(const float *x, float *y, size_t n): y = f(x) by the GELU_AVX512_BLOCKS of blk. */
#define GELU_AVX512_FORWARD_LOOP(name, blk)                                                   \
    void name(const float *x, float *y, size_t n) { gelu_avx512_run(blk##_forward, x, NULL, y, n); }

/* void name(const float *x, const float *dy, float *dx, size_t n): dx = dy f'(x) with the NaN
 * rules of gelu_backward_product_avx512, f' by the GELU_AVX512_BLOCKS of blk. */
#define GELU_AVX512_BACKWARD_LOOP(name, blk)                                                  \
    void name(const float *x, const float *dy, float *dx, size_t n)                          \
    {                                                                                        \
        gelu_avx512_run(blk##_backward, x, dy, dx, n);                                       \
    }

#endif /* GELU_LOOP_AVX512_H */
