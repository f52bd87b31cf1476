/* isa_x86.c -- x86-64: the SIMD kernels this CPU runs, best first. */
#include <string.h>

#include "isa.h"
#include "x86/cpu_features_x86.h"
#include "x86/kernels_x86.h"

const gelu_kernel_table *gelu_arch_kernels(const char *name)
{
    gelu_x86_features f = gelu_x86_probe();
    if (strcmp(name, gelu_avx512_kernels.isa) == 0) return f.avx512 ? &gelu_avx512_kernels : NULL;
    if (strcmp(name, gelu_avx2_kernels.isa) == 0) return f.avx2_fma ? &gelu_avx2_kernels : NULL;
    return NULL;
}

const gelu_kernel_table *gelu_arch_best_kernels(void)
{
    gelu_x86_features f = gelu_x86_probe();
    if (f.avx512) return &gelu_avx512_kernels;
    if (f.avx2_fma) return &gelu_avx2_kernels;
    return NULL;
}
