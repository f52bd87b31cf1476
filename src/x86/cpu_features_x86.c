/* cpu_features_x86.c -- which x86 ISAs this CPU and its operating system can run.
 *
 * An ISA is usable when cpuid reports its instructions and the OS saves the registers it
 * uses (XCR0, read with xgetbv, after cpuid reports OSXSAVE): AVX state (bits 1, 2) for
 * AVX2, plus opmask and ZMM state (bits 5, 6, 7) for AVX-512. */
#include <cpuid.h>
#include <stddef.h>
#include <stdint.h>

#include "x86/cpu_features_x86.h"

static uint64_t read_xcr0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

gelu_x86_features gelu_x86_probe(void)
{
    gelu_x86_features f = {0, 0};
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
    unsigned fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return f;
    uint64_t xcr0 = read_xcr0();
    if ((xcr0 & 0x6) != 0x6) return f;
    if (__get_cpuid_max(0, NULL) < 7) return f;
    __cpuid_count(7, 0, a, b, c, d);
    unsigned avx2 = (b >> 5) & 1;
    unsigned avx512f = (b >> 16) & 1, avx512dq = (b >> 17) & 1, avx512bw = (b >> 30) & 1,
        avx512vl = (b >> 31) & 1;
    f.avx2_fma = avx2 && fma;
    f.avx512 = f.avx2_fma && avx512f && avx512dq && avx512bw && avx512vl &&
               (xcr0 & 0xe6) == 0xe6;
    return f;
}
