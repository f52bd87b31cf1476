/* gelu_cr_f32_path1.h -- path 1 of the correctly rounded f32 forward
 * (src/scalar/gelu_cr_f32.h, gelu_cr_f32_fast) written once over the native float vector
 * layer: the faithful kernel's pieces (src/simd/gelu_f32_methods.h), the residual r of
 * y = fma(x, Ph, x Pl), the error bound E = B[i] |y| + C |x lo| (B the form's per-piece
 * table, one more lookup) and half the gap from y to its neighbour from integer operations
 * on y's bits.  A lane is settled when it is in the form's range and |r| + E is below the
 * half gap; the caller collects the others for paths 2 to 4.  Include a layer, then
 * gelu_f32_methods.h, then this. */
#ifndef GELU_CR_F32_PATH1_H
#define GELU_CR_F32_PATH1_H

#include "scalar/gelu_cr_f32.h"

/* y for every lane; *ok = the lanes it settled. */
GELU_VS_INLINE vs gelu_cr_path1_vs(const gelu_cr_f32_form *F, vs x, vsm *ok)
{
    vsm in = gelu_in_range_vs(x, F->lo, F->hi, 0);
    vs pl, lo;
    vsi idx;
    vs ph = gelu_pieces_lo_vs(x, F->pieces, &pl, &lo, &idx);
    vs y = vs_fma(x, ph, vs_mul(x, pl));
    vs r = vs_fma(x, pl, vs_fms(x, ph, y));
    vs ay = vs_abs(y);
    vs err = vs_fma(vs_lookup32(F->bound, idx), ay,
                    vs_mul(vs_bcast(GELU_CR_F32_ROUND_C), vs_abs(vs_mul(x, lo))));
    /* gelu_cr_f32_half_gap(y): max(bits - 1, 0), so that y = 0 gives a negative bound */
    vsi b = vsi_max(vsi_sub(vs_as_vsi(ay), vsi_bcast(1)), vsi_bcast(0));
    b = vsi_sub(vsi_and(b, vsi_bcast(0x7f800000)), vsi_bcast(24 << 23));
    *ok = vsm_and(in, vs_lt(vs_add(vs_abs(r), err), vsi_as_vs(b)));
    return y;
}

#endif /* GELU_CR_F32_PATH1_H */
