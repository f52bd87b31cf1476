/* vec_f32_neon.h -- the native float vector layer on AArch64 NEON: 4 lanes, masks as
 * uint32x4_t.  The operations, names and results of src/simd/vec_f32_scalar.h (the list and
 * their meaning are there); include this, then the templates (src/simd/gelu_f32_methods.h and the
 * others vec_f32_scalar.h names).
 * vs_lookup16: TBL on the table's 64 bytes (byte index 4 (i & 15) + b, one AND and one MLA);
 * vs_lookup32: TBL on the first 64 bytes and TBX on the last 64 with the byte index XOR 64
 * (the index arithmetic is shared by the lookups of one index as common subexpressions;
 * about 4 instructions a table, against about 7 for lane-wise loads).
 * vs_min/vs_max keep the x86
 * operand rule (b when unordered or equal) with a compare and a select. */
#ifndef GELU_VEC_F32_NEON_H
#define GELU_VEC_F32_NEON_H

#include <arm_neon.h>
#include <stdint.h>

#define GELU_VS_LANES 4
#define GELU_VS_INLINE static inline __attribute__((always_inline))

typedef float32x4_t vs;
typedef int32x4_t vsi;
typedef uint32x4_t vsm;

GELU_VS_INLINE vs vs_bcast(float c) { return vdupq_n_f32(c); }
GELU_VS_INLINE vs vs_add(vs a, vs b) { return vaddq_f32(a, b); }
GELU_VS_INLINE vs vs_sub(vs a, vs b) { return vsubq_f32(a, b); }
GELU_VS_INLINE vs vs_mul(vs a, vs b) { return vmulq_f32(a, b); }
GELU_VS_INLINE vs vs_fma(vs a, vs b, vs c) { return vfmaq_f32(c, a, b); }
GELU_VS_INLINE vs vs_fms(vs a, vs b, vs c) { return vfmaq_f32(vnegq_f32(c), a, b); }
GELU_VS_INLINE vs vs_fnma(vs a, vs b, vs c) { return vfmsq_f32(c, a, b); }
GELU_VS_INLINE vs vs_abs(vs a) { return vabsq_f32(a); }
GELU_VS_INLINE vs vs_min(vs a, vs b) { return vbslq_f32(vcltq_f32(a, b), a, b); }
GELU_VS_INLINE vs vs_max(vs a, vs b) { return vbslq_f32(vcgtq_f32(a, b), a, b); }
GELU_VS_INLINE vsm vs_lt(vs a, vs b) { return vcltq_f32(a, b); }
GELU_VS_INLINE vs vs_select(vsm m, vs a, vs b) { return vbslq_f32(m, a, b); }
GELU_VS_INLINE int vsm_any(vsm m) { return vmaxvq_u32(m) != 0; }
GELU_VS_INLINE vsi vs_as_vsi(vs a) { return vreinterpretq_s32_f32(a); }
GELU_VS_INLINE vs vsi_as_vs(vsi i) { return vreinterpretq_f32_s32(i); }
GELU_VS_INLINE vsi vsi_bcast(int32_t c) { return vdupq_n_s32(c); }
GELU_VS_INLINE vsi vsi_add(vsi i, vsi j) { return vaddq_s32(i, j); }
#define vsi_sra(i, s) vshrq_n_s32((i), (s))
#define vsi_shl(i, s) vshlq_n_s32((i), (s))
GELU_VS_INLINE vs vs_lookup16(const float *t, vsi i)
{
    uint32x4_t j = vandq_u32(vreinterpretq_u32_s32(i), vdupq_n_u32(15));
    uint32x4_t b = vmlaq_n_u32(vdupq_n_u32(0x03020100u), j, 0x04040404u);
    return vreinterpretq_f32_u8(vqtbl4q_u8(vld1q_u8_x4((const uint8_t *)t), vreinterpretq_u8_u32(b)));
}
GELU_VS_INLINE vs vs_lookup32(const float *t, vsi i)
{
    uint32x4_t j = vandq_u32(vreinterpretq_u32_s32(i), vdupq_n_u32(31));
    uint32x4_t b = vmlaq_n_u32(vdupq_n_u32(0x03020100u), j, 0x04040404u);
    uint8x16_t lo = vreinterpretq_u8_u32(b);
    uint8x16_t hi = vreinterpretq_u8_u32(veorq_u32(b, vdupq_n_u32(0x40404040u)));
    return vreinterpretq_f32_u8(vqtbx4q_u8(vqtbl4q_u8(vld1q_u8_x4((const uint8_t *)t), lo),
                                           vld1q_u8_x4((const uint8_t *)(t + 16)), hi));
}
GELU_VS_INLINE vsm vs_le(vs a, vs b) { return vcleq_f32(a, b); }
GELU_VS_INLINE vsm vs_nle(vs a, vs b) { return vmvnq_u32(vcleq_f32(a, b)); }
GELU_VS_INLINE vsm vs_nlt(vs a, vs b) { return vmvnq_u32(vcltq_f32(a, b)); }
GELU_VS_INLINE vsm vsm_or(vsm m, vsm n) { return vorrq_u32(m, n); }
GELU_VS_INLINE vsm vs_isnan(vs a) { return vmvnq_u32(vceqq_f32(a, a)); }
GELU_VS_INLINE vsm vsm_and(vsm m, vsm n) { return vandq_u32(m, n); }
GELU_VS_INLINE vsm vsm_not(vsm m) { return vmvnq_u32(m); }
GELU_VS_INLINE unsigned vsm_bits(vsm m)
{
    static const uint32_t bit[4] = {1, 2, 4, 8};
    return vaddvq_u32(vandq_u32(m, vld1q_u32(bit)));
}
GELU_VS_INLINE vs vs_neg(vs a) { return vnegq_f32(a); }
GELU_VS_INLINE vsi vsi_sub(vsi i, vsi j) { return vsubq_s32(i, j); }
GELU_VS_INLINE vsi vsi_or(vsi i, vsi j) { return vorrq_s32(i, j); }
GELU_VS_INLINE vsi vsi_and(vsi i, vsi j) { return vandq_s32(i, j); }
GELU_VS_INLINE vsi vsi_max(vsi i, vsi j) { return vmaxq_s32(i, j); }
GELU_VS_INLINE vs vs_loadu(const float *p) { return vld1q_f32(p); }
GELU_VS_INLINE void vs_storeu(float *p, vs a) { vst1q_f32(p, a); }

#endif /* GELU_VEC_F32_NEON_H */
