/* gelu_f32_avx2.h -- AVX2+FMA helpers of the f32 kernels (*_avx2.c files only): table
 * lookups, the piece polynomials of the fast paths, gelu_exp_table_f64 on 4 double lanes,
 * masked remainder loads and stores, NaN quieting.  Every value is computed by the same
 * operations as the portable code (src/scalar/), so the kernels give its bits.
 *
 * 32-entry float lookups: four vpermps on the table's 8-entry quarters, then blends chosen
 * by index bits 3 and 4 (moved to the sign bit).  -DGELU_AVX2_GATHER=1 selects vgatherdps
 * and vgatherqpd instead: about 3 times slower on AMD Zen 5 (GELU_ERF forward at N(0,1),
 * n = 262144: 0.28 against 0.90 Gelem/s, bench/bench_gelu).  16-entry float lookups: two
 * vpermps and one blend.  16-entry double lookups (tail paths): the 32-entry float lookup on the
 * table's halves. */
#ifndef GELU_F32_AVX2_H
#define GELU_F32_AVX2_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "scalar/gelu_derivative_f32_pieces.h"
#include "scalar/gelu_exp_table_f64.h"

#ifndef GELU_AVX2_GATHER
#define GELU_AVX2_GATHER 0
#endif

#define GELU_AVX2_INLINE static inline __attribute__((always_inline))

/* An index vector for 32-entry lookups: the low 5 bits of each lane select the entry. */
typedef struct {
    __m256i i;  /* the raw index bits (vpermps reads bits 0-2) */
    __m256 b3;  /* bit 3 in the sign position */
    __m256 b4;  /* bit 4 in the sign position */
} gelu_avx2_idx32;

GELU_AVX2_INLINE gelu_avx2_idx32 gelu_avx2_idx32_make(__m256i i)
{
    gelu_avx2_idx32 r;
#if GELU_AVX2_GATHER
    r.i = _mm256_and_si256(i, _mm256_set1_epi32(31));
    r.b3 = r.b4 = _mm256_setzero_ps();
#else
    r.i = i;
    r.b3 = _mm256_castsi256_ps(_mm256_slli_epi32(i, 28));
    r.b4 = _mm256_castsi256_ps(_mm256_slli_epi32(i, 27));
#endif
    return r;
}

GELU_AVX2_INLINE __m256 gelu_avx2_lookup32(const float *t, gelu_avx2_idx32 ix)
{
#if GELU_AVX2_GATHER
    return _mm256_i32gather_ps(t, ix.i, 4);
#else
    __m256 q0 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t), ix.i);
    __m256 q1 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t + 8), ix.i);
    __m256 q2 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t + 16), ix.i);
    __m256 q3 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t + 24), ix.i);
    return _mm256_blendv_ps(_mm256_blendv_ps(q0, q1, ix.b3), _mm256_blendv_ps(q2, q3, ix.b3), ix.b4);
#endif
}

/* 16-entry float lookup by the low 4 bits of i. */
GELU_AVX2_INLINE __m256 gelu_avx2_lookup16(const float *t, __m256i i)
{
    __m256 q0 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t), i);
    __m256 q1 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(t + 8), i);
    return _mm256_blendv_ps(q0, q1, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28)));
}

/* 16-entry double lookups by the low 4 bits of each 64-bit lane of j: the table read as 32
 * floats, each double lane's two halves looked up as above at 2 (j & 15) and 2 (j & 15) + 1
 * (gather variant: vgatherqpd). */
GELU_AVX2_INLINE gelu_avx2_idx32 gelu_avx2_idx16d_make(__m256i j)
{
#if GELU_AVX2_GATHER
    gelu_avx2_idx32 r;
    r.i = _mm256_and_si256(j, _mm256_set1_epi64x(15));
    r.b3 = r.b4 = _mm256_setzero_ps();
    return r;
#else
    __m256i i2 = _mm256_shuffle_epi32(_mm256_slli_epi32(j, 1), 0xa0); /* 2j, 2j in each lane */
    return gelu_avx2_idx32_make(_mm256_add_epi32(i2, _mm256_setr_epi32(0, 1, 0, 1, 0, 1, 0, 1)));
#endif
}

GELU_AVX2_INLINE __m256d gelu_avx2_lookup16d(const double *t, gelu_avx2_idx32 ix)
{
#if GELU_AVX2_GATHER
    return _mm256_i64gather_pd(t, ix.i, 8);
#else
    return _mm256_castps_pd(gelu_avx2_lookup32((const float *)t, ix));
#endif
}

/* The fast paths' piece polynomial, as in the portable code: k = round(4x) by the shifter,
 * i = k & 31, u = x - k/4, q = Horner over hi_to_lo[0..nq-1] (the coefficients of degree
 * >= 2, highest first), then c1l, c0l; Ph = fma(c1h, u, c0h), Pl = fma(c1h, u, c0h - Ph)
 * + fma(q, u, c0l). */
GELU_AVX2_INLINE void gelu_avx2_pieces8_lo(__m256 x, const float *c0h, const float *c0l,
                                           const float *c1h, const float *c1l,
                                           const float *const *hi_to_lo, int nq, __m256 *ph,
                                           __m256 *pl, __m256 *lo_out, gelu_avx2_idx32 *ix_out)
{
    const __m256 sh = _mm256_set1_ps(0x1.8p23f);
    __m256 s = _mm256_fmadd_ps(x, _mm256_set1_ps(4.0f), sh);
    __m256 k = _mm256_sub_ps(s, sh);
    __m256 u = _mm256_fmadd_ps(k, _mm256_set1_ps(-0.25f), x);
    gelu_avx2_idx32 ix = gelu_avx2_idx32_make(_mm256_castps_si256(s));
    __m256 q = gelu_avx2_lookup32(hi_to_lo[0], ix);
    for (int j = 1; j < nq; j++) q = _mm256_fmadd_ps(q, u, gelu_avx2_lookup32(hi_to_lo[j], ix));
    q = _mm256_fmadd_ps(q, u, gelu_avx2_lookup32(c1l, ix));
    __m256 lo = _mm256_fmadd_ps(q, u, gelu_avx2_lookup32(c0l, ix));
    __m256 vc0h = gelu_avx2_lookup32(c0h, ix), vc1h = gelu_avx2_lookup32(c1h, ix);
    __m256 h = _mm256_fmadd_ps(vc1h, u, vc0h);
    __m256 e = _mm256_fmadd_ps(vc1h, u, _mm256_sub_ps(vc0h, h));
    *ph = h;
    *pl = _mm256_add_ps(e, lo);
    *lo_out = lo;
    *ix_out = ix;
}

/* The same, without the low part and the index. */
GELU_AVX2_INLINE void gelu_avx2_pieces8(__m256 x, const float *c0h, const float *c0l,
                                        const float *c1h, const float *c1l,
                                        const float *const *hi_to_lo, int nq, __m256 *ph,
                                        __m256 *pl)
{
    __m256 lo;
    gelu_avx2_idx32 ix;
    gelu_avx2_pieces8_lo(x, c0h, c0l, c1h, c1l, hi_to_lo, nq, ph, pl, &lo, &ix);
}

/* A derivative's fast path (the scheme of src/scalar/gelu_erf_f32_derivative.h): the piece
 * polynomial P, and on the d-form pieces around the zero x0 = x0h + x0l of f' (exactly the
 * x in [dform_lo, dform_hi]) f' = (x - x0) P with x - x0 carried as dh + dl:
 *   w = x - x0h, dh = w - x0l, dl = -x0l - (dh - w), c = fma(dl, Ph, dk),
 *   f' = fma(dh, Ph, fma(dh, Pl, c));
 * elsewhere dh = 1, dl = 0, c = 0 (the values the scalar DA/DB/DK tables give).  The
 * tables come in as parameters so that other derivatives with the same scheme can use it. */
typedef struct {
    const float *c0h, *c0l, *c1h, *c1l;
    const float *hi_to_lo[6]; /* coefficients of degree >= 2, highest first */
    int nq;                   /* how many of hi_to_lo */
    float x0h, x0l, dk, dform_lo, dform_hi;
} gelu_avx2_deriv_pieces;

GELU_AVX2_INLINE __m256 gelu_avx2_deriv_fast8(__m256 x, const gelu_avx2_deriv_pieces *T)
{
    __m256 ph, pl;
    gelu_avx2_pieces8(x, T->c0h, T->c0l, T->c1h, T->c1l, T->hi_to_lo, T->nq, &ph, &pl);
    __m256 w = _mm256_sub_ps(x, _mm256_set1_ps(T->x0h));
    __m256 md = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_set1_ps(T->dform_lo), _CMP_GE_OQ),
                              _mm256_cmp_ps(x, _mm256_set1_ps(T->dform_hi), _CMP_LE_OQ));
    __m256 dh = _mm256_blendv_ps(_mm256_set1_ps(1.0f), _mm256_sub_ps(w, _mm256_set1_ps(T->x0l)), md);
    __m256 dl = _mm256_and_ps(md, _mm256_sub_ps(_mm256_set1_ps(-T->x0l), _mm256_sub_ps(dh, w)));
    __m256 c = _mm256_and_ps(md, _mm256_fmadd_ps(dl, ph, _mm256_set1_ps(T->dk)));
    return _mm256_fmadd_ps(dh, ph, _mm256_fmadd_ps(dh, pl, c));
}

/* A derivative's tables (src/scalar/gelu_derivative_f32_pieces.h) in the form
 * gelu_avx2_deriv_fast8 takes. */
static inline gelu_avx2_deriv_pieces gelu_avx2_deriv_pieces_of(const gelu_derivative_f32_pieces *T)
{
    gelu_avx2_deriv_pieces P = {T->c0h, T->c0l, T->c1h, T->c1l,
                                {T->c[4], T->c[3], T->c[2], T->c[1], T->c[0], NULL}, 5,
                                T->x0h, T->x0l, T->dform_k, T->dform_lo, T->dform_hi};
    return P;
}

/* gelu_exp_table_f64(z, degree5) on 4 lanes, operation for operation. */
GELU_AVX2_INLINE __m256d gelu_exp_table_avx2(__m256d z, int degree5)
{
    const __m256d shifter = _mm256_set1_pd(0x1.8p52);
    __m256d kf = _mm256_fmadd_pd(z, _mm256_set1_pd(GELU_EXP_INV_LN2_16), shifter);
    __m256d kd = _mm256_sub_pd(kf, shifter);
    __m256d r = _mm256_fmadd_pd(kd, _mm256_set1_pd(-GELU_EXP_LN2_16_HI), z);
    r = _mm256_fmadd_pd(kd, _mm256_set1_pd(-GELU_EXP_LN2_16_LO), r);
    __m256d p = degree5 ? _mm256_fmadd_pd(_mm256_set1_pd(1.0 / 120), r, _mm256_set1_pd(1.0 / 24))
                        : _mm256_set1_pd(1.0 / 24);
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 6));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(0.5));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0));
    __m256i kb = _mm256_castpd_si256(kf);
    __m256d e = _mm256_mul_pd(gelu_avx2_lookup16d(gelu_exp2_16, gelu_avx2_idx16d_make(kb)), p);
    /* kf's bits are those of 1.5 * 2^52 (a multiple of 16) plus k, so bits >> 4 is that
     * constant / 16 plus floor(k / 16); the constant's low 12 bits are zero, so
     * ((bits >> 4) + 1023) << 52 is the double 2^floor(k/16). */
    __m256i sc = _mm256_slli_epi64(_mm256_add_epi64(_mm256_srli_epi64(kb, 4), _mm256_set1_epi64x(1023)), 52);
    return _mm256_mul_pd(e, _mm256_castsi256_pd(sc));
}

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

/* 8 float lanes as two halves of 4 doubles and back. */
GELU_AVX2_INLINE __m256d gelu_avx2_lo_pd(__m256 x) { return _mm256_cvtps_pd(_mm256_castps256_ps128(x)); }
GELU_AVX2_INLINE __m256d gelu_avx2_hi_pd(__m256 x) { return _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)); }
GELU_AVX2_INLINE __m256 gelu_avx2_join_ps(__m256d lo, __m256d hi)
{
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1);
}

#endif /* GELU_F32_AVX2_H */
