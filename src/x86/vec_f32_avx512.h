/* vec_f32_avx512.h -- the native float vector layer on AVX-512 (F, DQ): 16 lanes, masks in
 * __mmask16.  The operations, names and results of src/simd/vec_f32_scalar.h (the list and
 * their meaning are there); compile with the AVX-512 flags, include this, then the templates
 * (src/simd/gelu_f32_methods.h and the others vec_f32_scalar.h names).  vs_lookup16 is one VPERMPS, vs_lookup32 one VPERMT2PS. */
#ifndef GELU_VEC_F32_AVX512_H
#define GELU_VEC_F32_AVX512_H

#include <immintrin.h>
#include <stdint.h>

#define GELU_VS_LANES 16
#define GELU_VS_INLINE static inline __attribute__((always_inline))

typedef __m512 vs;
typedef __m512i vsi;
typedef __mmask16 vsm;

GELU_VS_INLINE vs vs_bcast(float c) { return _mm512_set1_ps(c); }
GELU_VS_INLINE vs vs_add(vs a, vs b) { return _mm512_add_ps(a, b); }
GELU_VS_INLINE vs vs_sub(vs a, vs b) { return _mm512_sub_ps(a, b); }
GELU_VS_INLINE vs vs_mul(vs a, vs b) { return _mm512_mul_ps(a, b); }
GELU_VS_INLINE vs vs_fma(vs a, vs b, vs c) { return _mm512_fmadd_ps(a, b, c); }
GELU_VS_INLINE vs vs_fms(vs a, vs b, vs c) { return _mm512_fmsub_ps(a, b, c); }
GELU_VS_INLINE vs vs_fnma(vs a, vs b, vs c) { return _mm512_fnmadd_ps(a, b, c); }
GELU_VS_INLINE vs vs_abs(vs a)
{
    return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(a), _mm512_set1_epi32(0x7fffffff)));
}
GELU_VS_INLINE vs vs_min(vs a, vs b) { return _mm512_min_ps(a, b); }
GELU_VS_INLINE vs vs_max(vs a, vs b) { return _mm512_max_ps(a, b); }
GELU_VS_INLINE vsm vs_lt(vs a, vs b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
GELU_VS_INLINE vs vs_select(vsm m, vs a, vs b) { return _mm512_mask_blend_ps(m, b, a); }
GELU_VS_INLINE int vsm_any(vsm m) { return m != 0; }
GELU_VS_INLINE vsi vs_as_vsi(vs a) { return _mm512_castps_si512(a); }
GELU_VS_INLINE vs vsi_as_vs(vsi i) { return _mm512_castsi512_ps(i); }
GELU_VS_INLINE vsi vsi_bcast(int32_t c) { return _mm512_set1_epi32(c); }
GELU_VS_INLINE vsi vsi_add(vsi i, vsi j) { return _mm512_add_epi32(i, j); }
#define vsi_sra(i, s) _mm512_srai_epi32((i), (s))
#define vsi_shl(i, s) _mm512_slli_epi32((i), (s))
GELU_VS_INLINE vs vs_lookup16(const float *t, vsi i) { return _mm512_permutexvar_ps(i, _mm512_load_ps(t)); }
GELU_VS_INLINE vs vs_lookup32(const float *t, vsi i)
{
    return _mm512_permutex2var_ps(_mm512_load_ps(t), i, _mm512_load_ps(t + 16));
}
GELU_VS_INLINE vsm vs_le(vs a, vs b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
GELU_VS_INLINE vsm vs_nle(vs a, vs b) { return _mm512_cmp_ps_mask(a, b, _CMP_NLE_UQ); }
GELU_VS_INLINE vsm vs_nlt(vs a, vs b) { return _mm512_cmp_ps_mask(a, b, _CMP_NLT_UQ); }
GELU_VS_INLINE vsm vsm_or(vsm m, vsm n) { return (vsm)(m | n); }
GELU_VS_INLINE vsm vs_isnan(vs a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
GELU_VS_INLINE vsm vsm_and(vsm m, vsm n) { return (vsm)(m & n); }
GELU_VS_INLINE vsm vsm_not(vsm m) { return (vsm)~m; }
GELU_VS_INLINE unsigned vsm_bits(vsm m) { return m; }
GELU_VS_INLINE vs vs_neg(vs a)
{
    return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(a), _mm512_set1_epi32(INT32_MIN)));
}
GELU_VS_INLINE vsi vsi_sub(vsi i, vsi j) { return _mm512_sub_epi32(i, j); }
GELU_VS_INLINE vsi vsi_or(vsi i, vsi j) { return _mm512_or_si512(i, j); }
GELU_VS_INLINE vsi vsi_and(vsi i, vsi j) { return _mm512_and_si512(i, j); }
GELU_VS_INLINE vsi vsi_max(vsi i, vsi j) { return _mm512_max_epi32(i, j); }
GELU_VS_INLINE vs vs_loadu(const float *p) { return _mm512_loadu_ps(p); }
GELU_VS_INLINE void vs_storeu(float *p, vs a) { _mm512_storeu_ps(p, a); }

#endif /* GELU_VEC_F32_AVX512_H */
