/* gelu_logistic_f32_derivative.h -- the GELU_TANH and GELU_SIGMOID derivatives on one float,
 * the portable reference as inline functions (shared by src/scalar/gelu_{tanh,sigmoid}_f32.c
 * and, operation for operation, src/simd/gelu_f32_methods.h on every SIMD ISA: the same
 * bits).  Error: within 1 ulp for all 2^32 inputs (tools/verify/verify_f32.c).
 *
 * Fast path (float), tanh -3.5 <= x <= 4.125, sigmoid -3.875 < x <= 4.125: the 32 pieces of
 *   gelu_derivative_f32_pieces.h (degree 6, d-form f' = (x - x0) P on [-1.125, -0.375]),
 *   tables from tools/fit/fit_logistic_derivative_f32.py; fit errors (relative, float
 *   coefficients) <= 2^-27.2 tanh, <= 2^-29.3 sigmoid.
 * NaN: quieted.  x > SAT_HI (+inf too): 1.  x < SAT_LO (-inf too): -0.0.
 * Tail (float), the rest (tanh [-10.9375, -3.5) and (4.125, 5.5], sigmoid [-64, -3.875] and
 *   (4.125, 11.5]): src/simd/gelu_logistic_tail_f32.h (portable instance
 *   gelu_logistic_f32_tail.c), the forward tail's E and g = E/(1 + E) = E(1 - w), then
 *   f' = g h (x < 0), 1 - g h (x > 0), h = 1 - |x Z'| (1 - w) as a float pair (|h| >= 5.6:
 *   no cancellation); bound before rounding 2^-27.0 relative (0.63 ulp).
 *   Error, all 2^32 inputs (`gelu verify --type f32 --isa scalar`): sigmoid max 0.5748 ulp
 *   (in the tail, x = -9.7626), tanh max 0.7619 ulp (fast path; the tail's 0.566). */
#ifndef GELU_LOGISTIC_F32_DERIVATIVE_H
#define GELU_LOGISTIC_F32_DERIVATIVE_H

#include "scalar/gelu_derivative_f32_pieces.h"
#include "scalar/gelu_logistic_f32_forward.h"

/* Settled: f' below is exactly 1 for every x > SAT_HI, +inf included, and -0.0 for every
 * x < SAT_LO, -inf included (found over every float; the SIMD loops set these lanes in the
 * register, and tests/identity_isa.c checks them against this code). */
#define GELU_TANH_DERIVATIVE_F32_SAT_LO (-10.9375f) /* -0.0 below -10.895 */
#define GELU_TANH_DERIVATIVE_F32_SAT_HI 5.5f        /* 1 above 5.467 */
#define GELU_SIGMOID_DERIVATIVE_F32_SAT_LO (-64.0f) /* -0.0 below -63.84 */
#define GELU_SIGMOID_DERIVATIVE_F32_SAT_HI 11.5f    /* 1 above 11.49 */

/* The fast range; NaN quieted; 1 above SAT_HI (+inf too), -0.0 below SAT_LO (-inf too); the
 * float tail (gelu_logistic_f32_tail.h) between.  The SIMD loops classify the same way. */
static inline float gelu_tanh_derivative_f32_element(float x)
{
    if (x >= GELU_TANH_F32_FAST_LO && x <= GELU_TANH_F32_FAST_HI)
        return gelu_derivative_pieces_f32(x, &gelu_tanh_derivative_f32_pieces,
                                          &gelu_tanh_derivative_f32_poly);
    if (gelu_isnan_f32(x)) return gelu_quiet_f32(x);
    if (x > GELU_TANH_DERIVATIVE_F32_SAT_HI) return 1.0f;
    if (x < GELU_TANH_DERIVATIVE_F32_SAT_LO) return -0.0f;
    return gelu_tanh_derivative_tail_f32(x);
}

static inline float gelu_sigmoid_derivative_f32_element(float x)
{
    if (x >= GELU_SIGMOID_F32_FAST_LO && x <= GELU_SIGMOID_F32_FAST_HI)
        return gelu_derivative_pieces_f32(x, &gelu_sigmoid_derivative_f32_pieces,
                                          &gelu_sigmoid_derivative_f32_poly);
    if (gelu_isnan_f32(x)) return gelu_quiet_f32(x);
    if (x > GELU_SIGMOID_DERIVATIVE_F32_SAT_HI) return 1.0f;
    if (x < GELU_SIGMOID_DERIVATIVE_F32_SAT_LO) return -0.0f;
    return gelu_sigmoid_derivative_tail_f32(x);
}

#endif /* GELU_LOGISTIC_F32_DERIVATIVE_H */
