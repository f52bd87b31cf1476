/* special_values.h -- NaN handling shared by the portable kernels (include/gelu.h §3).
 *
 * Done with integer operations on the bits, so that the result does not depend on what
 * the hardware does with NaN operands (x86 and ARM differ on the default NaN). */
#ifndef GELU_SPECIAL_VALUES_H
#define GELU_SPECIAL_VALUES_H

#include <stdint.h>
#include <string.h>

static inline uint32_t gelu_bits_f32(float x) { uint32_t u; memcpy(&u, &x, sizeof u); return u; }
static inline float gelu_from_bits_f32(uint32_t u) { float x; memcpy(&x, &u, sizeof x); return x; }
static inline uint64_t gelu_bits_f64(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
static inline double gelu_from_bits_f64(uint64_t u) { double x; memcpy(&x, &u, sizeof x); return x; }

static inline int gelu_isnan_f32(float x) { return (gelu_bits_f32(x) & 0x7fffffffu) > 0x7f800000u; }
static inline int gelu_isnan_f64(double x)
{
    return (gelu_bits_f64(x) & 0x7fffffffffffffffu) > 0x7ff0000000000000u;
}

/* The NaN x, quieted (quiet bit set), sign and payload kept. */
static inline float gelu_quiet_f32(float x) { return gelu_from_bits_f32(gelu_bits_f32(x) | 0x00400000u); }
static inline double gelu_quiet_f64(double x)
{
    return gelu_from_bits_f64(gelu_bits_f64(x) | 0x0008000000000000u);
}

/* dx = dy * d with the NaN rules of gelu.h §3: x's NaN, else dy's NaN, else the product,
 * where a NaN the product creates (inf * 0) is the positive default quiet NaN. */
static inline float gelu_backward_product_f32(float x, float dy, float d)
{
    if (gelu_isnan_f32(x)) return gelu_quiet_f32(x);
    if (gelu_isnan_f32(dy)) return gelu_quiet_f32(dy);
    float p = dy * d;
    return gelu_isnan_f32(p) ? gelu_from_bits_f32(0x7fc00000u) : p;
}

static inline double gelu_backward_product_f64(double x, double dy, double d)
{
    if (gelu_isnan_f64(x)) return gelu_quiet_f64(x);
    if (gelu_isnan_f64(dy)) return gelu_quiet_f64(dy);
    double p = dy * d;
    return gelu_isnan_f64(p) ? gelu_from_bits_f64(0x7ff8000000000000u) : p;
}

#endif /* GELU_SPECIAL_VALUES_H */
