/* isa_x86.c -- x86-64: the AVX2 and AVX-512 kernels this CPU runs (none written yet). */
#include "isa.h"

const gelu_kernel_table *gelu_arch_kernels(const char *name)
{
    (void)name;
    return NULL;
}

const gelu_kernel_table *gelu_arch_best_kernels(void) { return NULL; }
