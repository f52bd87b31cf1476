/* fp_env_generic.c -- fp_env.h where the architecture's control register is not known:
 * the C rounding mode (fenv.h) only; flush-to-zero and trap controls, where the platform
 * has them, are left as the caller set them. */
#include <fenv.h>

#include "fp_env.h"

void gelu_fp_env_enter(gelu_fp_env *e)
{
    int mode = fegetround();
    e->caller = (unsigned long)(unsigned)mode;
    e->changed = mode != FE_TONEAREST;
    if (e->changed) fesetround(FE_TONEAREST);
}

void gelu_fp_env_leave(const gelu_fp_env *e)
{
    if (e->changed) fesetround((int)(unsigned)e->caller);
}
