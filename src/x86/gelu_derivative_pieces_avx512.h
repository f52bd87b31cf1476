/* gelu_derivative_pieces_avx512.h -- gelu_derivative_pieces_f32 (src/scalar/
 * gelu_derivative_f32_pieces.h) on 16 float lanes, and the backward product's NaN rules.
 * The polynomial by gelu_f32_pieces_avx512.h; the d-form lanes (dform_lo <= x <=
 * dform_hi, exactly the pieces whose DA is 1) get dh, dl and DK from one range mask instead
 * of three more permutes: the same values, so the same bits.
 * Include only from files compiled with the AVX-512 flags (*_avx512.c). */
#ifndef GELU_DERIVATIVE_PIECES_AVX512_H
#define GELU_DERIVATIVE_PIECES_AVX512_H

#include <immintrin.h>

#include "scalar/gelu_derivative_f32_pieces.h"
#include "x86/gelu_f32_pieces_avx512.h"

/* P: T's polynomial tables (gelu_derivative_f32_pieces.h). */
static inline __attribute__((always_inline)) __m512
gelu_derivative_pieces_avx512(__m512 x, const gelu_derivative_f32_pieces *T, const gelu_f32_pieces_ref *P)
{
    __m512 pl, ph = gelu_f32_pieces_avx512(x, P, &pl);
    __m512 w = _mm512_sub_ps(x, _mm512_set1_ps(T->x0h));
    __mmask16 md = _mm512_cmp_ps_mask(x, _mm512_set1_ps(T->dform_lo), _CMP_GE_OQ);
    md = _mm512_mask_cmp_ps_mask(md, x, _mm512_set1_ps(T->dform_hi), _CMP_LE_OQ);
    __m512 dh = _mm512_mask_sub_ps(_mm512_set1_ps(1.0f), md, w, _mm512_set1_ps(T->x0l));
    __m512 dl = _mm512_maskz_sub_ps(md, _mm512_set1_ps(-T->x0l), _mm512_maskz_sub_ps(md, dh, w));
    __m512 c = _mm512_maskz_fmadd_ps(md, dl, ph, _mm512_set1_ps(T->dform_k));
    return _mm512_fmadd_ps(dh, ph, _mm512_fmadd_ps(dh, pl, c));
}

/* dx = dy * d with gelu_backward_product_f32's NaN rules. */
static inline __m512 gelu_backward_product_avx512(__m512 x, __m512 dy, __m512 d)
{
    const __m512i quiet = _mm512_set1_epi32(0x00400000);
    __m512 p = _mm512_mul_ps(dy, d);
    p = _mm512_mask_mov_ps(p, _mm512_cmp_ps_mask(p, p, _CMP_UNORD_Q),
                           _mm512_castsi512_ps(_mm512_set1_epi32(0x7fc00000)));
    p = _mm512_mask_mov_ps(p, _mm512_cmp_ps_mask(dy, dy, _CMP_UNORD_Q),
                           _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(dy), quiet)));
    return _mm512_mask_mov_ps(p, _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q),
                              _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(x), quiet)));
}

#endif /* GELU_DERIVATIVE_PIECES_AVX512_H */
