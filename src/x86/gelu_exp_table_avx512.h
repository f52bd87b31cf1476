/* gelu_exp_table_avx512.h -- gelu_exp_table_f64 (src/scalar/gelu_exp_table_f64.h) on 8
 * double lanes, operation for operation: the same bits.  Only for *_avx512.c files. */
#ifndef GELU_EXP_TABLE_AVX512_H
#define GELU_EXP_TABLE_AVX512_H

#include <immintrin.h>

#include "scalar/gelu_exp_table_f64.h"

static inline __m512d gelu_exp_table_avx512(__m512d z, int degree5)
{
    const __m512d shifter = _mm512_set1_pd(0x1.8p52);
    __m512d kf = _mm512_fmadd_pd(z, _mm512_set1_pd(GELU_EXP_INV_LN2_16), shifter);
    __m512d kd = _mm512_sub_pd(kf, shifter);
    __m512d r = _mm512_fmadd_pd(kd, _mm512_set1_pd(-GELU_EXP_LN2_16_HI), z);
    r = _mm512_fmadd_pd(kd, _mm512_set1_pd(-GELU_EXP_LN2_16_LO), r);
    __m512d p = degree5 ? _mm512_fmadd_pd(_mm512_set1_pd(1.0 / 120), r, _mm512_set1_pd(1.0 / 24))
                        : _mm512_set1_pd(1.0 / 24);
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 6));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(0.5));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
    /* 2^((k mod 16)/16): vpermt2pd takes the low 4 bits of kf's bits */
    __m512d t = _mm512_permutex2var_pd(_mm512_load_pd(gelu_exp2_16), _mm512_castpd_si512(kf),
                                       _mm512_load_pd(gelu_exp2_16 + 8));
    /* times 2^floor(k/16): scalef floors its second operand; exact, as the scalar kernel's
     * multiplication by 2^n */
    return _mm512_scalef_pd(_mm512_mul_pd(t, p), _mm512_mul_pd(kd, _mm512_set1_pd(0.0625)));
}

#endif /* GELU_EXP_TABLE_AVX512_H */
