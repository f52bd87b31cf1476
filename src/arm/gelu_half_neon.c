/* gelu_half_neon.c -- the bf16/f16 conversions of src/half_kernels.c on 4 lanes, AArch64
 * NEON, in integer arithmetic (the same rounding as src/half_format.h and
 * gelu_half_avx512.c; no FCVT to half, so that FPCR's FZ/FZ16 cannot change a result).
 * Tails of arrays go through a small buffer. */
#include <arm_neon.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "arm/kernels_arm.h"

#define NEON_INLINE static inline __attribute__((always_inline))

NEON_INLINE uint32x4_t widen4(int f16, uint16x4_t h)
{
    uint32x4_t v = vmovl_u16(h);
    if (!f16) return vshlq_n_u32(v, 16);
    uint32x4_t sign = vshlq_n_u32(vandq_u32(v, vdupq_n_u32(0x8000)), 16);
    uint32x4_t a = vandq_u32(v, vdupq_n_u32(0x7fff));
    uint32x4_t r = vaddq_u32(vshlq_n_u32(a, 13), vdupq_n_u32(112u << 23));
    uint32x4_t infnan = vorrq_u32(vdupq_n_u32(0x7f800000), vshlq_n_u32(vandq_u32(a, vdupq_n_u32(0x3ff)), 13));
    r = vbslq_u32(vcgeq_u32(a, vdupq_n_u32(0x7c00)), infnan, r);
    float32x4_t s = vmulq_n_f32(vcvtq_f32_u32(a), 0x1p-24f);
    r = vbslq_u32(vcltq_u32(a, vdupq_n_u32(0x0400)), vreinterpretq_u32_f32(s), r);
    return vorrq_u32(r, sign);
}

/* Rounds the float bits b; *open gets the lanes not settled (all ones). */
NEON_INLINE uint32x4_t round4(int f16, uint32x4_t b, uint32_t tol, uint32x4_t *open)
{
    uint32x4_t a = vandq_u32(b, vdupq_n_u32(0x7fffffff));
    if (!f16) {
        uint32x4_t nan = vcgtq_u32(a, vdupq_n_u32(0x7f800000));
        uint32x4_t lsb = vandq_u32(vshrq_n_u32(b, 16), vdupq_n_u32(1));
        uint32x4_t r = vshrq_n_u32(vaddq_u32(vaddq_u32(b, vdupq_n_u32(0x7fff)), lsb), 16);
        r = vbslq_u32(nan, vorrq_u32(vshrq_n_u32(b, 16), vdupq_n_u32(0x40)), r);
        uint32x4_t d = vsubq_u32(vandq_u32(b, vdupq_n_u32(0xffff)), vdupq_n_u32(0x8000 - tol));
        *open = vbicq_u32(vcleq_u32(d, vdupq_n_u32(2 * tol)), nan);
        return r;
    }
    uint32x4_t fast = vandq_u32(vcgeq_u32(a, vdupq_n_u32(0x38800000)), vcltq_u32(a, vdupq_n_u32(0x7f800000)));
    uint32x4_t lsb = vandq_u32(vshrq_n_u32(a, 13), vdupq_n_u32(1));
    uint32x4_t r = vaddq_u32(vsubq_u32(a, vdupq_n_u32(0x38000000)), vaddq_u32(vdupq_n_u32(0xfff), lsb));
    r = vminq_u32(vshrq_n_u32(r, 13), vdupq_n_u32(0x7c00));
    r = vorrq_u32(r, vandq_u32(vshrq_n_u32(b, 16), vdupq_n_u32(0x8000)));
    uint32x4_t d = vsubq_u32(vandq_u32(a, vdupq_n_u32(0x1fff)), vdupq_n_u32(0x1000 - tol));
    *open = vorrq_u32(vcleq_u32(d, vdupq_n_u32(2 * tol)), vmvnq_u32(fast));
    return r;
}

NEON_INLINE void set_open(uint16_t *open, size_t i, uint32x4_t op, size_t lanes)
{
    uint32_t o[4];
    vst1q_u32(o, op);
    unsigned bits = 0;
    for (size_t l = 0; l < lanes; l++) bits |= (o[l] & 1u) << l;
    if (i % 16 == 0) open[i / 16] = (uint16_t)bits;
    else open[i / 16] = (uint16_t)(open[i / 16] | (bits << (i % 16)));
}

NEON_INLINE void widen_impl(int f16, const uint16_t *h, float *out, size_t n)
{
    for (size_t i = 0; i < n; i += 4) {
        size_t w = n - i < 4 ? n - i : 4;
        uint16_t b[4] = {0};
        uint32_t o[4];
        memcpy(b, h + i, w * sizeof *h);
        vst1q_u32(o, widen4(f16, vld1_u16(b)));
        memcpy(out + i, o, w * sizeof *out);
    }
}

NEON_INLINE void narrow_impl(int f16, const float *y, uint16_t *h, uint16_t *open, size_t n)
{
    for (size_t i = 0; i < n; i += 4) {
        size_t w = n - i < 4 ? n - i : 4;
        uint32_t yb[4] = {0};
        uint16_t hb[4];
        memcpy(yb, y + i, w * sizeof *y);
        uint32x4_t op;
        vst1_u16(hb, vmovn_u32(round4(f16, vld1q_u32(yb), 1, &op)));
        memcpy(h + i, hb, w * sizeof *h);
        set_open(open, i, op, w);
    }
}

/* The rules of narrow_product_avx512 (src/x86/gelu_half_avx512.c). */
NEON_INLINE void narrow_product_impl(int f16, const float *x, const float *dy, const float *d,
                                     uint16_t *h, uint16_t *open, size_t n)
{
    for (size_t i = 0; i < n; i += 4) {
        size_t w = n - i < 4 ? n - i : 4;
        float xb[4] = {0}, dyb[4] = {0}, db[4] = {0};
        uint16_t hb[4];
        memcpy(xb, x + i, w * sizeof *x);
        memcpy(dyb, dy + i, w * sizeof *dy);
        memcpy(db, d + i, w * sizeof *d);
        float32x4_t ax = vabsq_f32(vld1q_f32(xb)), dyv = vld1q_f32(dyb), dv = vld1q_f32(db);
        uint32x4_t ok = vandq_u32(vcgeq_f32(ax, vdupq_n_f32(0x1p-60f)), vcltq_f32(ax, vdupq_n_f32(INFINITY)));
        ok = vandq_u32(ok, vcltq_f32(vabsq_f32(dyv), vdupq_n_f32(INFINITY)));
        ok = vandq_u32(ok, vcgeq_f32(vabsq_f32(dv), vdupq_n_f32(0x1p-126f)));
        float32x4_t p = vmulq_f32(dyv, dv);
        ok = vandq_u32(ok, vceqq_f32(p, p));
        if (!f16) ok = vandq_u32(ok, vcgeq_f32(vabsq_f32(p), vdupq_n_f32(0x1p-126f)));
        uint32x4_t op;
        uint32x4_t r = round4(f16, vreinterpretq_u32_f32(p), 4, &op);
        op = vorrq_u32(op, vmvnq_u32(ok));
        vst1_u16(hb, vmovn_u32(r));
        memcpy(h + i, hb, w * sizeof *h);
        set_open(open, i, op, w);
    }
}

static void widen_neon(int f16, const uint16_t *h, float *out, size_t n)
{
    if (f16) widen_impl(1, h, out, n);
    else widen_impl(0, h, out, n);
}

static void narrow_neon(int f16, const float *y, uint16_t *h, uint16_t *open, size_t n)
{
    if (f16) narrow_impl(1, y, h, open, n);
    else narrow_impl(0, y, h, open, n);
}

static void narrow_product_neon(int f16, const float *x, const float *dy, const float *d,
                                uint16_t *h, uint16_t *open, size_t n)
{
    if (f16) narrow_product_impl(1, x, dy, d, h, open, n);
    else narrow_product_impl(0, x, dy, d, h, open, n);
}

const gelu_half_simd gelu_half_simd_neon = {widen_neon, narrow_neon, narrow_product_neon, NULL};
