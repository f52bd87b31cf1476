/* gelu_f32_pieces_avx512.h -- gelu_f32_pieces_eval (src/scalar/gelu_f32_pieces.h) on 16 float
 * lanes: each 32-entry table is one vpermt2ps (the index is the low 5 bits of the shifter
 * sum s).  Include only from files compiled with the AVX-512 flags (*_avx512.c). */
#ifndef GELU_F32_PIECES_AVX512_H
#define GELU_F32_PIECES_AVX512_H

#include <immintrin.h>

#include "scalar/gelu_f32_pieces.h"

static inline __attribute__((always_inline)) __m512 gelu_perm32_avx512(const float *t, __m512i idx)
{
    return _mm512_permutex2var_ps(_mm512_load_ps(t), idx, _mm512_load_ps(t + 16));
}

/* Returns Ph, sets *pl, and *lo (the low part without e) and *idx (the table index). */
static inline __attribute__((always_inline)) __m512
gelu_f32_pieces_lo_avx512(__m512 x, const gelu_f32_pieces_ref *P, __m512 *pl, __m512 *lo_out,
                          __m512i *idx)
{
    const __m512 sh = _mm512_set1_ps(0x1.8p23f);
    __m512 s = _mm512_fmadd_ps(x, _mm512_set1_ps(4.0f), sh);
    __m512 kd = _mm512_sub_ps(s, sh);
    __m512 u = _mm512_fmadd_ps(kd, _mm512_set1_ps(-0.25f), x);
    __m512i i = _mm512_castps_si512(s);
    __m512 q = gelu_perm32_avx512(P->hi_to_lo[0], i);
    for (int j = 1; j < P->nq; j++) q = _mm512_fmadd_ps(q, u, gelu_perm32_avx512(P->hi_to_lo[j], i));
    q = _mm512_fmadd_ps(q, u, gelu_perm32_avx512(P->c1l, i));
    __m512 lo = _mm512_fmadd_ps(q, u, gelu_perm32_avx512(P->c0l, i));
    __m512 c0h = gelu_perm32_avx512(P->c0h, i), c1h = gelu_perm32_avx512(P->c1h, i);
    __m512 ph = _mm512_fmadd_ps(c1h, u, c0h);
    __m512 e = _mm512_fmadd_ps(c1h, u, _mm512_sub_ps(c0h, ph));
    *pl = _mm512_add_ps(e, lo);
    *lo_out = lo;
    *idx = i;
    return ph;
}

/* Returns Ph, sets *pl. */
static inline __attribute__((always_inline)) __m512
gelu_f32_pieces_avx512(__m512 x, const gelu_f32_pieces_ref *P, __m512 *pl)
{
    __m512 lo;
    __m512i i;
    return gelu_f32_pieces_lo_avx512(x, P, pl, &lo, &i);
}

/* The NaN lanes of x, quieted (sign and payload kept), over y. */
static inline __m512 gelu_quiet_nan_lanes_avx512(__m512 x, __m512 y)
{
    __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
    return _mm512_mask_mov_ps(
        y, nan,
        _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x00400000))));
}

#endif /* GELU_F32_PIECES_AVX512_H */
