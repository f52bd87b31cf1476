/* gelu_lookup32_neon.h -- t[i & 31] on 4 float lanes from a 32-entry float table (AArch64
 * NEON), for the f32 kernels' piece tables; the index is the low 5 bits of the shifter s.
 *
 * Method: TBL/TBX on the table's bytes.  The byte index of lane l's byte b is
 * 4 (i & 31) + b (one AND and one MLA per vector, shared by every table); TBL on the first
 * 64 bytes (entries 0-15) gives 0 for indices >= 64, then TBX on the last 64 bytes with the
 * index XOR 64 fills exactly the lanes of entries 16-31 and keeps the others.  Per table:
 * two 4-register loads (LD1 {4 regs}) + TBL + TBX = 4 instructions, against about 7 for
 * lane-wise loads (LD1 {v.s}[l] takes no register offset: an ADD per lane for the
 * address, after 4 index moves to general registers per vector, a vector-to-GPR round
 * trip on the critical path).  Measured with GCC 12 -O3 on the GELU_ERF forward loop (9
 * tables): 102 instructions per 4 elements with TBL/TBX, 119 with lane-wise loads (36 of
 * them single-lane loads).  A plain table read: the same value as the scalar T[i]. */
#ifndef GELU_LOOKUP32_NEON_H
#define GELU_LOOKUP32_NEON_H

#include <arm_neon.h>
#include <stdint.h>

/* The byte indices of entries s & 31 (lo) and the same XOR 64 (hi), for gelu_lookup32_neon. */
typedef struct {
    uint8x16_t lo, hi;
} gelu_index32_neon;

static inline gelu_index32_neon gelu_index32_neon_from(float32x4_t s)
{
    uint32x4_t i = vandq_u32(vreinterpretq_u32_f32(s), vdupq_n_u32(31));
    uint32x4_t b = vmlaq_n_u32(vdupq_n_u32(0x03020100u), i, 0x04040404u);
    gelu_index32_neon r = {vreinterpretq_u8_u32(b),
                           vreinterpretq_u8_u32(veorq_u32(b, vdupq_n_u32(0x40404040u)))};
    return r;
}

static inline float32x4_t gelu_lookup32_neon(const float *t, gelu_index32_neon ix)
{
    uint8x16x4_t lo = vld1q_u8_x4((const uint8_t *)t);
    uint8x16x4_t hi = vld1q_u8_x4((const uint8_t *)(t + 16));
    return vreinterpretq_f32_u8(vqtbx4q_u8(vqtbl4q_u8(lo, ix.lo), hi, ix.hi));
}

#endif /* GELU_LOOKUP32_NEON_H */
