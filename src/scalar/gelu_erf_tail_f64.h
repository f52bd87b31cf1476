/* gelu_erf_tail_f64.h -- the centres of the pieces of S(t) = t Phi(-t) exp(t^2/2), the
 * tail polynomials of the f64 GELU_ERF kernels (private; coefficients in
 * gelu_coeffs_f64.h).  Piece j is t's binade [2^(j-1), 2^j); its variable is t - c_j for
 * j < 2 and 1/t - c_j for j >= 2.  Shared by gelu_erf_f64.c and src/simd/gelu_f64_simd.h. */
#ifndef GELU_ERF_TAIL_F64_H
#define GELU_ERF_TAIL_F64_H

static const double gelu_erf_s_centre[7] = {
    0x1.8p-1, /* 0.75: t in [0.5, 1)   */
    0x1.8p+0, /* 1.5:  t in [1, 2)     */
    0x1.8p-2, /* 3/8:  1/t in (1/4, 1/2]   */
    0x1.8p-3, /* 3/16: 1/t in (1/8, 1/4]   */
    0x1.8p-4, /* 3/32 */
    0x1.8p-5, /* 3/64 */
    0x1.8p-6  /* 3/128: 1/t in (1/64, 1/32] (t used up to 40) */
};

#endif /* GELU_ERF_TAIL_F64_H */
