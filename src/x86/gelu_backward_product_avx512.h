/* gelu_backward_product_avx512.h -- dx = dy f'(x) on 16 float lanes with the NaN rules of
 * gelu.h (gelu_backward_product_f32, src/scalar/special_values.h), for the AVX-512 loops.
 * Include only from files compiled with the AVX-512 flags (*_avx512.c). */
#ifndef GELU_BACKWARD_PRODUCT_AVX512_H
#define GELU_BACKWARD_PRODUCT_AVX512_H

#include <immintrin.h>

/* dx = dy * d: x's NaN (quieted), else dy's NaN (quieted), else the product, a NaN it
 * creates being the default 0x7fc00000. */
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

#endif /* GELU_BACKWARD_PRODUCT_AVX512_H */
