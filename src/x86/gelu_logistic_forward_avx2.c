/* gelu_logistic_forward_avx2.c -- GELU_TANH and GELU_SIGMOID forward on float, AVX2 + FMA:
 * the method of src/scalar/gelu_logistic_f32_forward.h, 8 lanes at a time (the fast path
 * for every lane, 32-entry tables by four vpermps + three blends, src/x86/gelu_f32_avx2.h;
 * the lanes outside the fast range settled in the register above *_SAT_HI and below
 * *_SAT_LO, the others packed into the block's tail list and done by the float tail,
 * src/simd/gelu_logistic_tail_f32.h, in the loops of src/x86/gelu_loop_avx2.h), the same
 * operations lane by lane, so the same bits as the portable kernels. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_logistic_f32_forward.h"
#include "x86/gelu_f32_avx2.h"
#include "x86/gelu_fused_loop_avx2.h"
#include "x86/gelu_loop_avx2.h"
#include "x86/kernels_x86.h"
#include "x86/vec_f32_avx2.h"

#include "simd/gelu_logistic_tail_f32.h"

GELU_AVX2_INLINE __m256 fast8(__m256 x, const gelu_logistic_f32_table *T, int deg)
{
    const float *const hi_to_lo6[] = {T->c[4], T->c[3], T->c[2], T->c[1], T->c[0]};
    __m256 ph, pl;
    /* deg 6: c[4]..c[0]; deg 5: c[3]..c[0] */
    gelu_avx2_pieces8(x, T->c0h, T->c0l, T->c1h, T->c1l, hi_to_lo6 + (6 - deg), deg - 1, &ph, &pl);
    return _mm256_fmadd_ps(x, ph, _mm256_mul_ps(x, pl));
}

/* name: the float tail (src/simd/gelu_logistic_tail_f32.h) on every lane, NaN quieted: what
 * the block loops' tail lists need (their settled lanes are done in the register); out of
 * line so that the fast loop keeps its tables in registers.  name##_settled: every lane as
 * the portable code does it outside the fast range (also x above SAT_HI, -0.0 below
 * SAT_LO): the fused loops, on a vector with a lane outside the fast range. */
#define GELU_LOGISTIC_TAIL8(name, form, SAT_LO, SAT_HI)                                        \
    static __attribute__((noinline)) __m256 name(__m256 x)                                    \
    {                                                                                         \
        __m256 t = gelu_##form##_forward_tail(x);                                             \
        return _mm256_blendv_ps(t, gelu_avx2_quiet(x), gelu_avx2_isnan(x));                   \
    }                                                                                         \
    static __m256 name##_settled(__m256 x)                                                    \
    {                                                                                         \
        __m256 t = name(x);                                                                   \
        t = _mm256_blendv_ps(t, x, _mm256_cmp_ps(x, _mm256_set1_ps(SAT_HI), _CMP_GT_OQ));     \
        return _mm256_blendv_ps(t, _mm256_set1_ps(-0.0f),                                     \
                                _mm256_cmp_ps(x, _mm256_set1_ps(SAT_LO), _CMP_LT_OQ));        \
    }
GELU_LOGISTIC_TAIL8(tanh_forward_tail8, tanh, GELU_TANH_F32_SAT_LO, GELU_TANH_F32_SAT_HI)
GELU_LOGISTIC_TAIL8(sigmoid_forward_tail8, sigmoid, GELU_SIGMOID_F32_SAT_LO, GELU_SIGMOID_F32_SAT_HI)

/* The fast path's values; *out = all-ones in the lanes outside the fast range (NaN
 * included). */
GELU_AVX2_INLINE __m256 fast8_out(__m256 x, __m256 *out, int tanh_form)
{
    const float LO = tanh_form ? GELU_TANH_F32_FAST_LO : GELU_SIGMOID_F32_FAST_LO;
    const float HI = tanh_form ? GELU_TANH_F32_FAST_HI : GELU_SIGMOID_F32_FAST_HI;
    *out = _mm256_or_ps(_mm256_cmp_ps(x, _mm256_set1_ps(LO), _CMP_NGE_UQ),
                        _mm256_cmp_ps(x, _mm256_set1_ps(HI), _CMP_NLE_UQ));
    return tanh_form ? fast8(x, &gelu_tanh_f32_fast, GELU_TANH_F32_DEG)
                     : fast8(x, &gelu_sigmoid_f32_fast, GELU_SIGMOID_F32_DEG);
}
GELU_AVX2_INLINE __m256 tanh_fast8_out(__m256 x, __m256 *out) { return fast8_out(x, out, 1); }
GELU_AVX2_INLINE __m256 sigmoid_fast8_out(__m256 x, __m256 *out) { return fast8_out(x, out, 0); }

/* One vector, every lane (the fused loops). */
GELU_AVX2_INLINE __m256 gelu8(__m256 x, int tanh_form)
{
    __m256 out, y = fast8_out(x, &out, tanh_form);
    if (__builtin_expect(_mm256_movemask_ps(out) != 0, 0))
        y = _mm256_blendv_ps(y, tanh_form ? tanh_forward_tail8_settled(x)
                                          : sigmoid_forward_tail8_settled(x), out);
    return y;
}

GELU_AVX2_BLOCKS(tanh_forward_block, tanh_fast8_out, tanh_forward_tail8, GELU_TANH_F32_SAT_LO,
                 GELU_TANH_F32_SAT_HI, gelu_avx2_identity)
GELU_AVX2_BLOCKS(sigmoid_forward_block, sigmoid_fast8_out, sigmoid_forward_tail8,
                 GELU_SIGMOID_F32_SAT_LO, GELU_SIGMOID_F32_SAT_HI, gelu_avx2_identity)
GELU_AVX2_FORWARD_LOOP(gelu_tanh_forward_f32_avx2, tanh_forward_block)
GELU_AVX2_FORWARD_LOOP(gelu_sigmoid_forward_f32_avx2, sigmoid_forward_block)

GELU_AVX2_INLINE __m256 tanh_forward8(__m256 x) { return gelu8(x, 1); }
GELU_AVX2_INLINE __m256 sigmoid_forward8(__m256 x) { return gelu8(x, 0); }
GELU_AVX2_BIAS_FORWARD_LOOP(gelu_tanh_bias_forward_f32_avx2, tanh_forward8)
GELU_AVX2_BIAS_FORWARD_LOOP(gelu_sigmoid_bias_forward_f32_avx2, sigmoid_forward8)
GELU_AVX2_GEGLU_FORWARD_LOOP(gelu_tanh_geglu_forward_f32_avx2, tanh_forward8)
GELU_AVX2_GEGLU_FORWARD_LOOP(gelu_sigmoid_geglu_forward_f32_avx2, sigmoid_forward8)
