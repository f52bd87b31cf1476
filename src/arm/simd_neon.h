/* simd_neon.h -- the vector operations of src/simd/gelu_f32_simd.h and gelu_f64_simd.h on
 * AArch64 NEON (Advanced SIMD, part of every AArch64 CPU): 2 double lanes, each holding one
 * float input (f32 kernels) or one double input (f64 kernels).
 * Default FPCR (round to nearest, no flush to zero, no default-NaN mode) assumed, as
 * everywhere in the library. */
#ifndef GELU_SIMD_NEON_H
#define GELU_SIMD_NEON_H

#include <arm_neon.h>
#include <stdint.h>

#define GELU_VLEN 2

typedef float64x2_t vd; /* 2 doubles */
typedef uint64x2_t vm;  /* 2 lane flags: all ones or all zeros */
typedef int64x2_t vi;   /* 2 int64 */
typedef float32x2_t vf; /* 2 floats */
typedef uint32x2_t vmf; /* 2 float lane flags */

static inline vd vd_bcast(double a) { return vdupq_n_f64(a); }
static inline vd vd_add(vd a, vd b) { return vaddq_f64(a, b); }
static inline vd vd_sub(vd a, vd b) { return vsubq_f64(a, b); }
static inline vd vd_mul(vd a, vd b) { return vmulq_f64(a, b); }
static inline vd vd_div(vd a, vd b) { return vdivq_f64(a, b); }
static inline vd vd_abs(vd a) { return vabsq_f64(a); }
static inline vd vd_neg(vd a) { return vnegq_f64(a); }
static inline vm vd_lt(vd a, vd b) { return vcltq_f64(a, b); }
static inline vm vd_le(vd a, vd b) { return vcleq_f64(a, b); }
static inline vm vd_ge(vd a, vd b) { return vcgeq_f64(a, b); }
static inline vm vm_and(vm a, vm b) { return vandq_u64(a, b); }
/* m ? t : f, per lane */
static inline vd vd_select(vm m, vd t, vd f) { return vbslq_f64(m, t, f); }

/* 2^k where t = k + 1.5 * 2^52 exactly (|k| < 1022): k is t's low mantissa bits. */
static inline vd vd_pow2_shifted(vd t, double shifter)
{
    vi k = vsubq_s64(vreinterpretq_s64_f64(t), vreinterpretq_s64_f64(vdupq_n_f64(shifter)));
    return vreinterpretq_f64_s64(vshlq_n_s64(vaddq_s64(k, vdupq_n_s64(1023)), 52));
}

/* Doubles for the f64 kernels (src/simd/gelu_f64_simd.h): one input per lane. */
static inline vd vd_load(const double *p) { return vld1q_f64(p); }
static inline void vd_store(double *p, vd a) { vst1q_f64(p, a); }
static inline vd vd_fma(vd a, vd b, vd c) { return vfmaq_f64(c, a, b); } /* a b + c, rounded once */
static inline vd vd_trunc(vd a) { return vrndq_f64(a); }
static inline vd vd_from_bits(uint64_t u) { return vreinterpretq_f64_u64(vdupq_n_u64(u)); }
/* a with the quiet bit set (a NaN, quieted, sign and payload kept) */
static inline vd vd_quiet(vd a)
{
    return vreinterpretq_f64_u64(vorrq_u64(vreinterpretq_u64_f64(a),
                                           vdupq_n_u64(0x0008000000000000u)));
}
static inline vm vd_eq(vd a, vd b) { return vceqq_f64(a, b); }
static inline vm vd_gt(vd a, vd b) { return vcgtq_f64(a, b); }
static inline vm vd_isnan(vd a) { return veorq_u64(vceqq_f64(a, a), vdupq_n_u64(~0ull)); }
static inline vm vm_or(vm a, vm b) { return vorrq_u64(a, b); }
static inline vm vm_andnot(vm a, vm b) { return vbicq_u64(a, b); } /* a and not b */
static inline int vm_any(vm a) { return vmaxvq_u32(vreinterpretq_u32_u64(a)) != 0; }
/* Floats (the ReLU kernels of gelu_f32_simd.h): loads, stores and the NaN rules. */
static inline vf vf_load(const float *p) { return vld1_f32(p); }
static inline void vf_store(float *p, vf a) { vst1_f32(p, a); }
static inline vf vf_bcast(float a) { return vdup_n_f32(a); }
static inline vf vf_mul(vf a, vf b) { return vmul_f32(a, b); }
static inline vf vf_from_bits(uint32_t u) { return vreinterpret_f32_u32(vdup_n_u32(u)); }
static inline vf vf_select(vmf m, vf t, vf f) { return vbsl_f32(m, t, f); }
static inline vmf vf_isnan(vf a) { return vmvn_u32(vceq_f32(a, a)); }
static inline vmf vf_gt(vf a, vf b) { return vcgt_f32(a, b); }
/* a with the quiet bit set (a NaN, quieted, sign and payload kept) */
static inline vf vf_quiet(vf a)
{
    return vreinterpret_f32_u32(vorr_u32(vreinterpret_u32_f32(a), vdup_n_u32(0x00400000u)));
}

#endif /* GELU_SIMD_NEON_H */
