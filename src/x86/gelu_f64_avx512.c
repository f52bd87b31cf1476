/* gelu_f64_avx512.c -- the f64 kernels (every form, forward and backward) for the AVX-512 table:
 * src/simd/gelu_f64_simd.h on 8 double lanes (simd_avx512.h).
 * Bit-identical to the portable kernels (src/scalar/<form>_f64.c). */
#include "x86/kernels_x86.h"
#include "x86/simd_avx512.h"

#define GELU_SIMD_SUFFIX avx512
#include "simd/gelu_f64_simd.h"

GELU_F64_SIMD_KERNELS()
