/* gelu_logistic_forward_avx2.c -- GELU_TANH and GELU_SIGMOID forward on float, AVX2 + FMA:
 * the method of src/scalar/gelu_logistic_f32_forward.h, 8 lanes at a time (the fast path
 * for every lane, 32-entry tables by four vpermps + three blends, src/x86/gelu_f32_avx2.h;
 * the double slow path on 4 + 4 lanes only for vectors that have a lane outside the fast
 * range, merged by blends), the same operations lane by lane, so the same bits as the
 * portable kernels. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_logistic_f32_forward.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/gelu_fused_loop_avx2.h"
#include "x86/kernels_x86.h"

GELU_AVX2_INLINE __m256 fast8(__m256 x, const gelu_logistic_f32_table *T, int deg)
{
    const float *const hi_to_lo6[] = {T->c[4], T->c[3], T->c[2], T->c[1], T->c[0]};
    __m256 ph, pl;
    /* deg 6: c[4]..c[0]; deg 5: c[3]..c[0] */
    gelu_avx2_pieces8(x, T->c0h, T->c0l, T->c1h, T->c1l, hi_to_lo6 + (6 - deg), deg - 1, &ph, &pl);
    return _mm256_fmadd_ps(x, ph, _mm256_mul_ps(x, pl));
}

GELU_AVX2_INLINE __m256d slow4(__m256d x, int tanh_form)
{
    const double L = tanh_form ? GELU_TANH_F32_L : GELU_SIGMOID_F32_L;
    /* NaN lanes are replaced by the caller */
    __m256d a = _mm256_max_pd(x, _mm256_set1_pd(-L));
    __m256d b = _mm256_min_pd(a, _mm256_set1_pd(L));
    __m256d z;
    if (tanh_form) {
        __m256d w = _mm256_fmadd_pd(_mm256_set1_pd(GELU_LOGISTIC_F32_TANH_CUBIC), _mm256_mul_pd(b, b), _mm256_set1_pd(1.0));
        z = _mm256_mul_pd(_mm256_set1_pd(-2.0 * GELU_LOGISTIC_F32_SQRT_2_OVER_PI), _mm256_mul_pd(b, w));
    } else {
        z = _mm256_mul_pd(_mm256_set1_pd(-GELU_LOGISTIC_F32_SIGMOID_SCALE), b);
    }
    __m256d e = gelu_exp_table_avx2(z, 1);
    return _mm256_div_pd(a, _mm256_add_pd(_mm256_set1_pd(1.0), e));
}

/* Vectors with a lane outside the fast range: out of line. */
#define GELU_LOGISTIC_RARE8(name, tanh_form)                                                   \
    static __attribute__((noinline)) __m256 name(__m256 x, __m256 y, __m256 fast)             \
    {                                                                                         \
        __m256 ys = gelu_avx2_join_ps(slow4(gelu_avx2_lo_pd(x), tanh_form),                   \
                                      slow4(gelu_avx2_hi_pd(x), tanh_form));                  \
        ys = _mm256_blendv_ps(ys, gelu_avx2_quiet(x), gelu_avx2_isnan(x));                    \
        return _mm256_blendv_ps(ys, y, fast);                                                 \
    }
GELU_LOGISTIC_RARE8(tanh_rare8, 1)
GELU_LOGISTIC_RARE8(sigmoid_rare8, 0)

GELU_AVX2_INLINE __m256 gelu8(__m256 x, int tanh_form)
{
    const float LO = tanh_form ? GELU_TANH_F32_FAST_LO : GELU_SIGMOID_F32_FAST_LO;
    const float HI = tanh_form ? GELU_TANH_F32_FAST_HI : GELU_SIGMOID_F32_FAST_HI;
    __m256 fast = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_set1_ps(LO), _CMP_GE_OQ),
                                _mm256_cmp_ps(x, _mm256_set1_ps(HI), _CMP_LE_OQ));
    __m256 y = tanh_form ? fast8(x, &gelu_tanh_f32_fast, GELU_TANH_F32_DEG)
                         : fast8(x, &gelu_sigmoid_f32_fast, GELU_SIGMOID_F32_DEG);
    if (__builtin_expect(_mm256_movemask_ps(fast) != 0xff, 0))
        y = tanh_form ? tanh_rare8(x, y, fast) : sigmoid_rare8(x, y, fast);
    return y;
}

#define GELU_LOGISTIC_FORWARD_AVX2(name, tanh_form)                                           \
    void name(const float *x, float *y, size_t n)                                           \
    {                                                                                       \
        size_t i = 0;                                                                       \
        for (; i + 8 <= n; i += 8)                                                          \
            _mm256_storeu_ps(y + i, gelu8(_mm256_loadu_ps(x + i), tanh_form));              \
        if (i < n) {                                                                        \
            __m256i m = gelu_avx2_head_mask(n - i);                                         \
            _mm256_maskstore_ps(y + i, m, gelu8(_mm256_maskload_ps(x + i, m), tanh_form));  \
        }                                                                                   \
    }

GELU_LOGISTIC_FORWARD_AVX2(gelu_tanh_forward_f32_avx2, 1)
GELU_LOGISTIC_FORWARD_AVX2(gelu_sigmoid_forward_f32_avx2, 0)

GELU_AVX2_INLINE __m256 tanh_forward8(__m256 x) { return gelu8(x, 1); }
GELU_AVX2_INLINE __m256 sigmoid_forward8(__m256 x) { return gelu8(x, 0); }
GELU_AVX2_BIAS_FORWARD_LOOP(gelu_tanh_bias_forward_f32_avx2, tanh_forward8)
GELU_AVX2_BIAS_FORWARD_LOOP(gelu_sigmoid_bias_forward_f32_avx2, sigmoid_forward8)
GELU_AVX2_GEGLU_FORWARD_LOOP(gelu_tanh_geglu_forward_f32_avx2, tanh_forward8)
GELU_AVX2_GEGLU_FORWARD_LOOP(gelu_sigmoid_geglu_forward_f32_avx2, sigmoid_forward8)
