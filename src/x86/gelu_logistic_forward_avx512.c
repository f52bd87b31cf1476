/* gelu_logistic_forward_avx512.c -- GELU_TANH and GELU_SIGMOID forward on float, AVX-512
 * (F, DQ): the method of src/scalar/gelu_logistic_f32_forward.h, 16 lanes at a time (the
 * fast path for every lane with vpermt2ps tables; the double slow path only for vectors
 * that have a lane outside the fast range), the same operations lane by lane, so the same
 * bits as the portable kernels. */
#include <immintrin.h>
#include <stdint.h>

#include "scalar/gelu_logistic_f32_forward.h"
#include "x86/gelu_exp_table_avx512.h"
#include "x86/gelu_f32_pieces_avx512.h"
#include "x86/gelu_fused_loop_avx512.h"
#include "x86/gelu_loop_avx512.h"
#include "x86/kernels_x86.h"

#define PERM16D(T, idx) _mm512_permutex2var_pd(_mm512_load_pd(T), idx, _mm512_load_pd((T) + 8))

static inline __attribute__((always_inline)) __m512 fast16(__m512 x, const gelu_f32_pieces_ref *P)
{
    __m512 pl, ph = gelu_f32_pieces_avx512(x, P, &pl);
    return _mm512_fmadd_ps(x, ph, _mm512_mul_ps(x, pl));
}

static inline __attribute__((always_inline)) __m256 slow8(__m256 xf, int tanh_form)
{
    const double L = tanh_form ? GELU_TANH_F32_L : GELU_SIGMOID_F32_L;
    __m512d x = _mm512_cvtps_pd(xf);
    /* NaN lanes are replaced by the caller */
    __m512d a = _mm512_max_pd(x, _mm512_set1_pd(-L));
    __m512d b = _mm512_min_pd(a, _mm512_set1_pd(L));
    __m512d z;
    if (tanh_form) {
        __m512d w = _mm512_fmadd_pd(_mm512_set1_pd(GELU_LOGISTIC_F32_TANH_CUBIC), _mm512_mul_pd(b, b), _mm512_set1_pd(1.0));
        z = _mm512_mul_pd(_mm512_set1_pd(-2.0 * GELU_LOGISTIC_F32_SQRT_2_OVER_PI), _mm512_mul_pd(b, w));
    } else {
        z = _mm512_mul_pd(_mm512_set1_pd(-GELU_LOGISTIC_F32_SIGMOID_SCALE), b);
    }
    __m512d e = gelu_exp_table_avx512(z, 1);
    __m512d y = _mm512_div_pd(a, _mm512_add_pd(_mm512_set1_pd(1.0), e));
    return _mm512_cvtpd_ps(y);
}

/* Vectors with a lane outside the fast range: out of line, so that the fast loop keeps its
 * tables in registers. */
static __attribute__((noinline)) __m512 rare16(__m512 x, __m512 y, __mmask16 fast, int tanh_form)
{
    __m256 lo = slow8(_mm512_castps512_ps256(x), tanh_form);
    __m256 hi = slow8(_mm512_extractf32x8_ps(x, 1), tanh_form);
    __m512 ys = _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
    ys = gelu_quiet_nan_lanes_avx512(x, ys);
    return _mm512_mask_mov_ps(ys, fast, y);
}

/* The fast path's values; *out = the lanes outside its range. */
static inline __attribute__((always_inline)) __m512 fast16_out(__m512 x, __mmask16 *out, int tanh_form)
{
    const float LO = tanh_form ? GELU_TANH_F32_FAST_LO : GELU_SIGMOID_F32_FAST_LO;
    const float HI = tanh_form ? GELU_TANH_F32_FAST_HI : GELU_SIGMOID_F32_FAST_HI;
    __mmask16 fast = _mm512_cmp_ps_mask(x, _mm512_set1_ps(LO), _CMP_GE_OQ);
    fast = _mm512_mask_cmp_ps_mask(fast, x, _mm512_set1_ps(HI), _CMP_LE_OQ);
    *out = (__mmask16)~fast;
    return tanh_form ? fast16(x, &gelu_tanh_f32_pieces) : fast16(x, &gelu_sigmoid_f32_pieces);
}

/* One vector, every lane (the fused loops). */
static inline __attribute__((always_inline)) __m512 gelu16(__m512 x, int tanh_form)
{
    __mmask16 out;
    __m512 y = fast16_out(x, &out, tanh_form);
    if (__builtin_expect(out != 0, 0)) y = rare16(x, y, (__mmask16)~out, tanh_form);
    return y;
}

static inline __m512 tanh_forward16(__m512 x) { return gelu16(x, 1); }
static inline __m512 sigmoid_forward16(__m512 x) { return gelu16(x, 0); }

/* The block loops (gelu_loop_avx512.h): the fast path, then the tail list. */
static inline __m512 tanh_fast16_out(__m512 x, __mmask16 *out) { return fast16_out(x, out, 1); }
static inline __m512 sigmoid_fast16_out(__m512 x, __mmask16 *out) { return fast16_out(x, out, 0); }
static inline __m512 tanh_tail16(__m512 x) { return rare16(x, x, 0, 1); }
static inline __m512 sigmoid_tail16(__m512 x) { return rare16(x, x, 0, 0); }

GELU_AVX512_BLOCKS(tanh_forward_block, tanh_fast16_out, tanh_tail16, GELU_TANH_F32_SAT_LO, GELU_TANH_F32_SAT_HI, gelu_avx512_identity)
GELU_AVX512_BLOCKS(sigmoid_forward_block, sigmoid_fast16_out, sigmoid_tail16, GELU_SIGMOID_F32_SAT_LO, GELU_SIGMOID_F32_SAT_HI, gelu_avx512_identity)
GELU_AVX512_FORWARD_LOOP(gelu_tanh_forward_f32_avx512, tanh_forward_block)
GELU_AVX512_FORWARD_LOOP(gelu_sigmoid_forward_f32_avx512, sigmoid_forward_block)
GELU_AVX512_BIAS_FORWARD_LOOP(gelu_tanh_bias_forward_f32_avx512, tanh_forward16)
GELU_AVX512_BIAS_FORWARD_LOOP(gelu_sigmoid_bias_forward_f32_avx512, sigmoid_forward16)
GELU_AVX512_GEGLU_FORWARD_LOOP(gelu_tanh_geglu_forward_f32_avx512, tanh_forward16)
GELU_AVX512_GEGLU_FORWARD_LOOP(gelu_sigmoid_geglu_forward_f32_avx512, sigmoid_forward16)
