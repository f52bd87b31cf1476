/* blas_denormals_arm64.c -- FPCR.FZ (bit 24) on AArch64 (blas_denormals.h). */
#include "blas_denormals.h"

#include <stdint.h>

unsigned long blas_denormals_flush(void)
{
    uint64_t previous;
    __asm__ volatile("mrs %0, fpcr" : "=r"(previous));
    uint64_t flushed = previous | (UINT64_C(1) << 24);
    __asm__ volatile("msr fpcr, %0" : : "r"(flushed));
    return (unsigned long)previous;
}

void blas_denormals_restore(unsigned long previous)
{
    uint64_t value = previous;
    __asm__ volatile("msr fpcr, %0" : : "r"(value));
}
