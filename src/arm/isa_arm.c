/* isa_arm.c -- AArch64: NEON (Advanced SIMD) is part of every AArch64 CPU. */
#include <string.h>

#include "arm/kernels_arm.h"
#include "isa.h"

const gelu_kernel_table *gelu_arch_kernels(const char *name)
{
    return strcmp(name, gelu_neon_kernels.isa) == 0 ? &gelu_neon_kernels : NULL;
}

const gelu_kernel_table *gelu_arch_best_kernels(void) { return &gelu_neon_kernels; }
