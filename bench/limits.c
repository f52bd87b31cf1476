/* limits.c -- the bandwidth limits of the benchmark: streaming kernels y = a*x + b and
 * y = a*x + z, with ordinary and with non-temporal stores.  The widest ISA this CPU runs
 * is chosen once (limits_avx512.c, limits_avx2.c: built only where the compiler takes
 * their flags); else SSE2 on x86-64 (_mm_stream_ps), else plain C, whose non-temporal
 * variant needs clang's __builtin_nontemporal_store. */
#include <stddef.h>
#include <stdint.h>

#include "bench.h"

#if defined(__x86_64__) || defined(_M_X64)
#  include <emmintrin.h>
#  define BENCH_X86 1
#else
#  define BENCH_X86 0
#endif

#if defined(__clang__) && defined(__has_builtin)
#  if __has_builtin(__builtin_nontemporal_store)
#    define BENCH_C_NT 1
#  endif
#endif
#ifndef BENCH_C_NT
#  define BENCH_C_NT 0
#endif

/* Plain C: the compiler vectorises these with the baseline ISA. */
static void stream_c(bench_stream_kind kind, const float *x, const float *z, float *y,
                     size_t n)
{
    const float a = BENCH_A, b = BENCH_B;
    switch (kind) {
    case BENCH_STREAM_AXPB:
        for (size_t i = 0; i < n; i++) y[i] = a * x[i] + b;
        break;
    case BENCH_STREAM_AXPZ:
        for (size_t i = 0; i < n; i++) y[i] = a * x[i] + z[i];
        break;
#if BENCH_C_NT
    case BENCH_STREAM_AXPB_NT:
        for (size_t i = 0; i < n; i++) __builtin_nontemporal_store(a * x[i] + b, &y[i]);
        break;
    case BENCH_STREAM_AXPZ_NT:
        for (size_t i = 0; i < n; i++) __builtin_nontemporal_store(a * x[i] + z[i], &y[i]);
        break;
#endif
    default:
        break;
    }
}

#if BENCH_X86
/* SSE2, part of x86-64. */
static void stream_sse2(bench_stream_kind kind, const float *x, const float *z, float *y,
                        size_t n)
{
    const int nt = kind == BENCH_STREAM_AXPB_NT || kind == BENCH_STREAM_AXPZ_NT;
    const int two = kind == BENCH_STREAM_AXPZ || kind == BENCH_STREAM_AXPZ_NT;
    const __m128 va = _mm_set1_ps(BENCH_A), vb = _mm_set1_ps(BENCH_B);
    size_t i = 0;
    /* Scalar head up to a 16-byte aligned y, so that the stores can stream. */
    while (i < n && ((uintptr_t)(y + i) & 15u) != 0) {
        y[i] = BENCH_A * x[i] + (two ? z[i] : BENCH_B);
        i++;
    }
    for (; i + 8 <= n; i += 8) {
        __m128 r0 = _mm_add_ps(_mm_mul_ps(va, _mm_loadu_ps(x + i)),
                               two ? _mm_loadu_ps(z + i) : vb);
        __m128 r1 = _mm_add_ps(_mm_mul_ps(va, _mm_loadu_ps(x + i + 4)),
                               two ? _mm_loadu_ps(z + i + 4) : vb);
        if (nt) {
            _mm_stream_ps(y + i, r0);
            _mm_stream_ps(y + i + 4, r1);
        } else {
            _mm_store_ps(y + i, r0);
            _mm_store_ps(y + i + 4, r1);
        }
    }
    for (; i < n; i++) y[i] = BENCH_A * x[i] + (two ? z[i] : BENCH_B);
    if (nt) _mm_sfence();
}
#endif

typedef void (*stream_fn)(bench_stream_kind, const float *, const float *, float *, size_t);

static stream_fn chosen;
static const char *chosen_name;

static void choose(void)
{
    if (chosen) return;
    chosen = stream_c;
    chosen_name = "c";
#if BENCH_X86
    chosen = stream_sse2;
    chosen_name = "sse2";
#  if defined(__GNUC__) || defined(__clang__)
    __builtin_cpu_init();
#    ifdef GELU_BENCH_HAVE_AVX2
    if (__builtin_cpu_supports("avx2")) {
        chosen = bench_stream_avx2;
        chosen_name = "avx2";
    }
#    endif
#    ifdef GELU_BENCH_HAVE_AVX512
    if (__builtin_cpu_supports("avx512f")) {
        chosen = bench_stream_avx512;
        chosen_name = "avx512";
    }
#    endif
#  endif
#endif
}

const char *bench_stream_isa(void)
{
    choose();
    return chosen_name;
}

int bench_stream_available(bench_stream_kind kind)
{
    if (kind == BENCH_STREAM_AXPB || kind == BENCH_STREAM_AXPZ) return 1;
    return BENCH_X86 || BENCH_C_NT;
}

void bench_stream(bench_stream_kind kind, const float *x, const float *z, float *y,
                  size_t n)
{
    choose();
    chosen(kind, x, z, y, n);
}
