/* simd_avx512.h -- the vector operations of src/simd/gelu_f32_simd.h and gelu_f64_simd.h
 * on AVX-512 (F, DQ, BW, VL): 8 double lanes, each holding one float input (f32 kernels)
 * or one double input (f64 kernels).
 * Include only from files compiled with the AVX-512 flags (*_avx512.c). */
#ifndef GELU_SIMD_AVX512_H
#define GELU_SIMD_AVX512_H

#include <immintrin.h>
#include <stdint.h>

#define GELU_VLEN 8

typedef __m512d vd;   /* 8 doubles */
typedef __mmask8 vm;  /* 8 lane flags */
typedef __m512i vi;   /* 8 int64 */
typedef __m256 vf;    /* 8 floats */
typedef __mmask8 vmf; /* 8 float lane flags */

static inline vd vd_bcast(double a) { return _mm512_set1_pd(a); }
static inline vd vd_add(vd a, vd b) { return _mm512_add_pd(a, b); }
static inline vd vd_sub(vd a, vd b) { return _mm512_sub_pd(a, b); }
static inline vd vd_mul(vd a, vd b) { return _mm512_mul_pd(a, b); }
static inline vd vd_div(vd a, vd b) { return _mm512_div_pd(a, b); }
static inline vd vd_abs(vd a) { return _mm512_abs_pd(a); }
static inline vd vd_neg(vd a) { return _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(a), _mm512_set1_epi64((long long)0x8000000000000000ull))); }
static inline vm vd_lt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
static inline vm vd_le(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_LE_OQ); }
static inline vm vd_ge(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_GE_OQ); }
static inline vm vm_and(vm a, vm b) { return (vm)(a & b); }
/* m ? t : f, per lane */
static inline vd vd_select(vm m, vd t, vd f) { return _mm512_mask_blend_pd(m, f, t); }

/* 2^k where t = k + 1.5 * 2^52 exactly (|k| < 1022): k is t's low mantissa bits. */
static inline vd vd_pow2_shifted(vd t, double shifter)
{
    vi k = _mm512_sub_epi64(_mm512_castpd_si512(t), _mm512_castpd_si512(_mm512_set1_pd(shifter)));
    return _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_add_epi64(k, _mm512_set1_epi64(1023)), 52));
}

/* Doubles for the f64 kernels (src/simd/gelu_f64_simd.h): one input per lane. */
static inline vd vd_load(const double *p) { return _mm512_loadu_pd(p); }
static inline void vd_store(double *p, vd a) { _mm512_storeu_pd(p, a); }
static inline vd vd_fma(vd a, vd b, vd c) { return _mm512_fmadd_pd(a, b, c); } /* a b + c, rounded once */
/* GCC 12's _mm512_roundscale_pd is a macro at -O0 that converts its (__mmask8)-1 through
 * char, which -Wsign-conversion reports inside the system header's expansion. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
static inline vd vd_trunc(vd a) { return _mm512_roundscale_pd(a, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC); }
#pragma GCC diagnostic pop
static inline vd vd_from_bits(uint64_t u) { return _mm512_castsi512_pd(_mm512_set1_epi64((long long)u)); }
/* a with the quiet bit set (a NaN, quieted, sign and payload kept) */
static inline vd vd_quiet(vd a)
{
    return _mm512_castsi512_pd(_mm512_or_si512(_mm512_castpd_si512(a),
                                               _mm512_set1_epi64(0x0008000000000000ll)));
}
static inline vm vd_eq(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ); }
static inline vm vd_gt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_GT_OQ); }
static inline vm vd_isnan(vd a) { return _mm512_cmp_pd_mask(a, a, _CMP_UNORD_Q); }
static inline vm vm_or(vm a, vm b) { return (vm)(a | b); }
static inline vm vm_andnot(vm a, vm b) { return (vm)(a & ~b); } /* a and not b */
static inline int vm_any(vm a) { return a != 0; }
/* Floats (the ReLU kernels of gelu_f32_simd.h): loads, stores and the NaN rules. */
static inline vf vf_load(const float *p) { return _mm256_loadu_ps(p); }
static inline void vf_store(float *p, vf a) { _mm256_storeu_ps(p, a); }
static inline vf vf_bcast(float a) { return _mm256_set1_ps(a); }
static inline vf vf_mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
static inline vf vf_from_bits(uint32_t u) { return _mm256_castsi256_ps(_mm256_set1_epi32((int)u)); }
static inline vf vf_select(vmf m, vf t, vf f) { return _mm256_mask_blend_ps(m, f, t); }
static inline vmf vf_isnan(vf a) { return _mm256_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
static inline vmf vf_gt(vf a, vf b) { return _mm256_cmp_ps_mask(a, b, _CMP_GT_OQ); }
/* a with the quiet bit set (a NaN, quieted, sign and payload kept) */
static inline vf vf_quiet(vf a)
{
    return _mm256_castsi256_ps(
        _mm256_or_si256(_mm256_castps_si256(a), _mm256_set1_epi32(0x00400000)));
}

#endif /* GELU_SIMD_AVX512_H */
