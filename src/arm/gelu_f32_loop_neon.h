/* gelu_f32_loop_neon.h -- what the NEON f32 kernels (src/arm/gelu_*_neon.c) share: the
 * backward product's NaN rules and the loops over 4 float lanes.
 *
 * A loop calls the method's every-lane function (src/simd/gelu_f32_methods.h: the fast
 * path on all 4 lanes, and for a vector with a lane outside the fast range the tail method
 * on the vector, out of line).  The remainder (n not
 * a multiple of 4) goes through a zero-padded local copy: the same arithmetic per lane,
 * nothing read or written outside [0, n).  Loop policy: src/gelu_loop_policy.h (above its
 * size the loops prefetch their inputs; stores stay ordinary on NEON, the policy's stated
 * exception). */
#ifndef GELU_F32_LOOP_NEON_H
#define GELU_F32_LOOP_NEON_H

#include <arm_neon.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gelu_loop_policy.h"

/* a | quiet bit: the NaN a quieted, sign and payload kept */
static inline float32x4_t gelu_quiet_neon(float32x4_t a)
{
    return vreinterpretq_f32_u32(vorrq_u32(vreinterpretq_u32_f32(a), vdupq_n_u32(0x00400000u)));
}

static inline uint32x4_t gelu_isnan_neon(float32x4_t a) { return vmvnq_u32(vceqq_f32(a, a)); }

/* dx = dy * d with gelu_backward_product_f32's NaN rules (src/scalar/special_values.h):
 * x's NaN, else dy's NaN, else the product, a NaN it creates being the default 0x7fc00000. */
static inline float32x4_t gelu_backward_product_neon(float32x4_t x, float32x4_t dy, float32x4_t d)
{
    float32x4_t p = vmulq_f32(dy, d);
    p = vbslq_f32(gelu_isnan_neon(p), vreinterpretq_f32_u32(vdupq_n_u32(0x7fc00000u)), p);
    p = vbslq_f32(gelu_isnan_neon(dy), gelu_quiet_neon(dy), p);
    return vbslq_f32(gelu_isnan_neon(x), gelu_quiet_neon(x), p);
}

/* void kernel(const float *x, float *y, size_t n), with y = f4(x) on 4 lanes. */
#define GELU_NEON_FORWARD_LOOP(kernel, f4)                                                   \
    void kernel(const float *x, float *y, size_t n)                                          \
    {                                                                                        \
        size_t i = 0;                                                                        \
        const int pf = gelu_loop_streams(n, y);                                              \
        for (; i + 4 <= n; i += 4) {                                                         \
            if (pf && (i & 15u) == 0) __builtin_prefetch(GELU_PREFETCH_AHEAD(x + i));       \
            vst1q_f32(y + i, f4(vld1q_f32(x + i)));                                          \
        }                                                                                    \
        if (i < n) {                                                                         \
            float bx[4] = {0}, by[4];                                                        \
            memcpy(bx, x + i, (n - i) * sizeof *x);                                          \
            vst1q_f32(by, f4(vld1q_f32(bx)));                                                \
            memcpy(y + i, by, (n - i) * sizeof *y);                                          \
        }                                                                                    \
    }

/* void kernel(const float *x, const float *dy, float *dx, size_t n), with d4(x) = f'(x)
 * on 4 lanes and dx = dy * f'(x) by gelu_backward_product_neon. */
#define GELU_NEON_BACKWARD_LOOP(kernel, d4)                                                  \
    void kernel(const float *x, const float *dy, float *dx, size_t n)                        \
    {                                                                                        \
        size_t i = 0;                                                                        \
        const int pf = gelu_loop_streams(n, dx);                                             \
        for (; i + 4 <= n; i += 4) {                                                         \
            if (pf && (i & 15u) == 0) {                                                      \
                __builtin_prefetch(GELU_PREFETCH_AHEAD(x + i));                              \
                __builtin_prefetch(GELU_PREFETCH_AHEAD(dy + i));                             \
            }                                                                                \
            float32x4_t xv = vld1q_f32(x + i);                                               \
            vst1q_f32(dx + i, gelu_backward_product_neon(xv, vld1q_f32(dy + i), d4(xv)));    \
        }                                                                                    \
        if (i < n) {                                                                         \
            float bx[4] = {0}, bdy[4] = {0}, bdx[4];                                         \
            memcpy(bx, x + i, (n - i) * sizeof *x);                                          \
            memcpy(bdy, dy + i, (n - i) * sizeof *dy);                                       \
            float32x4_t xv = vld1q_f32(bx);                                                  \
            vst1q_f32(bdx, gelu_backward_product_neon(xv, vld1q_f32(bdy), d4(xv)));          \
            memcpy(dx + i, bdx, (n - i) * sizeof *dx);                                       \
        }                                                                                    \
    }

#endif /* GELU_F32_LOOP_NEON_H */
