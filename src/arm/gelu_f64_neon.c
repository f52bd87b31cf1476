/* gelu_f64_neon.c -- the f64 kernels (every form, forward and backward) for the NEON table:
 * src/simd/gelu_f64_simd.h on 2 double lanes (simd_neon.h).
 * Bit-identical to the portable kernels (src/scalar/<form>_f64.c). */
#include "arm/kernels_arm.h"
#include "arm/simd_neon.h"

#define GELU_SIMD_SUFFIX neon
#include "simd/gelu_f64_simd.h"

GELU_F64_SIMD_KERNELS()
