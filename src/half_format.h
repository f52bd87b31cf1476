/* half_format.h -- bf16 and f16 (as uint16_t bit patterns) to and from float and double,
 * in integer arithmetic only (no FP environment, no libm, the same bits everywhere).
 *
 * To wider types the conversions are exact (NaN: payload kept, moved to the top of the wider
 * mantissa).  To bf16/f16 they round to nearest even, with subnormals, overflow to inf and
 * NaN (quiet bit set, payload kept) handled.  gelu_half_from_float also says whether a
 * float that is within one float step of a rounding boundary (a midpoint of the target grid):
 * the forward kernels round a faithful float result that way and, where it is that close,
 * compute the value again in double (src/half_kernels.c). */
#ifndef GELU_HALF_FORMAT_H
#define GELU_HALF_FORMAT_H

#include <stdint.h>
#include <string.h>

/* The two 16-bit formats: mantissa bits, exponent bias, exponent field of inf/NaN. */
typedef struct gelu_half_format {
    int mant_bits;  /* 7 (bf16), 10 (f16) */
    int bias;       /* 127, 15 */
    int exp_max;    /* 255, 31: the exponent field of inf and NaN */
} gelu_half_format;

static const gelu_half_format gelu_bf16_format = {7, 127, 255};
static const gelu_half_format gelu_f16_format = {10, 15, 31};

static inline uint32_t gelu_half_bits_of_float(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }
static inline float gelu_half_float_of_bits(uint32_t u) { float x; memcpy(&x, &u, 4); return x; }
static inline uint64_t gelu_half_bits_of_double(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }

/* h -> float, exact.  Every bf16 and f16 value is a float. */
static inline float gelu_half_to_float(uint16_t h, const gelu_half_format *F)
{
    if (F->mant_bits == 7) return gelu_half_float_of_bits((uint32_t)h << 16); /* bf16 */
    uint32_t sign = (uint32_t)(h >> 15) << 31;
    uint32_t e = (uint32_t)(h >> F->mant_bits) & (uint32_t)F->exp_max;
    uint32_t m = h & ((1u << F->mant_bits) - 1);
    int shift = 23 - F->mant_bits;
    if (e == (uint32_t)F->exp_max) return gelu_half_float_of_bits(sign | 0x7f800000u | (m << shift));
    if (e == 0) {
        if (m == 0) return gelu_half_float_of_bits(sign);
        /* f16 subnormal: m 2^(1 - bias - mant_bits), a normal float */
        int k = 0;
        while (!(m & (1u << F->mant_bits))) { m <<= 1; k++; }
        m &= (1u << F->mant_bits) - 1;
        uint32_t fe = (uint32_t)(1 - F->bias - k + 127);
        return gelu_half_float_of_bits(sign | (fe << 23) | (m << shift));
    }
    uint32_t fe = e - (uint32_t)F->bias + 127;
    return gelu_half_float_of_bits(sign | (fe << 23) | (m << shift));
}

/* Rounds sign * sig * 2^(e2), sig a 64-bit integer significand with its top bit at bit
 * `top` (sig < 2^(top + 1), sig >= 2^top), e2 the exponent of sig's bit 0, to the format,
 * nearest even (see tie below).  *near: set when the dropped part is within `tol` units of bit 0 of sig of
 * the halfway point (tol = 1: one step of the source grid). */
static inline uint16_t gelu_half_round(uint32_t sign, uint64_t sig, int top, int e2,
                                       const gelu_half_format *F, int tol, int *near, int tie)
{
    int e = top + e2;                    /* value in [2^e, 2^(e+1)) */
    int emin = 1 - F->bias;              /* smallest normal exponent */
    int keep_lsb_exp = (e >= emin ? e : emin) - F->mant_bits; /* exponent of the result's last bit */
    int drop = keep_lsb_exp - e2;        /* bits of sig below the result's last bit */
    uint16_t s16 = (uint16_t)(sign << 15);
    uint64_t q, rem, half;
    *near = 0;
    if (drop <= 0) { /* exact (cannot happen for the wider sources used here) */
        q = sig << -drop;
        rem = 0;
        half = 1;
    } else if (drop > 63) { /* far below half the smallest subnormal: +-0 */
        q = 0;
        rem = 0;
        half = 1;
    } else {
        q = drop > top ? 0 : sig >> drop;
        rem = drop > top ? sig : sig & ((1ull << drop) - 1);
        half = 1ull << (drop - 1);
        uint64_t dist = rem > half ? rem - half : half - rem;
        *near = dist <= (uint64_t)tol;
    }
    /* a tie goes to even, unless the caller knows which side of it the exact value is on
     * (tie > 0: above, toward +inf; tie < 0: below) */
    int tie_up = tie == 0 ? (int)(q & 1) : (tie > 0) == (sign == 0);
    int up = rem > half || (rem == half && tie_up);
    q += (uint64_t)up;
    /* pack: q counts units of 2^keep_lsb_exp; a normal result has q in [2^mant, 2^(mant+1)] */
    uint32_t bits;
    if (e >= emin) {
        int field = e + F->bias;          /* q >= 2^mant_bits */
        bits = ((uint32_t)field << F->mant_bits) + (uint32_t)(q - (1ull << F->mant_bits));
    } else {
        bits = (uint32_t)q;               /* subnormal; a carry makes it the smallest normal */
    }
    if (bits >= ((uint32_t)F->exp_max << F->mant_bits)) bits = (uint32_t)F->exp_max << F->mant_bits; /* inf */
    return (uint16_t)(s16 | bits);
}

/* Quiet NaN of the format, from a wider NaN's top payload bits and sign. */
static inline uint16_t gelu_half_nan(uint32_t sign, uint32_t top_payload, const gelu_half_format *F)
{
    uint32_t m = top_payload | (1u << (F->mant_bits - 1));
    return (uint16_t)((sign << 15) | ((uint32_t)F->exp_max << F->mant_bits) | m);
}

/* float -> format, nearest even; *near as above, one float step. */
static inline uint16_t gelu_half_from_float(float x, const gelu_half_format *F, int *near)
{
    uint32_t b = gelu_half_bits_of_float(x);
    uint32_t sign = b >> 31, a = b & 0x7fffffffu;
    *near = 0;
    if (a >= 0x7f800000u) {
        if (a == 0x7f800000u) return (uint16_t)((sign << 15) | ((uint32_t)F->exp_max << F->mant_bits));
        return gelu_half_nan(sign, (a & 0x7fffffu) >> (23 - F->mant_bits), F);
    }
    if (a == 0) return (uint16_t)(sign << 15);
    uint32_t ef = a >> 23;
    uint64_t sig = a & 0x7fffffu;
    int e2;
    if (ef == 0) { /* float subnormal: sig 2^-149 */
        e2 = -149;
        int top = 22;
        while (!(sig >> top)) top--;
        return gelu_half_round(sign, sig, top, e2, F, 1, near, 0);
    }
    sig |= 0x800000u;
    e2 = (int)ef - 127 - 23;
    return gelu_half_round(sign, sig, 23, e2, F, 1, near, 0);
}

/* float -> bf16, nearest even, the same as gelu_half_from_float with gelu_bf16_format: bf16 is
 * the top half of a float, so the rounding is one add on the bits. */
static inline uint16_t gelu_bf16_from_float(float x, int *near)
{
    uint32_t b = gelu_half_bits_of_float(x);
    if ((b & 0x7fffffffu) > 0x7f800000u) { /* NaN: quiet, payload kept */
        *near = 0;
        return (uint16_t)((b >> 16) | 0x0040u);
    }
    *near = (b & 0xffffu) - 0x7fffu <= 2u; /* the dropped half within one step of 0x8000 */
    return (uint16_t)((b + 0x7fffu + ((b >> 16) & 1u)) >> 16);
}

/* float -> f16, nearest even, the same as gelu_half_from_float with gelu_f16_format: for
 * floats in f16's normal range (and up to overflow) the rounding is one add on the bits
 * (rebias by 112 << 23, round at bit 13); zeros, subnormal results, inf and NaN take the
 * general code. */
static inline uint16_t gelu_f16_from_float(float x, int *near)
{
    uint32_t b = gelu_half_bits_of_float(x), a = b & 0x7fffffffu;
    if (a < 0x38800000u || a >= 0x7f800000u) return gelu_half_from_float(x, &gelu_f16_format, near);
    *near = (a & 0x1fffu) - 0xfffu <= 2u; /* the dropped 13 bits within one step of 0x1000 */
    uint32_t h = ((a - 0x38000000u) + 0xfffu + ((a >> 13) & 1u)) >> 13;
    if (h > 0x7c00u) h = 0x7c00u; /* beyond f16's range: inf */
    return (uint16_t)(((b >> 16) & 0x8000u) | h);
}

/* double -> format, nearest (one rounding from the double); a double exactly halfway goes
 * to even (tie = 0) or to the side the caller names (tie > 0: the exact value is above x).
 * *near: x lies within tol units of its last bit of a rounding boundary. */
static inline uint16_t gelu_half_from_double_near(double x, const gelu_half_format *F, int tie,
                                                  int tol, int *near)
{
    uint64_t b = gelu_half_bits_of_double(x);
    uint32_t sign = (uint32_t)(b >> 63);
    uint64_t a = b & 0x7fffffffffffffffull;
    *near = 0;
    if (a >= 0x7ff0000000000000ull) {
        if (a == 0x7ff0000000000000ull) return (uint16_t)((sign << 15) | ((uint32_t)F->exp_max << F->mant_bits));
        return gelu_half_nan(sign, (uint32_t)((a & 0xfffffffffffffull) >> (52 - F->mant_bits)), F);
    }
    if (a == 0) return (uint16_t)(sign << 15);
    uint64_t ef = a >> 52;
    uint64_t sig = a & 0xfffffffffffffull;
    if (ef == 0) return (uint16_t)(sign << 15); /* double subnormal: far below any half value */
    sig |= 1ull << 52;
    return gelu_half_round(sign, sig, 52, (int)ef - 1023 - 52, F, tol, near, tie);
}

static inline uint16_t gelu_half_from_double(double x, const gelu_half_format *F, int tie)
{
    int near;
    return gelu_half_from_double_near(x, F, tie, 0, &near);
}

/* gelu_half_from_double_near with tie = 0, faster: for doubles in the format's normal range
 * (and up to overflow) the rounding is one add on the bits (rebias, round at bit
 * 52 - mant_bits); zeros, subnormal results, inf and NaN take the general code.  tol < 2^30. */
static inline uint16_t gelu_half_from_double_fast(double x, const gelu_half_format *F, int tol,
                                                  int *near)
{
    uint64_t b = gelu_half_bits_of_double(x), a = b & 0x7fffffffffffffffull;
    uint64_t rebias = (uint64_t)(1023 - F->bias) << 52;
    if (a < rebias + (1ull << 52) || a >= 0x7ff0000000000000ull)
        return gelu_half_from_double_near(x, F, 0, tol, near);
    int drop = 52 - F->mant_bits;
    uint64_t half = 1ull << (drop - 1), low = a & ((1ull << drop) - 1);
    *near = low - (half - (uint64_t)tol) <= 2 * (uint64_t)tol;
    uint64_t q = ((a - rebias) + (half - 1) + ((a >> drop) & 1)) >> drop;
    uint64_t inf = (uint64_t)F->exp_max << F->mant_bits;
    if (q > inf) q = inf;
    return (uint16_t)(((b >> 48) & 0x8000u) | q);
}

#endif /* GELU_HALF_FORMAT_H */
