/* gelu_f64_avx2.c -- the f64 kernels (every form, forward and backward) for the AVX2 table:
 * src/simd/gelu_f64_simd.h on 4 double lanes (simd_avx2.h; fma() is the FMA instruction).
 * Bit-identical to the portable kernels (src/scalar/<form>_f64.c). */
#include "x86/kernels_x86.h"
#include "x86/simd_avx2.h"

#define GELU_SIMD_SUFFIX avx2
#include "simd/gelu_f64_simd.h"

GELU_F64_SIMD_KERNELS()
