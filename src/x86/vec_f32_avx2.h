/* vec_f32_avx2.h -- the native float vector layer on AVX2 + FMA: 8 lanes, masks as vectors
 * (all ones or all zeros per lane).  The operations, names and results of
 * src/simd/vec_f32_scalar.h (the list and their meaning are there); compile with -mavx2 -mfma,
 * include this, then the templates (src/simd/gelu_f32_methods.h and the
 * others vec_f32_scalar.h names).  vs_lookup16: two VPERMPS on
 * the table's halves and a BLENDVPS on bit 3 of the index; vs_lookup32: four VPERMPS on the
 * quarters and three BLENDVPS on bits 3 and 4 (the shifts of the index are common
 * subexpressions of the lookups that share it), which beat VGATHERDPS on AMD Zen 5 (about
 * 3 times, GELU_ERF forward at N(0,1)). */
#ifndef GELU_VEC_F32_AVX2_H
#define GELU_VEC_F32_AVX2_H

#include <immintrin.h>
#include <stdint.h>

#define GELU_VS_LANES 8
#define GELU_VS_INLINE static inline __attribute__((always_inline))

typedef __m256 vs;
typedef __m256i vsi;
typedef __m256 vsm;

GELU_VS_INLINE vs vs_bcast(float c) { return _mm256_set1_ps(c); }
GELU_VS_INLINE vs vs_add(vs a, vs b) { return _mm256_add_ps(a, b); }
GELU_VS_INLINE vs vs_sub(vs a, vs b) { return _mm256_sub_ps(a, b); }
GELU_VS_INLINE vs vs_mul(vs a, vs b) { return _mm256_mul_ps(a, b); }
GELU_VS_INLINE vs vs_fma(vs a, vs b, vs c) { return _mm256_fmadd_ps(a, b, c); }
GELU_VS_INLINE vs vs_fms(vs a, vs b, vs c) { return _mm256_fmsub_ps(a, b, c); }
GELU_VS_INLINE vs vs_fnma(vs a, vs b, vs c) { return _mm256_fnmadd_ps(a, b, c); }
GELU_VS_INLINE vs vs_abs(vs a)
{
    return _mm256_and_ps(a, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)));
}
GELU_VS_INLINE vs vs_min(vs a, vs b) { return _mm256_min_ps(a, b); }
GELU_VS_INLINE vs vs_max(vs a, vs b) { return _mm256_max_ps(a, b); }
GELU_VS_INLINE vsm vs_lt(vs a, vs b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
GELU_VS_INLINE vs vs_select(vsm m, vs a, vs b) { return _mm256_blendv_ps(b, a, m); }
GELU_VS_INLINE int vsm_any(vsm m) { return _mm256_movemask_ps(m) != 0; }
GELU_VS_INLINE vsi vs_as_vsi(vs a) { return _mm256_castps_si256(a); }
GELU_VS_INLINE vs vsi_as_vs(vsi i) { return _mm256_castsi256_ps(i); }
GELU_VS_INLINE vsi vsi_bcast(int32_t c) { return _mm256_set1_epi32(c); }
GELU_VS_INLINE vsi vsi_add(vsi i, vsi j) { return _mm256_add_epi32(i, j); }
#define vsi_sra(i, s) _mm256_srai_epi32((i), (s))
#define vsi_shl(i, s) _mm256_slli_epi32((i), (s))
/* VPERMPS uses the low 3 bits of the index; bit 3 (moved to the sign) picks the half. */
GELU_VS_INLINE vs vs_lookup16(const float *t, vsi i)
{
    vs lo = _mm256_permutevar8x32_ps(_mm256_load_ps(t), i);
    vs hi = _mm256_permutevar8x32_ps(_mm256_load_ps(t + 8), i);
    return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28)));
}
GELU_VS_INLINE vs vs_lookup32(const float *t, vsi i)
{
    vs b3 = _mm256_castsi256_ps(_mm256_slli_epi32(i, 28));
    vs b4 = _mm256_castsi256_ps(_mm256_slli_epi32(i, 27));
    vs q0 = _mm256_permutevar8x32_ps(_mm256_load_ps(t), i);
    vs q1 = _mm256_permutevar8x32_ps(_mm256_load_ps(t + 8), i);
    vs q2 = _mm256_permutevar8x32_ps(_mm256_load_ps(t + 16), i);
    vs q3 = _mm256_permutevar8x32_ps(_mm256_load_ps(t + 24), i);
    return _mm256_blendv_ps(_mm256_blendv_ps(q0, q1, b3), _mm256_blendv_ps(q2, q3, b3), b4);
}
GELU_VS_INLINE vsm vs_le(vs a, vs b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
GELU_VS_INLINE vsm vs_nle(vs a, vs b) { return _mm256_cmp_ps(a, b, _CMP_NLE_UQ); }
GELU_VS_INLINE vsm vs_nlt(vs a, vs b) { return _mm256_cmp_ps(a, b, _CMP_NLT_UQ); }
GELU_VS_INLINE vsm vsm_or(vsm m, vsm n) { return _mm256_or_ps(m, n); }
GELU_VS_INLINE vsm vs_isnan(vs a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
GELU_VS_INLINE vsm vsm_and(vsm m, vsm n) { return _mm256_and_ps(m, n); }
GELU_VS_INLINE vsm vsm_not(vsm m)
{
    return _mm256_xor_ps(m, _mm256_castsi256_ps(_mm256_set1_epi32(-1)));
}
GELU_VS_INLINE unsigned vsm_bits(vsm m) { return (unsigned)_mm256_movemask_ps(m); }
GELU_VS_INLINE vs vs_neg(vs a) { return _mm256_xor_ps(a, _mm256_set1_ps(-0.0f)); }
GELU_VS_INLINE vsi vsi_sub(vsi i, vsi j) { return _mm256_sub_epi32(i, j); }
GELU_VS_INLINE vsi vsi_or(vsi i, vsi j) { return _mm256_or_si256(i, j); }
GELU_VS_INLINE vsi vsi_and(vsi i, vsi j) { return _mm256_and_si256(i, j); }
GELU_VS_INLINE vsi vsi_max(vsi i, vsi j) { return _mm256_max_epi32(i, j); }
GELU_VS_INLINE vs vs_loadu(const float *p) { return _mm256_loadu_ps(p); }
GELU_VS_INLINE void vs_storeu(float *p, vs a) { _mm256_storeu_ps(p, a); }

#endif /* GELU_VEC_F32_AVX2_H */
