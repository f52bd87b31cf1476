/* gelu_loop_avx2.h -- the array loops of the AVX2 f32 kernels, the AVX2 twins of
 * gelu_loop_avx512.h.
 *
 * Tails at a cost proportional to the tail lanes (issue 19): the array goes in blocks of
 * GELU_AVX2_BLOCK elements.  For each 8-lane vector of a block the kernel's fast path gives
 * every lane a value and the mask of the lanes outside its range; of those, the lanes above
 * the kernel's sat_hi (x for f, 1 for f') and below its sat_lo (-0.0) take their value in
 * the register, and the rest (NaN included) are packed into a list.  AVX2 has no
 * vcompressps: the packing is one vpermps by the 8 byte-indices of gelu_avx2_compress_idx
 * [mask] (vpmovzxbd), the whole vector stored at tx + cnt and cnt advanced by the number
 * of packed lanes.  After the block the kernel's tail function runs on full 8-lane vectors
 * of that list, and each result goes back to its lane by one vpermps by
 * gelu_avx2_expand_idx[mask] (vpmovsxbd) and a blend.  A vector with one tail lane so
 * costs the fast path plus 1/8 of a tail vector, not a whole tail vector.  Each lane still
 * gets exactly the operations of the portable code for its input (the settled values are
 * the portable code's own results there, tests/identity_isa.c), so the bits do not depend
 * on the neighbours, the block or n.
 *
 * Loop policy: src/gelu_loop_policy.h (non-temporal stores after a 32-byte aligning head,
 * and prefetch, above a size; the same for every ISA).  A vector with tail lanes is held
 * in the block's ty until its lanes come back, then written once, when streaming (a
 * streamed line is never read back); otherwise it is stored at once and its listed lanes
 * blended in from the list later, which keeps ty off the stack of the plain loops.
 * Stack: the lists, about 0.5 KiB forward and 1.1 KiB backward (ty another 0.5 KiB when
 * streaming) (blocks of 128, not the
 * AVX-512 loops' 256, so that the entry points that call these inside their own buffers stay
 * within the 8 KiB of gelu.h section 3: tests/test_small_stack.c), plus the compiler's
 * copies of the fast path's tables (gcc 12 -O3: about 3.2 KiB at most in all).  Include only from files compiled with the AVX2 flags
 * (*_avx2.c). */
#ifndef GELU_LOOP_AVX2_H
#define GELU_LOOP_AVX2_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gelu_loop_policy.h"
#include "x86/gelu_f32_avx2.h"

#define GELU_AVX2_BLOCK 128 /* elements a block: 16 vectors (the stack: gelu.h section 3) */

/* The permutation tables, 256 entries of 8 bytes (2 KiB each), built by the compiler from
 * the mask m (bit i = lane i is in the list); byte i of an entry is lane i's index.
 *   rank(m, i) = the number of set bits of m below bit i;
 *   compress[m]: byte rank(m, i) = i for each set bit i (lanes of m first, in order), the
 *                other bytes 0: vpermps gathers the listed lanes into lanes 0 .. popcount - 1;
 *   expand[m]:   byte i = rank(m, i) for each set bit i, 0x80 for the others: vpermps
 *                (low 3 bits) puts list element rank(m, i) into lane i, and the sign-extended
 *                0x80 is the blend mask of the lanes that keep their own value;
 *   popcount[m]: the number of set bits. */
#define GELU_AVX2_BIT(m, i) (((unsigned)(m) >> (i)) & 1u)
#define GELU_AVX2_RANK(m, i)                                                                  \
    (GELU_AVX2_BIT((m) & ((1u << (i)) - 1u), 0) + GELU_AVX2_BIT((m) & ((1u << (i)) - 1u), 1) + \
     GELU_AVX2_BIT((m) & ((1u << (i)) - 1u), 2) + GELU_AVX2_BIT((m) & ((1u << (i)) - 1u), 3) + \
     GELU_AVX2_BIT((m) & ((1u << (i)) - 1u), 4) + GELU_AVX2_BIT((m) & ((1u << (i)) - 1u), 5) + \
     GELU_AVX2_BIT((m) & ((1u << (i)) - 1u), 6))
#define GELU_AVX2_C(m, i) ((uint64_t)(GELU_AVX2_BIT(m, i) * (i)) << (8 * GELU_AVX2_RANK(m, i)))
#define GELU_AVX2_E(m, i) ((uint64_t)(GELU_AVX2_BIT(m, i) ? GELU_AVX2_RANK(m, i) : 0x80u) << (8 * (i)))
#define GELU_AVX2_COMPRESS(m)                                                                 \
    (GELU_AVX2_C(m, 0) | GELU_AVX2_C(m, 1) | GELU_AVX2_C(m, 2) | GELU_AVX2_C(m, 3) |           \
     GELU_AVX2_C(m, 4) | GELU_AVX2_C(m, 5) | GELU_AVX2_C(m, 6) | GELU_AVX2_C(m, 7))
#define GELU_AVX2_EXPAND(m)                                                                   \
    (GELU_AVX2_E(m, 0) | GELU_AVX2_E(m, 1) | GELU_AVX2_E(m, 2) | GELU_AVX2_E(m, 3) |           \
     GELU_AVX2_E(m, 4) | GELU_AVX2_E(m, 5) | GELU_AVX2_E(m, 6) | GELU_AVX2_E(m, 7))
#define GELU_AVX2_POPCOUNT(m) (GELU_AVX2_RANK(m, 7) + GELU_AVX2_BIT(m, 7))
#define GELU_AVX2_ROWS16(f, h)                                                                \
    f(16 * h + 0), f(16 * h + 1), f(16 * h + 2), f(16 * h + 3), f(16 * h + 4), f(16 * h + 5),  \
    f(16 * h + 6), f(16 * h + 7), f(16 * h + 8), f(16 * h + 9), f(16 * h + 10),               \
    f(16 * h + 11), f(16 * h + 12), f(16 * h + 13), f(16 * h + 14), f(16 * h + 15)
#define GELU_AVX2_ROWS256(f)                                                                  \
    GELU_AVX2_ROWS16(f, 0), GELU_AVX2_ROWS16(f, 1), GELU_AVX2_ROWS16(f, 2),                   \
    GELU_AVX2_ROWS16(f, 3), GELU_AVX2_ROWS16(f, 4), GELU_AVX2_ROWS16(f, 5),                   \
    GELU_AVX2_ROWS16(f, 6), GELU_AVX2_ROWS16(f, 7), GELU_AVX2_ROWS16(f, 8),                   \
    GELU_AVX2_ROWS16(f, 9), GELU_AVX2_ROWS16(f, 10), GELU_AVX2_ROWS16(f, 11),                 \
    GELU_AVX2_ROWS16(f, 12), GELU_AVX2_ROWS16(f, 13), GELU_AVX2_ROWS16(f, 14),                \
    GELU_AVX2_ROWS16(f, 15)

static const uint64_t gelu_avx2_compress_idx[256] = {GELU_AVX2_ROWS256(GELU_AVX2_COMPRESS)};
static const uint64_t gelu_avx2_expand_idx[256] = {GELU_AVX2_ROWS256(GELU_AVX2_EXPAND)};
static const uint8_t gelu_avx2_popcount[256] = {GELU_AVX2_ROWS256(GELU_AVX2_POPCOUNT)};

/* The settled values above sat_hi: f(x) = x, f'(x) = 1. */
GELU_AVX2_INLINE __m256 gelu_avx2_identity(__m256 x) { return x; }
GELU_AVX2_INLINE __m256 gelu_avx2_one(__m256 x)
{
    (void)x;
    return _mm256_set1_ps(1.0f);
}

/* out[0 .. 8) = r, plain or streaming (a streamed out is 32-byte aligned: gelu_avx2_run). */
GELU_AVX2_INLINE void gelu_avx2_put(float *out, __m256 r, int stream)
{
    if (stream)
        _mm256_stream_ps(out, r);
    else
        _mm256_storeu_ps(out, r);
}

/* The block loop of one kernel over whole vectors: n a multiple of 8 (gelu_avx2_run does
 * the rest through a padded copy).  fast8_out(x, &out) gives the fast path's values and out
 * = all-ones in the lanes outside its range; tail8(x) the portable code's values of every
 * lane by the tail method.  A vector without tail lanes is finished at once (forward: y = f;
 * backward: dx = dy f' with the NaN rules) and stored.  A vector with tail lanes is finished
 * the same way and stored too (streaming: kept in ty), and its listed lanes are blended in
 * from the list when the block's tail list is done (out may be x or dy: the inputs of a
 * vector are read, and its listed lanes packed, before anything of it is written).
 * Backward, the list holds x (tx) and dy (tdy, packed by the same permutation), so that
 * dx = dy f' of the listed lanes is done on the list, before the results go back.  Defines name##_forward and name##_backward
 * (same signature; forward ignores dy), for GELU_AVX2_FORWARD_LOOP and
 * GELU_AVX2_BACKWARD_LOOP. */
#define GELU_AVX2_BLOCKS(name, fast8_out, tail8, sat_lo, sat_hi, hi_value)                    \
    GELU_AVX2_INLINE void name##_body(const float *x, const float *dy, float *out, size_t n,  \
                                      int bwd, int stream)                                   \
    {                                                                                        \
        float tx[GELU_AVX2_BLOCK + 8], tdy[GELU_AVX2_BLOCK + 8];                             \
        _Alignas(32) float ty[GELU_AVX2_BLOCK];                                              \
        uint8_t need[GELU_AVX2_BLOCK / 8], where[GELU_AVX2_BLOCK / 8];                       \
        for (size_t i = 0; i < n; i += GELU_AVX2_BLOCK) {                                    \
            size_t m = n - i < GELU_AVX2_BLOCK ? n - i : GELU_AVX2_BLOCK, cnt = 0;           \
            unsigned nt = 0;                                                                 \
            for (size_t j = 0; j < m; j += 8) {                                              \
                if (stream && (j & 15u) == 0) {                                              \
                    _mm_prefetch(GELU_PREFETCH_AHEAD(x + i + j), _MM_HINT_T0);                  \
                    if (bwd)                                                                 \
                        _mm_prefetch(GELU_PREFETCH_AHEAD(dy + i + j), _MM_HINT_T0);                  \
                }                                                                            \
                int pending = 0;                                                             \
                __m256 xv = _mm256_loadu_ps(x + i + j), o;                                   \
                __m256 y = fast8_out(xv, &o);                                                \
                int t = _mm256_movemask_ps(o);                                               \
                if (__builtin_expect(t != 0, 0)) {                                           \
                    __m256 hi = _mm256_and_ps(o, _mm256_cmp_ps(xv, _mm256_set1_ps(sat_hi), _CMP_GT_OQ)); \
                    __m256 lo = _mm256_and_ps(o, _mm256_cmp_ps(xv, _mm256_set1_ps(sat_lo), _CMP_LT_OQ)); \
                    y = _mm256_blendv_ps(y, hi_value(xv), hi);                               \
                    y = _mm256_blendv_ps(y, _mm256_set1_ps(-0.0f), lo);                      \
                    t &= ~_mm256_movemask_ps(_mm256_or_ps(hi, lo));                          \
                    if (t != 0) {                                                            \
                        __m256i c = _mm256_cvtepu8_epi32(                                    \
                            _mm_loadl_epi64((const __m128i *)&gelu_avx2_compress_idx[t]));   \
                        _mm256_storeu_ps(tx + cnt, _mm256_permutevar8x32_ps(xv, c));         \
                        if (bwd)                                                             \
                            _mm256_storeu_ps(tdy + cnt, _mm256_permutevar8x32_ps(            \
                                                            _mm256_loadu_ps(dy + i + j), c)); \
                        cnt += gelu_avx2_popcount[t];                                        \
                        need[nt] = (uint8_t)t;                                               \
                        where[nt] = (uint8_t)(j / 8);                                        \
                        pending = 1;                                                         \
                    }                                                                        \
                }                                                                            \
                if (bwd)                                                                     \
                    y = gelu_avx2_backward_product(xv, _mm256_loadu_ps(dy + i + j), y);      \
                if (stream && pending)                                                       \
                    _mm256_store_ps(ty + 8 * nt, y);                                         \
                else                                                                         \
                    gelu_avx2_put(out + i + j, y, stream);                                   \
                nt += (unsigned)pending;                                                     \
            }                                                                                \
            if (nt == 0) continue;                                                           \
            /* the last list vector's padding */                                             \
            _mm256_storeu_ps(tx + cnt, _mm256_setzero_ps());                                 \
            if (bwd) _mm256_storeu_ps(tdy + cnt, _mm256_setzero_ps());                       \
            for (size_t k = 0; k < cnt; k += 8) {                                            \
                __m256 xk = _mm256_loadu_ps(tx + k), r = tail8(xk);                          \
                if (bwd) r = gelu_avx2_backward_product(xk, _mm256_loadu_ps(tdy + k), r);    \
                _mm256_storeu_ps(tx + k, r);                                                 \
            }                                                                                \
            size_t off = 0;                                                                  \
            for (unsigned q = 0; q < nt; q++) {                                              \
                __m256i e = _mm256_cvtepi8_epi32(                                            \
                    _mm_loadl_epi64((const __m128i *)&gelu_avx2_expand_idx[need[q]]));       \
                __m256 y = _mm256_blendv_ps(_mm256_permutevar8x32_ps(_mm256_loadu_ps(tx + off), e), \
                                            stream ? _mm256_load_ps(ty + 8 * q)              \
                                                   : _mm256_loadu_ps(out + i + 8 * (size_t)where[q]), \
                                            _mm256_castsi256_ps(e));                         \
                off += gelu_avx2_popcount[need[q]];                                          \
                gelu_avx2_put(out + i + 8 * (size_t)where[q], y, stream);                    \
            }                                                                                \
        }                                                                                    \
    }                                                                                        \
    /* each with bwd and stream constant in the inlined body, the streaming ones out of line \
     * (their frames hold ty) */                                                             \
    static __attribute__((noinline, unused)) void name##_forward_stream(                    \
        const float *x, float *out, size_t n)                                                \
    {                                                                                        \
        name##_body(x, NULL, out, n, 0, 1);                                                  \
    }                                                                                        \
    static __attribute__((noinline, unused)) void name##_backward_stream(                   \
        const float *x, const float *dy, float *out, size_t n)                               \
    {                                                                                        \
        name##_body(x, dy, out, n, 1, 1);                                                    \
    }                                                                                        \
    static __attribute__((unused)) void name##_forward(const float *x, const float *dy,      \
                                                       float *out, size_t n, int stream)     \
    {                                                                                        \
        (void)dy;                                                                            \
        if (stream)                                                                          \
            name##_forward_stream(x, out, n);                                                \
        else                                                                                 \
            name##_body(x, NULL, out, n, 0, 0);                                              \
    }                                                                                        \
    static __attribute__((unused)) void name##_backward(const float *x, const float *dy,     \
                                                        float *out, size_t n, int stream)    \
    {                                                                                        \
        if (stream)                                                                          \
            name##_backward_stream(x, dy, out, n);                                           \
        else                                                                                 \
            name##_body(x, dy, out, n, 1, 0);                                                \
    }

typedef void (*gelu_avx2_blocks_fn)(const float *x, const float *dy, float *out, size_t n,
                                    int stream);

/* out[0 .. m) for m < 8 through zero-padded copies. */
static inline void gelu_avx2_piece(gelu_avx2_blocks_fn blocks, const float *x, const float *dy,
                                   float *out, size_t m)
{
    _Alignas(32) float bx[8] = {0}, bdy[8] = {0}, bo[8];
    memcpy(bx, x, m * sizeof *x);
    if (dy) memcpy(bdy, dy, m * sizeof *dy);
    blocks(bx, bdy, bo, 8, 0);
    memcpy(out, bo, m * sizeof *out);
}

/* out[0 .. n): a head that aligns a streamed output to 32 bytes, the whole vectors by
 * blocks, the last n % 8, the head and the tail through zero-padded copies. */
static inline void gelu_avx2_run(gelu_avx2_blocks_fn blocks, const float *x, const float *dy,
                                 float *out, size_t n)
{
    int stream = gelu_loop_streams(n, out);
    size_t h = stream ? (size_t)((0u - (uintptr_t)out) & 31u) / sizeof(float) : 0;
    if (h) gelu_avx2_piece(blocks, x, dy, out, h);
    size_t body = (n - h) & ~(size_t)7;
    blocks(x + h, dy ? dy + h : NULL, out + h, body, stream);
    if (stream) _mm_sfence();
    if (h + body < n)
        gelu_avx2_piece(blocks, x + h + body, dy ? dy + h + body : NULL, out + h + body,
                        n - h - body);
}

/* void name(const float *x, float *y, size_t n): y = f(x) by the GELU_AVX2_BLOCKS of blk. */
#define GELU_AVX2_FORWARD_LOOP(name, blk)                                                     \
    void name(const float *x, float *y, size_t n) { gelu_avx2_run(blk##_forward, x, NULL, y, n); }

/* void name(const float *x, const float *dy, float *dx, size_t n): dx = dy f'(x) with the NaN
 * rules of gelu_avx2_backward_product, f' by the GELU_AVX2_BLOCKS of blk. */
#define GELU_AVX2_BACKWARD_LOOP(name, blk)                                                    \
    void name(const float *x, const float *dy, float *dx, size_t n)                          \
    {                                                                                        \
        gelu_avx2_run(blk##_backward, x, dy, dx, n);                                         \
    }

#endif /* GELU_LOOP_AVX2_H */
