/* isa.h -- the architecture's SIMD kernels, as this CPU can run them.
 *
 * Each architecture has one implementation (src/x86/isa_x86.c, src/arm/isa_arm.c,
 * src/generic/isa_generic.c); CMake builds the one for the target.  cpu.c adds the
 * portable "scalar" kernels, GELU_ISA and gelu_set_isa on top. */
#ifndef GELU_ISA_H
#define GELU_ISA_H

#include "kernels.h"

/* The kernels of the ISA named (not "scalar"), or NULL if this build or CPU lacks it. */
const gelu_kernel_table *gelu_arch_kernels(const char *name);

/* The fastest SIMD kernels this CPU runs, or NULL if none. */
const gelu_kernel_table *gelu_arch_best_kernels(void);

#endif /* GELU_ISA_H */
