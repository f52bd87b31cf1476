/* gelu_erf_forward_avx2.c -- GELU_ERF forward on float, AVX2 + FMA.
 *
 * The method of src/scalar/gelu_erf_f32.c, 8 lanes at a time: the fast path in float for
 * every lane (32-entry tables by four vpermps + three blends, src/x86/gelu_f32_avx2.h;
 * faster than vgatherdps on AMD Zen 5); the lanes outside [-3.5, 4] (NaN, inf included)
 * settled in the register above GELU_ERF_F32_SAT_HI and below _SAT_LO, the others packed
 * into the block's tail list and done by erf_forward_tail8 (the float tail, and the double
 * slow path on 4 + 4 lanes), src/x86/gelu_loop_avx2.h.  The same operations as the
 * portable kernel, lane by lane: the same bits. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_erf_f32_forward.h"
#include "tables/gelu_erf_f32_tables.h"
#include "x86/gelu_erf_tail_avx2.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/gelu_fused_loop_avx2.h"
#include "x86/gelu_loop_avx2.h"
#include "x86/kernels_x86.h"

static inline __m256 erf_fast8(__m256 x)
{
    static const float *const hi_to_lo[] = {gelu_erf_f32_fast_c6, gelu_erf_f32_fast_c5,
                                            gelu_erf_f32_fast_c4, gelu_erf_f32_fast_c3,
                                            gelu_erf_f32_fast_c2};
    __m256 ph, pl;
    gelu_avx2_pieces8(x, gelu_erf_f32_fast_c0h, gelu_erf_f32_fast_c0l, gelu_erf_f32_fast_c1h,
                      gelu_erf_f32_fast_c1l, hi_to_lo, 5, &ph, &pl);
    return _mm256_fmadd_ps(x, ph, _mm256_mul_ps(x, pl));
}

#define LOOKUP16D(t) gelu_avx2_lookup16d(t, j)
static inline __m256d erf_slow4(__m256d x)
{
    __m256d a = _mm256_or_pd(x, _mm256_set1_pd(-0.0)); /* -|x| */
    a = _mm256_max_pd(a, _mm256_set1_pd(-15.0));
    __m256d s = _mm256_fmadd_pd(a, _mm256_set1_pd(4.0 / 3.0), _mm256_set1_pd(20.0 + 0x1.8p52));
    gelu_avx2_idx32 j = gelu_avx2_idx16d_make(_mm256_castpd_si256(s));
    __m256d t = _mm256_sub_pd(a, LOOKUP16D(gelu_erf_f32_slow_mid));
    __m256d g = LOOKUP16D(gelu_erf_f32_slow_g5);
    g = _mm256_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g4));
    g = _mm256_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g3));
    g = _mm256_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g2));
    g = _mm256_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g1));
    g = _mm256_fmadd_pd(g, t, LOOKUP16D(gelu_erf_f32_slow_g0));
    __m256d z = _mm256_fmadd_pd(_mm256_mul_pd(a, a), _mm256_set1_pd(-0.5), g);
    __m256d e = gelu_exp_table_avx2(z, 0); /* Phi(a) */
    __m256d v = _mm256_mul_pd(a, e);
    __m256d negative = _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_LT_OQ);
    return _mm256_blendv_pd(_mm256_add_pd(x, v), v, negative);
}

/* The tail method: every lane by the portable code's path outside the fast range (the
 * float tail for |x| <= 13, the double slow path beyond, NaN quieted), out of line so that
 * the fast loop keeps its tables in registers.  The block loop runs it on full vectors of
 * its tail list, the fused loops on a vector with a lane outside the fast range. */
static __attribute__((noinline)) __m256 erf_forward_tail8(__m256 x)
{
    __m256 ax = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    __m256 tail = _mm256_cmp_ps(ax, _mm256_set1_ps(GELU_ERF_F32_TAIL_HI), _CMP_LE_OQ);
    int tm = _mm256_movemask_ps(tail);
    __m256 y = _mm256_setzero_ps();
    if (tm) {
        __m256 v = gelu_erf_tail_v_avx2(x, &gelu_erf_forward_tail_s_f32);
        __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
        y = _mm256_blendv_ps(_mm256_sub_ps(x, v), _mm256_xor_ps(v, _mm256_set1_ps(-0.0f)), neg);
    }
    if (tm == 0xff) return y;
    __m256 ys = gelu_avx2_join_ps(erf_slow4(gelu_avx2_lo_pd(x)), erf_slow4(gelu_avx2_hi_pd(x)));
    ys = _mm256_blendv_ps(ys, gelu_avx2_quiet(x), gelu_avx2_isnan(x));
    return _mm256_blendv_ps(ys, y, tail);
}

/* The fast path's values; *out = all-ones in the lanes outside [-3.5, 4] (NaN included). */
GELU_AVX2_INLINE __m256 erf_fast8_out(__m256 x, __m256 *out)
{
    *out = _mm256_or_ps(_mm256_cmp_ps(x, _mm256_set1_ps(GELU_ERF_F32_FAST_LO), _CMP_NGE_UQ),
                        _mm256_cmp_ps(x, _mm256_set1_ps(GELU_ERF_F32_FAST_HI), _CMP_NLE_UQ));
    return erf_fast8(x);
}

/* One vector, every lane (the fused loops). */
static inline __m256 erf_forward8(__m256 x)
{
    __m256 out, y = erf_fast8_out(x, &out);
    if (__builtin_expect(_mm256_movemask_ps(out) != 0, 0))
        y = _mm256_blendv_ps(y, erf_forward_tail8(x), out);
    return y;
}

GELU_AVX2_BLOCKS(erf_forward_block, erf_fast8_out, erf_forward_tail8, GELU_ERF_F32_SAT_LO,
                 GELU_ERF_F32_SAT_HI, gelu_avx2_identity)
GELU_AVX2_FORWARD_LOOP(gelu_erf_forward_f32_avx2, erf_forward_block)
GELU_AVX2_BIAS_FORWARD_LOOP(gelu_erf_bias_forward_f32_avx2, erf_forward8)
GELU_AVX2_GEGLU_FORWARD_LOOP(gelu_erf_geglu_forward_f32_avx2, erf_forward8)
