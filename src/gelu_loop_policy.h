/* gelu_loop_policy.h -- the one loop policy of the f32 kernels on every ISA (issue 19).
 *
 * Streaming: a kernel call whose f32 output holds at least GELU_STREAM_MIN_ELEMS elements
 * (16 MiB) writes it with non-temporal stores, after a head that aligns the output to the
 * vector width, and fences once at the end.  An array call split over threads decides per
 * part (src/api.c: a part is n / (4 x threads) elements, so two threads stream from 2^25
 * elements on); a fused call decides on its whole rows x columns (src/fused_api.c) and
 * fences once at the end of each thread's part.  An output that large
 * does not stay in any cache of the machines we measure (the largest L3 slice a core
 * sees is 32 MiB, and the input takes as much again), and a non-temporal store skips the
 * read-for-ownership of the line it fills, which is a third of the DRAM traffic of a
 * cached store (docs/performance.md, "DRAM").
 * Prefetch: a streaming loop prefetches its inputs GELU_PREFETCH_BYTES ahead (DRAM latency
 * times the loop's rate: about 80 ns x 50 B/ns), one prefetch per cache line per input
 * (GELU_PREFETCH_AHEAD: the address formed as an integer, never a pointer past the array);
 * the fused bias backward loops prefetch the next row instead, which they read next.
 * Below the size: ordinary loads and stores, no prefetch (the hardware prefetchers keep up
 * with a sequential read that fits in cache).
 *
 * Where it applies: the AVX-512 loops (x86/gelu_loop_avx512.h, x86/gelu_fused_loop_avx512.h),
 * the AVX2 loops (x86/gelu_loop_avx2.h, x86/gelu_fused_loop_avx2.h), and the NEON loops
 * (arm/gelu_f32_loop_neon.h), which prefetch but store normally: C on AArch64 has no
 * non-temporal store but STNP in assembly, and no AArch64 machine was at hand to measure it
 * (the policy's one exception, stated here).  Stores only: the bits never depend on it. */
#ifndef GELU_LOOP_POLICY_H
#define GELU_LOOP_POLICY_H

#include <stddef.h>
#include <stdint.h>

#define GELU_STREAM_MIN_ELEMS ((size_t)1 << 22) /* f32 elements of output: 16 MiB */
#define GELU_PREFETCH_BYTES 4096                /* bytes ahead of the element being read */

/* The prefetch address GELU_PREFETCH_BYTES after p. */
#define GELU_PREFETCH_AHEAD(p) ((const char *)((uintptr_t)(p) + GELU_PREFETCH_BYTES))

/* 1 when a call writing n floats at out streams them (out at least float-aligned, so that
 * a head of whole elements aligns it to any vector width). */
static inline int gelu_loop_streams(size_t n, const float *out)
{
    return n >= GELU_STREAM_MIN_ELEMS && ((uintptr_t)out & (sizeof(float) - 1)) == 0;
}

#endif /* GELU_LOOP_POLICY_H */
