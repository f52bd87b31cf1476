/* gelu_erf_backward_avx2.c -- GELU_ERF backward on float, AVX2 + FMA.
 *
 * f'(x) by the method of src/scalar/gelu_erf_f32_derivative.h, 8 lanes at a time: the fast
 * path for every lane (gelu_avx2_deriv_fast8 of src/x86/gelu_f32_avx2.h: 32-entry tables by
 * four vpermps + three blends, faster than vgatherdps on AMD Zen 5; the d-form pieces
 * around the zero of f' chosen by a range compare), the float tail and the double slow
 * path (4 + 4 lanes) only for vectors that need them, merged by blends.  Then
 * dx = dy * f'(x) with the NaN rules of gelu.h.  The same bits as the portable kernel. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_erf_f32_derivative.h"
#include "x86/gelu_erf_tail_avx2.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/gelu_fused_loop_avx2.h"
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

static inline __m256 tail8(__m256 x)
{
    __m256 v = gelu_erf_tail_v_avx2(x, &gelu_erf_derivative_tail_r_f32);
    __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    return _mm256_blendv_ps(_mm256_add_ps(_mm256_set1_ps(1.0f), v),
                            _mm256_xor_ps(v, _mm256_set1_ps(-0.0f)), neg);
}

/* Lanes outside the fast range (rare for N(0,1)): kept out of line so that the fast
 * loop's registers are not spent on the tail constants. */
static __attribute__((noinline)) __m256 dgelu8_rare(__m256 x, __m256 y, __m256 fast)
{
    __m256 ax = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    __m256 tail = _mm256_andnot_ps(fast, _mm256_cmp_ps(ax, _mm256_set1_ps(GELU_ERF_F32_TAIL_HI), _CMP_LE_OQ));
    if (_mm256_movemask_ps(tail)) y = _mm256_blendv_ps(y, tail8(x), tail);
    fast = _mm256_or_ps(fast, tail);
    if (_mm256_movemask_ps(fast) == 0xff) return y;
    __m256 ys = gelu_avx2_join_ps(slow4(gelu_avx2_lo_pd(x)), slow4(gelu_avx2_hi_pd(x)));
    ys = _mm256_blendv_ps(ys, gelu_avx2_quiet(x), gelu_avx2_isnan(x));
    return _mm256_blendv_ps(ys, y, fast);
}

static inline __m256 dgelu8(__m256 x)
{
    __m256 fast = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_set1_ps(DERF_FAST_LO), _CMP_GT_OQ),
                                _mm256_cmp_ps(x, _mm256_set1_ps(DERF_FAST_HI), _CMP_LE_OQ));
    const gelu_avx2_deriv_pieces P = gelu_avx2_deriv_pieces_of(&gelu_erf_derivative_f32_pieces);
    __m256 y = gelu_avx2_deriv_fast8(x, &P);
    if (__builtin_expect(_mm256_movemask_ps(fast) != 0xff, 0)) y = dgelu8_rare(x, y, fast);
    return y;
}

void gelu_erf_backward_f32_avx2(const float *x, const float *dy, float *dx, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 xv = _mm256_loadu_ps(x + i);
        _mm256_storeu_ps(dx + i, gelu_avx2_backward_product(xv, _mm256_loadu_ps(dy + i), dgelu8(xv)));
    }
    if (i < n) {
        __m256i m = gelu_avx2_head_mask(n - i);
        __m256 xv = _mm256_maskload_ps(x + i, m);
        __m256 d = gelu_avx2_backward_product(xv, _mm256_maskload_ps(dy + i, m), dgelu8(xv));
        _mm256_maskstore_ps(dx + i, m, d);
    }
}

GELU_AVX2_BIAS_BACKWARD_LOOP(gelu_erf_bias_backward_f32_avx2, dgelu8)
