/* fp_env.h -- every call computes in the default floating-point environment.
 *
 * The kernels' error bounds, correct rounding and bit-identity across ISAs are proven for
 * round to nearest with subnormals kept and no traps.  A caller may run with another
 * rounding mode, with flush-to-zero / denormals-are-zero (x86 MXCSR.FTZ/DAZ, AArch64
 * FPCR.FZ), with default-NaN mode (FPCR.DN) or with exceptions unmasked.  Each entry point
 * therefore brackets its computation with gelu_fp_env_enter / gelu_fp_env_leave: the
 * caller's controls are read (one register read), replaced by the defaults only when they
 * differ, and put back before the call returns.  The sticky exception flags are kept: a call
 * may raise them, as any float arithmetic may, but never clears them.
 *
 * One implementation per architecture (src/x86/fp_env_x86.c, src/arm/fp_env_arm.c,
 * src/generic/fp_env_generic.c: the rounding mode only). */
#ifndef GELU_FP_ENV_H
#define GELU_FP_ENV_H

typedef struct gelu_fp_env {
    unsigned long caller; /* the caller's control register (or rounding mode) */
    int changed;          /* 1 when the defaults were set and `caller` must be restored */
} gelu_fp_env;

/* Saves the caller's controls into e and sets the defaults if they differ. */
void gelu_fp_env_enter(gelu_fp_env *e);

/* Restores what gelu_fp_env_enter saved (nothing to do unless e->changed). */
void gelu_fp_env_leave(const gelu_fp_env *e);

#endif /* GELU_FP_ENV_H */
