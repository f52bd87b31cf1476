/* gelu_erf_backward_avx2.c -- GELU_ERF backward on float, AVX2 + FMA.
 *
 * f'(x) by the method of src/scalar/gelu_erf_f32_derivative.h, 8 lanes at a time: the fast
 * path for every lane (gelu_avx2_deriv_fast8 of src/x86/gelu_f32_avx2.h: 32-entry tables by
 * four vpermps + three blends, faster than vgatherdps on AMD Zen 5; the d-form pieces
 * around the zero of f' chosen by a range compare); the lanes outside the fast range
 * settled in the register above DERF_SAT_HI and below DERF_SAT_LO, the others packed into
 * the block's tail list and done by erf_backward_tail8 (the float tail, and the double slow
 * path on 4 + 4 lanes), src/x86/gelu_loop_avx2.h.  Then dx = dy * f'(x) with the NaN rules
 * of gelu.h.  The same bits as the portable kernel. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_erf_f32_derivative.h"
#include "x86/gelu_erf_tail_avx2.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/gelu_fused_loop_avx2.h"
#include "x86/gelu_loop_avx2.h"
#include "x86/kernels_x86.h"

#define PD_G(k) gelu_avx2_lookup16d(DERF_SLOW_G##k, j)
static inline __m256d slow4(__m256d x)
{
    __m256d a = _mm256_or_pd(x, _mm256_set1_pd(-0.0));
    a = _mm256_max_pd(a, _mm256_set1_pd(-15.0));
    __m256d s = _mm256_fmadd_pd(a, _mm256_set1_pd(4.0 / 3.0), _mm256_set1_pd(20.0 + 0x1.8p52));
    gelu_avx2_idx32 j = gelu_avx2_idx16d_make(_mm256_castpd_si256(s));
    __m256d t = _mm256_sub_pd(a, gelu_avx2_lookup16d(DERF_SLOW_MID, j));
    __m256d g = PD_G(8);
    g = _mm256_fmadd_pd(g, t, PD_G(7));
    g = _mm256_fmadd_pd(g, t, PD_G(6));
    g = _mm256_fmadd_pd(g, t, PD_G(5));
    g = _mm256_fmadd_pd(g, t, PD_G(4));
    g = _mm256_fmadd_pd(g, t, PD_G(3));
    g = _mm256_fmadd_pd(g, t, PD_G(2));
    g = _mm256_fmadd_pd(g, t, PD_G(1));
    g = _mm256_fmadd_pd(g, t, PD_G(0));
    __m256d z = _mm256_fmadd_pd(_mm256_mul_pd(a, a), _mm256_set1_pd(-0.5), g);
    __m256d e = gelu_exp_table_avx2(z, 0);
    __m256d neg = _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_LT_OQ);
    return _mm256_blendv_pd(_mm256_add_pd(_mm256_set1_pd(1.0), e),
                            _mm256_xor_pd(e, _mm256_set1_pd(-0.0)), neg);
}

/* The float tail on every lane (gelu_erf_f32_derivative.h: 1 + v, or -v for x < 0). */
static inline __m256 float_tail8(__m256 x)
{
    __m256 v = gelu_erf_tail_v_avx2(x, &gelu_erf_derivative_tail_r_f32);
    __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    return _mm256_blendv_ps(_mm256_add_ps(_mm256_set1_ps(1.0f), v),
                            _mm256_xor_ps(v, _mm256_set1_ps(-0.0f)), neg);
}

/* The tail method: every lane by the portable code's path outside the fast range (the
 * float tail for |x| <= 13, the double slow path beyond, NaN quieted), out of line so that
 * the fast loop's registers are not spent on the tail constants.  The block loop runs it on
 * full vectors of its tail list, the fused loop on a vector with a lane outside the fast
 * range. */
static __attribute__((noinline)) __m256 erf_backward_tail8(__m256 x)
{
    __m256 ax = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    __m256 tail = _mm256_cmp_ps(ax, _mm256_set1_ps(GELU_ERF_F32_TAIL_HI), _CMP_LE_OQ);
    int tm = _mm256_movemask_ps(tail);
    __m256 y = tm ? float_tail8(x) : _mm256_setzero_ps();
    if (tm == 0xff) return y;
    __m256 ys = gelu_avx2_join_ps(slow4(gelu_avx2_lo_pd(x)), slow4(gelu_avx2_hi_pd(x)));
    ys = _mm256_blendv_ps(ys, gelu_avx2_quiet(x), gelu_avx2_isnan(x));
    return _mm256_blendv_ps(ys, y, tail);
}

/* The fast path's values; *out = all-ones in the lanes outside (DERF_FAST_LO, DERF_FAST_HI]
 * (NaN included). */
GELU_AVX2_INLINE __m256 dgelu8_fast_out(__m256 x, __m256 *out)
{
    *out = _mm256_or_ps(_mm256_cmp_ps(x, _mm256_set1_ps(DERF_FAST_LO), _CMP_NGT_UQ),
                        _mm256_cmp_ps(x, _mm256_set1_ps(DERF_FAST_HI), _CMP_NLE_UQ));
    const gelu_avx2_deriv_pieces P = gelu_avx2_deriv_pieces_of(&gelu_erf_derivative_f32_pieces);
    return gelu_avx2_deriv_fast8(x, &P);
}

/* One vector, every lane (the fused loop). */
static inline __m256 dgelu8(__m256 x)
{
    __m256 out, y = dgelu8_fast_out(x, &out);
    if (__builtin_expect(_mm256_movemask_ps(out) != 0, 0))
        y = _mm256_blendv_ps(y, erf_backward_tail8(x), out);
    return y;
}

GELU_AVX2_BLOCKS(erf_derivative_block, dgelu8_fast_out, erf_backward_tail8, DERF_SAT_LO,
                 DERF_SAT_HI, gelu_avx2_one)
GELU_AVX2_BACKWARD_LOOP(gelu_erf_backward_f32_avx2, erf_derivative_block)
GELU_AVX2_BIAS_BACKWARD_LOOP(gelu_erf_bias_backward_f32_avx2, dgelu8)
