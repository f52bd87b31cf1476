/* vec_f32_scalar.h -- the native float vector layer with one lane, the reference for the
 * layers' meaning: src/scalar/ instantiates the tanh and sigmoid tails over it
 * (src/simd/gelu_logistic_tail_f32.h, in gelu_logistic_f32_tail.c); the other f32 methods'
 * portable reference is the scalar code of src/scalar/, which src/simd/gelu_f32_methods.h
 * follows operation for operation.  The same operations, names and results (bit for bit) as
 * src/x86/vec_f32_avx512.h, src/x86/vec_f32_avx2.h and src/arm/vec_f32_neon.h; a file
 * includes one layer, then the templates (src/simd/gelu_logistic_tail_f32.h,
 * gelu_f32_methods.h, gelu_cr_f32_path1.h).  Build with -ffp-contract=off (project flags).
 *
 * Types: vs = floats, vsi = int32 lanes, vsm = lane masks (here 0 or 1).
 *   vs_bcast(c)          every lane c              vs_add/sub/mul(a, b)  a + b, a - b, a b
 *   vs_fma(a, b, c)      a b + c, one rounding     vs_fms(a, b, c)       a b - c, one rounding
 *   vs_fnma(a, b, c)     c - a b, one rounding     vs_abs(a)             |a| (sign bit cleared)
 *   vs_min/max(a, b)     the smaller / larger (b when unordered or equal, as x86 MINPS/MAXPS)
 *   vs_lt(a, b)          mask a < b (false on NaN)
 *   vs_select(m, a, b)   m ? a : b per lane        vsm_any(m)            nonzero if any lane set
 *   vs_as_vsi(a), vsi_as_vs(i)                     bit casts
 *   vsi_bcast(c), vsi_add(i, j)                    int32 lanes (add wraps modulo 2^32)
 *   vsi_sra(i, s), vsi_shl(i, s)                   shift by a constant 0 < s < 32 (sra: arithmetic)
 *   vs_lookup16(t, i)    t[i & 15], t a 16-float table (64-byte aligned)
 *   vs_lookup32(t, i)    t[i & 31], t a 32-float table (64-byte aligned)
 *   vs_le(a, b)          mask a <= b (false on NaN)  vs_isnan(a)   mask a is NaN
 *   vs_nle(a, b), vs_nlt(a, b)                     mask !(a <= b), !(a < b) (true on NaN)
 *   vsm_and(m, n), vsm_or(m, n), vsm_not(m)        lane-mask and, or, not
 *   vsm_bits(m)          bit l set when lane l is set (lanes 0 .. GELU_VS_LANES - 1)
 *   vs_neg(a)            -a (sign bit flipped)
 *   vsi_sub(i, j), vsi_or/and(i, j), vsi_max(i, j) int32 lanes (sub wraps modulo 2^32; max signed)
 *   vs_loadu(p), vs_storeu(p, a)                   GELU_VS_LANES floats, any float alignment
 * Only what the templates use; an operation comes with its first user. */
#ifndef GELU_VEC_F32_SCALAR_H
#define GELU_VEC_F32_SCALAR_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#define GELU_VS_LANES 1
#define GELU_VS_INLINE static inline

typedef float vs;
typedef int32_t vsi;
typedef int vsm;

GELU_VS_INLINE vs vs_bcast(float c) { return c; }
GELU_VS_INLINE vs vs_add(vs a, vs b) { return a + b; }
GELU_VS_INLINE vs vs_sub(vs a, vs b) { return a - b; }
GELU_VS_INLINE vs vs_mul(vs a, vs b) { return a * b; }
GELU_VS_INLINE vs vs_fma(vs a, vs b, vs c) { return fmaf(a, b, c); }
GELU_VS_INLINE vs vs_fms(vs a, vs b, vs c) { return fmaf(a, b, -c); }
GELU_VS_INLINE vs vs_fnma(vs a, vs b, vs c) { return fmaf(-a, b, c); }
GELU_VS_INLINE vs vs_as_float_(uint32_t u) { vs a; memcpy(&a, &u, sizeof a); return a; }
GELU_VS_INLINE uint32_t vs_as_u32_(vs a) { uint32_t u; memcpy(&u, &a, sizeof u); return u; }
GELU_VS_INLINE vs vs_abs(vs a) { return vs_as_float_(vs_as_u32_(a) & 0x7fffffffu); }
/* x86 MINPS/MAXPS semantics (the second operand when unordered or equal) */
GELU_VS_INLINE vs vs_min(vs a, vs b) { return a < b ? a : b; }
GELU_VS_INLINE vs vs_max(vs a, vs b) { return a > b ? a : b; }
GELU_VS_INLINE vsm vs_lt(vs a, vs b) { return a < b; }
GELU_VS_INLINE vs vs_select(vsm m, vs a, vs b) { return m ? a : b; }
GELU_VS_INLINE int vsm_any(vsm m) { return m != 0; }
GELU_VS_INLINE vsi vs_as_vsi(vs a) { return (vsi)vs_as_u32_(a); }
GELU_VS_INLINE vs vsi_as_vs(vsi i) { return vs_as_float_((uint32_t)i); }
GELU_VS_INLINE vsi vsi_bcast(int32_t c) { return c; }
GELU_VS_INLINE vsi vsi_add(vsi i, vsi j) { return (vsi)((uint32_t)i + (uint32_t)j); }
/* floor(i / 2^s), written without >> on a negative value (implementation-defined in C) */
GELU_VS_INLINE vsi vsi_sra(vsi i, int s) { return i >= 0 ? i >> s : ~(~i >> s); }
GELU_VS_INLINE vsi vsi_shl(vsi i, int s) { return (vsi)((uint32_t)i << s); }
GELU_VS_INLINE vs vs_lookup16(const float *t, vsi i) { return t[(uint32_t)i & 15u]; }
GELU_VS_INLINE vs vs_lookup32(const float *t, vsi i) { return t[(uint32_t)i & 31u]; }
GELU_VS_INLINE vsm vs_le(vs a, vs b) { return a <= b; }
GELU_VS_INLINE vsm vs_nle(vs a, vs b) { return !(a <= b); }
GELU_VS_INLINE vsm vs_nlt(vs a, vs b) { return !(a < b); }
GELU_VS_INLINE vsm vsm_or(vsm m, vsm n) { return m || n; }
GELU_VS_INLINE vsm vs_isnan(vs a) { return a != a; }
GELU_VS_INLINE vsm vsm_and(vsm m, vsm n) { return m && n; }
GELU_VS_INLINE vsm vsm_not(vsm m) { return !m; }
GELU_VS_INLINE unsigned vsm_bits(vsm m) { return m ? 1u : 0u; }
GELU_VS_INLINE vs vs_neg(vs a) { return vs_as_float_(vs_as_u32_(a) ^ 0x80000000u); }
GELU_VS_INLINE vsi vsi_sub(vsi i, vsi j) { return (vsi)((uint32_t)i - (uint32_t)j); }
GELU_VS_INLINE vsi vsi_or(vsi i, vsi j) { return (vsi)((uint32_t)i | (uint32_t)j); }
GELU_VS_INLINE vsi vsi_and(vsi i, vsi j) { return (vsi)((uint32_t)i & (uint32_t)j); }
GELU_VS_INLINE vsi vsi_max(vsi i, vsi j) { return i > j ? i : j; }
GELU_VS_INLINE vs vs_loadu(const float *p) { return *p; }
GELU_VS_INLINE void vs_storeu(float *p, vs a) { *p = a; }

#endif /* GELU_VEC_F32_SCALAR_H */
