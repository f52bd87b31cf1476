/* fp_env_x86.c -- fp_env.h on x86: MXCSR, the SSE/AVX control and status register.
 *
 * The kernels use SSE/AVX only (no x87), so MXCSR is the whole environment they see.  Its
 * default, as every x86-64 ABI starts a thread, is 0x1f80: every exception masked (bits
 * 7-12), round to nearest (bits 13-14 = 0), FTZ (bit 15) and DAZ (bit 6) clear.  Bits 0-5
 * are the sticky exception flags: kept as they are, never part of the comparison. */
#include <xmmintrin.h>

#include "fp_env.h"

#define MXCSR_FLAGS 0x3fu      /* IE DE ZE OE UE PE: sticky flags */
#define MXCSR_DEFAULT 0x1f80u  /* the controls the kernels are proven under */

void gelu_fp_env_enter(gelu_fp_env *e)
{
    unsigned csr = _mm_getcsr();
    e->caller = csr;
    e->changed = (csr & ~MXCSR_FLAGS) != MXCSR_DEFAULT;
    if (e->changed) _mm_setcsr((csr & MXCSR_FLAGS) | MXCSR_DEFAULT);
}

void gelu_fp_env_leave(const gelu_fp_env *e)
{
    if (!e->changed) return;
    unsigned flags = _mm_getcsr() & MXCSR_FLAGS; /* the caller's flags and any the call raised */
    _mm_setcsr(((unsigned)e->caller & ~MXCSR_FLAGS) | flags);
}
