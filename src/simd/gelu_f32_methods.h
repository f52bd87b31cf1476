/* gelu_f32_methods.h -- the six f32 methods (GELU_ERF, GELU_TANH and GELU_SIGMOID, forward
 * and derivative) written once over the native float vector layer (issue 19): include a
 * layer (src/x86/vec_f32_avx512.h, src/x86/vec_f32_avx2.h, src/arm/vec_f32_neon.h), then
 * this.  The per-ISA files keep only their loops (src/x86/gelu_loop_*.h,
 * src/arm/gelu_f32_loop_neon.h) and instantiate these functions in them.
 *
 * The reference is the portable code of src/scalar/ (gelu_erf_f32_forward.h,
 * gelu_erf_f32_derivative.h, gelu_erf_f32_tail.h, gelu_logistic_f32_forward.h,
 * gelu_logistic_f32_derivative.h, gelu_f32_pieces.h, gelu_derivative_f32_pieces.h, where the
 * methods and their proven bounds are written down): every lane here goes through the same
 * operations in the same order, so the bits are the portable code's (tests/identity_isa.c).
 * The only departure is how a lane finds its operations: the d-form pieces of the
 * derivatives by a range mask instead of three table reads (the same dh, dl and DK), and the
 * rare lanes of GELU_ERF (NaN, and |x| > 13 where not settled) by the portable element
 * function itself, one lane at a time (GELU_TANH and GELU_SIGMOID quiet NaN in the vector).
 *
 * For each method M (gelu_erf_forward, gelu_erf_derivative, gelu_tanh_forward,
 * gelu_tanh_derivative, gelu_sigmoid_forward, gelu_sigmoid_derivative):
 *   M_fast_vs(x, &out)  the fast path on every lane; out = the lanes outside its range
 *                       (NaN and inf included), whose values are to be replaced;
 *   M_tail_vs(x)        the value of every lane that is outside the fast range and not
 *                       settled (the block loops' tail lists), any other lane left as it is
 *                       computed;
 *   M_vs(x)             every lane's value (the fused loops and NEON): the fast path, and
 *                       for a vector with out lanes the tail, the settled values (above
 *                       M's SAT_HI: x forward, 1 derivative; below SAT_LO: -0.0) and the
 *                       rare lanes, out of line. */
#ifndef GELU_F32_METHODS_H
#define GELU_F32_METHODS_H

#include "scalar/gelu_erf_f32_derivative.h"
#include "scalar/gelu_erf_f32_forward.h"
#include "scalar/gelu_erf_f32_tail.h"
#include "scalar/gelu_logistic_f32_derivative.h"
#include "scalar/gelu_logistic_f32_forward.h"
#include "simd/gelu_logistic_tail_f32.h"

/* ---- the pieces (src/scalar/gelu_f32_pieces.h) ---- */

/* Returns Ph, sets *pl, *lo_out (the low part without e) and *idx (the piece index in the
 * low 5 bits). */
GELU_VS_INLINE vs gelu_pieces_lo_vs(vs x, const gelu_f32_pieces_ref *P, vs *pl, vs *lo_out,
                                    vsi *idx)
{
    const vs sh = vs_bcast(0x1.8p23f);
    vs s = vs_fma(x, vs_bcast(4.0f), sh);
    vs kd = vs_sub(s, sh);
    vs u = vs_fma(kd, vs_bcast(-0.25f), x);
    vsi i = vs_as_vsi(s);
    vs q = vs_lookup32(P->hi_to_lo[0], i);
    for (int j = 1; j < P->nq; j++) q = vs_fma(q, u, vs_lookup32(P->hi_to_lo[j], i));
    q = vs_fma(q, u, vs_lookup32(P->c1l, i));
    vs lo = vs_fma(q, u, vs_lookup32(P->c0l, i));
    vs c0h = vs_lookup32(P->c0h, i), c1h = vs_lookup32(P->c1h, i);
    vs ph = vs_fma(c1h, u, c0h);
    vs e = vs_fma(c1h, u, vs_sub(c0h, ph));
    *pl = vs_add(e, lo);
    *lo_out = lo;
    *idx = i;
    return ph;
}

/* f = fma(x, Ph, x Pl): the forward methods' f = x P. */
GELU_VS_INLINE vs gelu_pieces_times_x_vs(vs x, const gelu_f32_pieces_ref *P)
{
    vs pl, lo;
    vsi i;
    vs ph = gelu_pieces_lo_vs(x, P, &pl, &lo, &i);
    return vs_fma(x, ph, vs_mul(x, pl));
}

/* The derivatives' pieces (src/scalar/gelu_derivative_f32_pieces.h): on the d-form pieces
 * (dform_lo <= x <= dform_hi, exactly those whose DA is 1) dh = w - x0l, dl = -x0l - (dh - w),
 * c = fma(dl, Ph, DK); elsewhere dh = 1, dl = 0, c = 0, as the tables give. */
GELU_VS_INLINE vs gelu_derivative_pieces_vs(vs x, const gelu_derivative_f32_pieces *T,
                                            const gelu_f32_pieces_ref *P)
{
    vs pl, lo;
    vsi i;
    vs ph = gelu_pieces_lo_vs(x, P, &pl, &lo, &i);
    vs w = vs_sub(x, vs_bcast(T->x0h));
    vsm md = vsm_and(vs_le(vs_bcast(T->dform_lo), x), vs_le(x, vs_bcast(T->dform_hi)));
    vs dh = vs_select(md, vs_sub(w, vs_bcast(T->x0l)), vs_bcast(1.0f));
    vs dl = vs_select(md, vs_sub(vs_bcast(-T->x0l), vs_sub(dh, w)), vs_bcast(0.0f));
    vs c = vs_select(md, vs_fma(dl, ph, vs_bcast(T->dform_k)), vs_bcast(0.0f));
    return vs_fma(dh, ph, vs_fma(dh, pl, c));
}

/* ---- GELU_ERF's float tail (src/scalar/gelu_erf_f32_tail.h): v = exp(-x^2/2) R(|x|) ---- */

GELU_VS_INLINE vs gelu_erf_tail_v_vs(vs x, const gelu_erf_tail_f32_table *T)
{
    const vs sh = vs_bcast(0x1.8p23f);
    vs y = vs_abs(x);
    vs p = vs_mul(y, y);
    vs pl = vs_fms(y, y, p);
    vs z = vs_mul(vs_bcast(-0.5f), p), zl = vs_mul(vs_bcast(-0.5f), pl);
    vs kf = vs_fma(z, vs_bcast(DERF_TL_INV), sh);
    vs kd = vs_sub(kf, sh);
    vsi k = vsi_sub(vs_as_vsi(kf), vs_as_vsi(sh));
    vs r = vs_fnma(kd, vs_bcast(DERF_TL_L1), z);
    r = vs_fnma(kd, vs_bcast(DERF_TL_L2), r);
    r = vs_add(r, zl);
    vs q = vs_fma(r, vs_bcast(1.0f / 120), vs_bcast(1.0f / 24));
    q = vs_fma(q, r, vs_bcast(1.0f / 6));
    q = vs_fma(q, r, vs_bcast(0.5f));
    vs el = vs_fma(vs_mul(r, r), q, r);
    vs th = vs_lookup16(DERF_TAIL_T_HI, k), tl = vs_lookup16(DERF_TAIL_T_LO, k);
    vs sc = vsi_as_vs(vsi_shl(vsi_add(vsi_sra(k, 4), vsi_bcast(127)), 23));
    vs s2 = vs_fma(y, vs_bcast(2.0f), sh);
    vs u = vs_fma(vs_sub(s2, sh), vs_bcast(-0.5f), y);
    vsi i = vs_as_vsi(s2);
    vs c = vs_lookup32(T->r[3], i);
    c = vs_fma(c, u, vs_lookup32(T->r[2], i));
    c = vs_fma(c, u, vs_lookup32(T->r[1], i));
    c = vs_fma(c, u, vs_lookup32(T->r[0], i));
    c = vs_fma(c, u, vs_lookup32(T->r1l, i));
    vs lo = vs_fma(c, u, vs_lookup32(T->r0l, i));
    vs r0h = vs_lookup32(T->r0h, i), r1h = vs_lookup32(T->r1h, i);
    vs rh = vs_fma(r1h, u, r0h);
    vs rl = vs_add(vs_fma(r1h, u, vs_sub(r0h, rh)), lo);
    vs ah = vs_mul(th, rh);
    vs b = vs_fms(th, rh, ah);
    b = vs_fma(tl, rh, b);
    b = vs_fma(th, rl, b);
    vs low = vs_fma(ah, el, vs_fma(b, el, b));
    return vs_fma(ah, sc, vs_mul(low, sc));
}

/* ---- what every method shares ---- */

/* The lanes in m set to element(x), one lane at a time (the rare lanes). */
GELU_VS_INLINE vs gelu_lanes_by_element_vs(vs x, vs y, vsm m, float (*element)(float))
{
    float xs[GELU_VS_LANES], ys[GELU_VS_LANES];
    vs_storeu(xs, x);
    vs_storeu(ys, y);
    unsigned bits = vsm_bits(m);
    for (int l = 0; l < GELU_VS_LANES; l++)
        if (bits >> l & 1u) ys[l] = element(xs[l]);
    return vs_loadu(ys);
}

/* The NaN lanes of x, quieted (sign and payload kept), over y. */
GELU_VS_INLINE vs gelu_quiet_nan_lanes_vs(vs x, vs y)
{
    return vs_select(vs_isnan(x), vsi_as_vs(vsi_or(vs_as_vsi(x), vsi_bcast(0x00400000))), y);
}

/* lo <= x <= hi (lo_open: lo < x), false on NaN: the fast range. */
GELU_VS_INLINE vsm gelu_in_range_vs(vs x, float lo, float hi, int lo_open)
{
    vsm above = lo_open ? vs_lt(vs_bcast(lo), x) : vs_le(vs_bcast(lo), x);
    return vsm_and(above, vs_le(x, vs_bcast(hi)));
}

/* Its complement (NaN included), in two compares and an or. */
GELU_VS_INLINE vsm gelu_out_of_range_vs(vs x, float lo, float hi, int lo_open)
{
    vsm below = lo_open ? vs_nlt(vs_bcast(lo), x) : vs_nle(vs_bcast(lo), x);
    return vsm_or(below, vs_nle(x, vs_bcast(hi)));
}

/* The settled lanes of a vector: hi_value above sat_hi (x forward, 1 derivative), -0.0 below
 * sat_lo. */
GELU_VS_INLINE vs gelu_settled_vs(vs x, vs t, float sat_lo, float sat_hi, int derivative)
{
    t = vs_select(vs_lt(vs_bcast(sat_hi), x), derivative ? vs_bcast(1.0f) : x, t);
    return vs_select(vs_lt(x, vs_bcast(sat_lo)), vs_bcast(-0.0f), t);
}

/* ---- the methods ---- */

/* M_fast_vs, M_vs for method M with fast path FAST(x), fast range [LO, HI] (LO_OPEN: (LO,
 * HI]), settled bounds SAT_LO and SAT_HI, and M_rare_vs(x, t) finishing the tail values t of
 * every out lane that is neither tail nor settled. */
#define GELU_F32_METHOD_VS(M, FAST, LO, HI, LO_OPEN, SAT_LO, SAT_HI, DERIVATIVE)              \
    GELU_VS_INLINE vs M##_fast_vs(vs x, vsm *out)                                            \
    {                                                                                        \
        *out = gelu_out_of_range_vs(x, LO, HI, LO_OPEN);                                     \
        return FAST(x);                                                                      \
    }                                                                                        \
    static __attribute__((noinline)) vs M##_rare_vs(vs x, vs y, vsm out)                    \
    {                                                                                        \
        vs t = gelu_settled_vs(x, M##_tail_vs(x), SAT_LO, SAT_HI, DERIVATIVE);               \
        return vs_select(out, t, y);                                                         \
    }                                                                                        \
    GELU_VS_INLINE vs M##_vs(vs x)                                                           \
    {                                                                                        \
        vsm out;                                                                             \
        vs y = M##_fast_vs(x, &out);                                                         \
        if (__builtin_expect(vsm_any(out), 0)) y = M##_rare_vs(x, y, out);                   \
        return y;                                                                            \
    }

/* GELU_ERF: the float tail where |x| <= 13 (x < 0: -v; forward x - v, derivative 1 + v above
 * 0), the portable element function on the other lanes that are not settled (NaN, and
 * -14.375 <= x < -13 forward, -14.5625 <= x < -13 derivative: its double slow path). */
#define GELU_ERF_TAIL_VS(M, TABLE, DERIVATIVE, SAT_LO, SAT_HI)                                \
    static __attribute__((noinline)) vs M##_tail_vs(vs x)                                    \
    {                                                                                        \
        vs v = gelu_erf_tail_v_vs(x, &TABLE);                                                \
        vs t = vs_select(vs_lt(x, vs_bcast(0.0f)), vs_neg(v),                                \
                         DERIVATIVE ? vs_add(vs_bcast(1.0f), v) : vs_sub(x, v));             \
        vsm rare = vsm_not(vs_le(vs_abs(x), vs_bcast(GELU_ERF_F32_TAIL_HI)));                \
        rare = vsm_and(rare, vsm_not(vs_lt(vs_bcast(SAT_HI), x)));                           \
        rare = vsm_and(rare, vsm_not(vs_lt(x, vs_bcast(SAT_LO))));                           \
        if (__builtin_expect(vsm_any(rare), 0))                                              \
            t = gelu_lanes_by_element_vs(x, t, rare, M##_f32_element);                       \
        return t;                                                                            \
    }

GELU_VS_INLINE vs gelu_erf_forward_pieces_vs(vs x)
{
    return gelu_pieces_times_x_vs(x, &gelu_erf_f32_pieces);
}
GELU_VS_INLINE vs gelu_erf_derivative_pieces_vs(vs x)
{
    return gelu_derivative_pieces_vs(x, &gelu_erf_derivative_f32_pieces,
                                     &gelu_erf_derivative_f32_poly);
}
GELU_ERF_TAIL_VS(gelu_erf_forward, gelu_erf_forward_tail_s_f32, 0, GELU_ERF_F32_SAT_LO,
                 GELU_ERF_F32_SAT_HI)
GELU_ERF_TAIL_VS(gelu_erf_derivative, gelu_erf_derivative_tail_r_f32, 1, DERF_SAT_LO, DERF_SAT_HI)
GELU_F32_METHOD_VS(gelu_erf_forward, gelu_erf_forward_pieces_vs, GELU_ERF_F32_FAST_LO,
                   GELU_ERF_F32_FAST_HI, 0, GELU_ERF_F32_SAT_LO, GELU_ERF_F32_SAT_HI, 0)
GELU_F32_METHOD_VS(gelu_erf_derivative, gelu_erf_derivative_pieces_vs, DERF_FAST_LO,
                   DERF_FAST_HI, 1, DERF_SAT_LO, DERF_SAT_HI, 1)

/* GELU_TANH and GELU_SIGMOID: the float tail (src/simd/gelu_logistic_tail_f32.h) on every
 * lane, NaN quieted; nothing else is rare. */
#define GELU_LOGISTIC_TAIL_VS(M, TAIL)                                                        \
    static __attribute__((noinline)) vs M##_tail_vs(vs x)                                    \
    {                                                                                        \
        return gelu_quiet_nan_lanes_vs(x, TAIL(x));                                          \
    }
GELU_LOGISTIC_TAIL_VS(gelu_tanh_forward, gelu_tanh_forward_tail)
GELU_LOGISTIC_TAIL_VS(gelu_sigmoid_forward, gelu_sigmoid_forward_tail)
GELU_LOGISTIC_TAIL_VS(gelu_tanh_derivative, gelu_tanh_derivative_tail)
GELU_LOGISTIC_TAIL_VS(gelu_sigmoid_derivative, gelu_sigmoid_derivative_tail)

GELU_VS_INLINE vs gelu_tanh_forward_pieces_vs(vs x)
{
    return gelu_pieces_times_x_vs(x, &gelu_tanh_f32_pieces);
}
GELU_VS_INLINE vs gelu_sigmoid_forward_pieces_vs(vs x)
{
    return gelu_pieces_times_x_vs(x, &gelu_sigmoid_f32_pieces);
}
GELU_VS_INLINE vs gelu_tanh_derivative_pieces_vs(vs x)
{
    return gelu_derivative_pieces_vs(x, &gelu_tanh_derivative_f32_pieces,
                                     &gelu_tanh_derivative_f32_poly);
}
GELU_VS_INLINE vs gelu_sigmoid_derivative_pieces_vs(vs x)
{
    return gelu_derivative_pieces_vs(x, &gelu_sigmoid_derivative_f32_pieces,
                                     &gelu_sigmoid_derivative_f32_poly);
}
GELU_F32_METHOD_VS(gelu_tanh_forward, gelu_tanh_forward_pieces_vs, GELU_TANH_F32_FAST_LO,
                   GELU_TANH_F32_FAST_HI, 0, GELU_TANH_F32_SAT_LO, GELU_TANH_F32_SAT_HI, 0)
GELU_F32_METHOD_VS(gelu_sigmoid_forward, gelu_sigmoid_forward_pieces_vs,
                   GELU_SIGMOID_F32_FAST_LO, GELU_SIGMOID_F32_FAST_HI, 0,
                   GELU_SIGMOID_F32_SAT_LO, GELU_SIGMOID_F32_SAT_HI, 0)
GELU_F32_METHOD_VS(gelu_tanh_derivative, gelu_tanh_derivative_pieces_vs, GELU_TANH_F32_FAST_LO,
                   GELU_TANH_F32_FAST_HI, 0, GELU_TANH_DERIVATIVE_F32_SAT_LO,
                   GELU_TANH_DERIVATIVE_F32_SAT_HI, 1)
GELU_F32_METHOD_VS(gelu_sigmoid_derivative, gelu_sigmoid_derivative_pieces_vs,
                   GELU_SIGMOID_F32_FAST_LO, GELU_SIGMOID_F32_FAST_HI, 0,
                   GELU_SIGMOID_DERIVATIVE_F32_SAT_LO, GELU_SIGMOID_DERIVATIVE_F32_SAT_HI, 1)

#endif /* GELU_F32_METHODS_H */
