/* blas_denormals_x86.c -- FTZ (bit 15) and DAZ (bit 6) of MXCSR (blas_denormals.h). */
#include "blas_denormals.h"

#include <xmmintrin.h>

unsigned long blas_denormals_flush(void)
{
    unsigned int previous = _mm_getcsr();
    _mm_setcsr(previous | 0x8040u);
    return previous;
}

void blas_denormals_restore(unsigned long previous) { _mm_setcsr((unsigned int)previous); }
