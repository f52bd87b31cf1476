/* gelu_cr_exact_f32.c -- path 4 of gelu_forward_cr_f32: f(x) in double-double
 * (src/scalar/gelu_exact_dd.c, about 2^-95 relative), rounded to float from the pair.
 * Slow (microseconds) and rarely taken: only for inputs whose rounding neither the float
 * check, the double polynomial nor the f64 kernel could settle (src/scalar/gelu_cr_f32.c).
 * Outside [gelu_cr_f32_zero_below, gelu_cr_f32_identity_above] the result is settled
 * without evaluation (-0 below the underflow threshold, x above the point where f rounds
 * to x). */
#include <math.h>
#include <stdint.h>

#include "scalar/gelu_cr_f32.h"
#include "scalar/gelu_exact_dd.h"

/* The float nearest to h + l (ties to even), for |l| <= ulp(h); the pair within rel of
 * the exact value.  *undecided is set when a rounding boundary lies within that
 * distance (never for the inputs that reach this path: tools/verify/verify_f32.c counts). */
static float round_pair(double h, double l, double rel, int *undecided)
{
    float y = (float)h;
    double d = h - (double)y; /* exact */
    double side = (d != 0.0) ? d : l;
    float yn = nextafterf(y, side > 0 ? INFINITY : -INFINITY);
    double half = fabs((double)yn - (double)y) * 0.5;
    /* how far h + l lies beyond the midpoint between y and yn (negative: on y's side) */
    double beyond = side > 0 ? (d - half) + l : (-d - half) - l; /* d -+ half exact */
    if (fabs(beyond) <= rel * fabs(h)) *undecided = 1;
    return beyond > 0 ? yn : y;
}

float gelu_cr_exact_f32(gelu_fn f, float xf, int *undecided)
{
    if (f == GELU_RELU) return xf > 0 ? xf : 0.0f;
    if (xf < gelu_cr_f32_zero_below[f]) return -0.0f;
    if (xf > gelu_cr_f32_identity_above[f]) return xf;
    double h, l;
    gelu_exact_dd(f, 0, (double)xf, &h, &l);
    return round_pair(h, l, 0x1p-90, undecided);
}
