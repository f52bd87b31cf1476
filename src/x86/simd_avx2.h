/* simd_avx2.h -- the vector operations of src/simd/gelu_f32_simd.h and gelu_f64_simd.h on
 * AVX2 + FMA (FMA only in vd_fma, where the portable f64 kernels call fma()): 4 double
 * lanes, each holding one float input (f32 kernels) or one double input (f64 kernels).
 * Include only from files compiled with -mavx2 -mfma (*_avx2.c). */
#ifndef GELU_SIMD_AVX2_H
#define GELU_SIMD_AVX2_H

#include <immintrin.h>
#include <stdint.h>

#define GELU_VLEN 4

typedef __m256d vd;  /* 4 doubles */
typedef __m256d vm;  /* 4 lane flags: all ones or all zeros */
typedef __m256i vi;  /* 4 int64 */
typedef __m128 vf;   /* 4 floats */
typedef __m128 vmf;  /* 4 float lane flags */

static inline vd vd_bcast(double a) { return _mm256_set1_pd(a); }
static inline vd vd_add(vd a, vd b) { return _mm256_add_pd(a, b); }
static inline vd vd_sub(vd a, vd b) { return _mm256_sub_pd(a, b); }
static inline vd vd_mul(vd a, vd b) { return _mm256_mul_pd(a, b); }
static inline vd vd_div(vd a, vd b) { return _mm256_div_pd(a, b); }
static inline vd vd_abs(vd a) { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), a); }
static inline vd vd_neg(vd a) { return _mm256_xor_pd(_mm256_set1_pd(-0.0), a); }
static inline vm vd_lt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
static inline vm vd_le(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_LE_OQ); }
static inline vm vd_ge(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_GE_OQ); }
static inline vm vm_and(vm a, vm b) { return _mm256_and_pd(a, b); }
/* m ? t : f, per lane */
static inline vd vd_select(vm m, vd t, vd f) { return _mm256_blendv_pd(f, t, m); }

/* 2^k where t = k + 1.5 * 2^52 exactly (|k| < 1022): k is t's low mantissa bits. */
static inline vd vd_pow2_shifted(vd t, double shifter)
{
    vi k = _mm256_sub_epi64(_mm256_castpd_si256(t), _mm256_castpd_si256(_mm256_set1_pd(shifter)));
    return _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(k, _mm256_set1_epi64x(1023)), 52));
}

/* Doubles for the f64 kernels (src/simd/gelu_f64_simd.h): one input per lane; these use
 * FMA where the portable code calls fma(). */
static inline vd vd_load(const double *p) { return _mm256_loadu_pd(p); }
static inline void vd_store(double *p, vd a) { _mm256_storeu_pd(p, a); }
static inline vd vd_fma(vd a, vd b, vd c) { return _mm256_fmadd_pd(a, b, c); } /* a b + c, rounded once */
static inline vd vd_trunc(vd a) { return _mm256_round_pd(a, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC); }
static inline vd vd_from_bits(uint64_t u) { return _mm256_castsi256_pd(_mm256_set1_epi64x((long long)u)); }
/* a with the quiet bit set (a NaN, quieted, sign and payload kept) */
static inline vd vd_quiet(vd a)
{
    return _mm256_or_pd(a, vd_from_bits(0x0008000000000000u));
}
static inline vm vd_eq(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_EQ_OQ); }
static inline vm vd_gt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_GT_OQ); }
static inline vm vd_isnan(vd a) { return _mm256_cmp_pd(a, a, _CMP_UNORD_Q); }
static inline vm vm_or(vm a, vm b) { return _mm256_or_pd(a, b); }
static inline vm vm_andnot(vm a, vm b) { return _mm256_andnot_pd(b, a); } /* a and not b */
static inline int vm_any(vm a) { return _mm256_movemask_pd(a) != 0; }
/* Floats (the ReLU kernels of gelu_f32_simd.h): loads, stores and the NaN rules. */
static inline vf vf_load(const float *p) { return _mm_loadu_ps(p); }
static inline void vf_store(float *p, vf a) { _mm_storeu_ps(p, a); }
static inline vf vf_bcast(float a) { return _mm_set1_ps(a); }
static inline vf vf_mul(vf a, vf b) { return _mm_mul_ps(a, b); }
static inline vf vf_from_bits(uint32_t u) { return _mm_castsi128_ps(_mm_set1_epi32((int)u)); }
static inline vf vf_select(vmf m, vf t, vf f) { return _mm_blendv_ps(f, t, m); }
static inline vmf vf_isnan(vf a) { return _mm_cmpunord_ps(a, a); }
static inline vmf vf_gt(vf a, vf b) { return _mm_cmpgt_ps(a, b); }
/* a with the quiet bit set (a NaN, quieted, sign and payload kept) */
static inline vf vf_quiet(vf a)
{
    return _mm_castsi128_ps(_mm_or_si128(_mm_castps_si128(a), _mm_set1_epi32(0x00400000)));
}

#endif /* GELU_SIMD_AVX2_H */
