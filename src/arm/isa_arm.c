/* isa_arm.c -- AArch64: NEON kernels are not written yet, so only "scalar" runs. */
#include "isa.h"

const gelu_kernel_table *gelu_arch_kernels(const char *name)
{
    (void)name;
    return NULL;
}

const gelu_kernel_table *gelu_arch_best_kernels(void) { return NULL; }
