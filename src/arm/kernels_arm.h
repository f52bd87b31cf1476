/* kernels_arm.h -- the AArch64 kernel tables (src/arm/gelu_<isa>.c). */
#ifndef GELU_KERNELS_ARM_H
#define GELU_KERNELS_ARM_H

#include "kernels.h"

extern const gelu_kernel_table gelu_neon_kernels;

#endif /* GELU_KERNELS_ARM_H */
