/* fp_env_arm.c -- fp_env.h on AArch64: FPCR, the floating-point control register.
 *
 * Its default, as Linux starts a thread, is 0: round to nearest (RMode, bits 22-23), no
 * flush-to-zero (FZ, bit 24; FZ16, bit 19), NaNs propagated rather than the default NaN (DN,
 * bit 25), IEEE half precision (AHP, bit 26), no trapped exceptions (bits 8-15), and the
 * FEAT_AFP controls (bits 0-2) clear.  The sticky flags live in FPSR, which is not touched. */
#include <stdint.h>

#include "fp_env.h"

static inline uint64_t fpcr_read(void)
{
    uint64_t v;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(v));
    return v;
}

static inline void fpcr_write(uint64_t v) { __asm__ __volatile__("msr fpcr, %0" : : "r"(v)); }

void gelu_fp_env_enter(gelu_fp_env *e)
{
    uint64_t fpcr = fpcr_read();
    e->caller = (unsigned long)fpcr;
    e->changed = fpcr != 0;
    if (e->changed) fpcr_write(0);
}

void gelu_fp_env_leave(const gelu_fp_env *e)
{
    if (e->changed) fpcr_write((uint64_t)e->caller);
}
