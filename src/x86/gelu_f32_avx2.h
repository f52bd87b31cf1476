/* gelu_f32_avx2.h -- what the AVX2+FMA f32 loops share (*_avx2.c files only): the masks of
 * a vector's first lanes, NaN quieting, the backward product's NaN rules, float lanes as
 * doubles.  The methods themselves are written once, src/simd/gelu_f32_methods.h over
 * src/x86/vec_f32_avx2.h. */
#ifndef GELU_F32_AVX2_H
#define GELU_F32_AVX2_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#define GELU_AVX2_INLINE static inline __attribute__((always_inline))

/* All-ones in the first m lanes (0 <= m <= 8). */
GELU_AVX2_INLINE __m256i gelu_avx2_head_mask(size_t m)
{
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)m), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* x with the quiet bit set (for NaN lanes: quieted, sign and payload kept). */
GELU_AVX2_INLINE __m256 gelu_avx2_quiet(__m256 x)
{
    return _mm256_castsi256_ps(_mm256_or_si256(_mm256_castps_si256(x), _mm256_set1_epi32(0x00400000)));
}

GELU_AVX2_INLINE __m256 gelu_avx2_isnan(__m256 x) { return _mm256_cmp_ps(x, x, _CMP_UNORD_Q); }

/* dx = dy * d with gelu_backward_product_f32's NaN rules. */
GELU_AVX2_INLINE __m256 gelu_avx2_backward_product(__m256 x, __m256 dy, __m256 d)
{
    __m256 p = _mm256_mul_ps(dy, d);
    p = _mm256_blendv_ps(p, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fc00000)), gelu_avx2_isnan(p));
    p = _mm256_blendv_ps(p, gelu_avx2_quiet(dy), gelu_avx2_isnan(dy));
    return _mm256_blendv_ps(p, gelu_avx2_quiet(x), gelu_avx2_isnan(x));
}

/* 8 float lanes as two halves of 4 doubles. */
GELU_AVX2_INLINE __m256d gelu_avx2_lo_pd(__m256 x) { return _mm256_cvtps_pd(_mm256_castps256_ps128(x)); }
GELU_AVX2_INLINE __m256d gelu_avx2_hi_pd(__m256 x) { return _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)); }

#endif /* GELU_F32_AVX2_H */
