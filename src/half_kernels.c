/* half_kernels.c -- bf16 and f16 forward, correctly rounded, for every ISA.
 *
 * Method: the 16-bit inputs are widened to float (exact) and run through the ISA's f32
 * kernel, whose result r is faithful (within 1 ulp; tests/accuracy_f32.c proves it for all
 * 2^32 inputs).  The exact value then lies strictly between r's float neighbours, so
 * rounding r to the 16-bit format gives the correctly rounded result unless a rounding
 * boundary of that format (a midpoint between two of its values, itself a float) lies within
 * one float step of r.  Those inputs (about 2^-15 of them for bf16, 2^-12 for f16) are
 * computed again with the ISA's f64 kernel (within 1.4 ulp of double) and rounded from the
 * double (for tiny x, where that double is x/2 on a rounding boundary, the exact value's
 * x^2 term decides).  Both kernels give the same bits on every ISA, so these results do too;
 * tests/accuracy_half.c compares all 65,536 inputs of each form with MPFR. */
#include <stddef.h>
#include <stdint.h>

#include "half_format.h"
#include "kernels.h"

#define GELU_HALF_BLOCK 512

static void forward_half(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x, uint16_t *y,
                         size_t n, const gelu_half_format *F)
{
    float xf[GELU_HALF_BLOCK], yf[GELU_HALF_BLOCK];
    double xd[GELU_HALF_BLOCK], yd[GELU_HALF_BLOCK];
    size_t again[GELU_HALF_BLOCK];
    for (size_t i0 = 0; i0 < n; i0 += GELU_HALF_BLOCK) {
        size_t m = n - i0 < GELU_HALF_BLOCK ? n - i0 : GELU_HALF_BLOCK;
        for (size_t j = 0; j < m; j++) xf[j] = gelu_half_to_float(x[i0 + j], F);
        t->forward_f32[f](xf, yf, m);
        size_t k = 0;
        for (size_t j = 0; j < m; j++) { /* x[i0 + j] is read before y[i0 + j] is written */
            int near;
            uint16_t h = F == &gelu_bf16_format ? gelu_bf16_from_float(yf[j], &near)
                                                : gelu_f16_from_float(yf[j], &near);
            if (near) {
                again[k] = j;
                xd[k++] = (double)xf[j];
            } else {
                y[i0 + j] = h;
            }
        }
        if (k == 0) continue;
        t->forward_f64[f](xd, yd, k);
        /* For tiny |x| the double is x/2 exactly while f(x) = x/2 + c x^2 + ..., c > 0 for
         * every GELU form: where that double is a tie, the exact value is above it. */
        for (size_t q = 0; q < k; q++) {
            int tie = f != GELU_RELU && xd[q] > -0x1p-40 && xd[q] < 0x1p-40;
            y[i0 + again[q]] = gelu_half_from_double(yd[q], F, tie);
        }
    }
}

void gelu_forward_bf16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                            uint16_t *y, size_t n)
{
    forward_half(t, f, x, y, n, &gelu_bf16_format);
}

void gelu_forward_f16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                           uint16_t *y, size_t n)
{
    forward_half(t, f, x, y, n, &gelu_f16_format);
}
