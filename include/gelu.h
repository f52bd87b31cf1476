/*
 * gelu.h -- libgelu, the GELU activation function and its ReLU baseline.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 The libgelu authors.  The license's text is LICENSE in the source
 * tree and share/doc/gelu/LICENSE where libgelu is installed.
 *
 * This header is the manual.  Read it top to bottom.
 *
 *   GELU (Hendrycks & Gimpel 2016, arXiv:1606.08415) is f(x) = x * Phi(x), where Phi is
 *   the standard normal distribution function.  libgelu computes it, two common
 *   approximations of it, and ReLU, forward and backward, on arrays of float, double, bf16
 *   and f16, with every f32 result proven (by an exhaustive test over all 2^32 inputs) to
 *   be within 1 ulp of the exact real value, a correctly rounded f32 forward, and bf16/f16
 *   results correctly rounded (proven over every input and every (x, dy) pair).
 *
 * Contents
 *   1. Version and export macros
 *   2. Functions and status codes
 *   3. Semantics shared by every entry point
 *   4. Forward:  y = f(x)
 *   5. Backward: dx = dy * f'(x)
 *   6. Fused forms: bias + GELU and GEGLU
 *   7. Kernel selection (ISA)
 *   8. Threads
 *   9. Status strings
 *
 * SIMD: AVX-512, AVX2 and NEON kernels for every function (section 7); threads for large
 * arrays (section 8).
 */
#ifndef GELU_H
#define GELU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================================
 * 1. Version and export macros
 * ==================================================================================== */

#define GELU_VERSION_MAJOR 1
#define GELU_VERSION_MINOR 0
#define GELU_VERSION_PATCH 0
/* One number for compile-time checks: 10000 * major + 100 * minor + patch. */
#define GELU_VERSION_NUMBER \
    (GELU_VERSION_MAJOR * 10000 + GELU_VERSION_MINOR * 100 + GELU_VERSION_PATCH)

/* GELU_API marks the exported symbols.  The library is built with hidden visibility, so
 * only what this header declares is visible.  Define GELU_STATIC_DEFINE when linking the
 * static library on Windows. */
#if defined(_WIN32) && !defined(GELU_STATIC_DEFINE)
#  ifdef GELU_BUILDING_LIBRARY
#    define GELU_API __declspec(dllexport)
#  else
#    define GELU_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define GELU_API __attribute__((visibility("default")))
#else
#  define GELU_API
#endif

/* The version of the library actually linked, as "MAJOR.MINOR.PATCH".  Never NULL. */
GELU_API const char *gelu_version(void);

/* ======================================================================================
 * 2. Functions and status codes
 * ==================================================================================== */

/* The activation to compute.  Each is defined by its real-number formula; the constants
 * sqrt(2/pi), 0.044715 and 1.702 are the real numbers written here, not their roundings. */
typedef enum gelu_fn {
    GELU_ERF     = 0, /* exact GELU: x * Phi(x) = 0.5 x erfc(-x / sqrt 2)                   */
    GELU_TANH    = 1, /* 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))                    */
    GELU_SIGMOID = 2, /* "quick GELU": x * sigmoid(1.702 x)                                 */
    GELU_RELU    = 3  /* max(0, x): the baseline GELU is compared against                  */
} gelu_fn;

typedef enum gelu_status {
    GELU_OK              = 0,
    GELU_ERR_NULL        = 1, /* a NULL pointer with n > 0                                  */
    GELU_ERR_ARG         = 2, /* unknown gelu_fn, size overflow, bad ISA name               */
    GELU_ERR_OVERLAP     = 3, /* an output partially overlaps an input                     */
    GELU_ERR_NOMEM       = 4, /* out of memory (no function of this version allocates)     */
    GELU_ERR_UNSUPPORTED = 5  /* an ISA this CPU or this build does not have                */
} gelu_status;

/* ======================================================================================
 * 3. Semantics shared by every entry point
 * ==================================================================================== */
/*
 * Arguments, checked in this order; nothing is written when an error is returned:
 *   - n == 0 with a valid gelu_fn: GELU_OK, pointers not looked at (NULL is fine).
 *   - f not one of the four gelu_fn values:            GELU_ERR_ARG  (whatever n is).
 *   - any array pointer NULL with n > 0:               GELU_ERR_NULL.
 *   - n * sizeof(element) overflows size_t, or an array would run past the end of the
 *     address space:                                   GELU_ERR_ARG.
 *   - an output overlaps an input partially:           GELU_ERR_OVERLAP.
 *     An output may be exactly the same array as an input (in place); inputs may overlap
 *     each other in any way.
 *
 * Special values (bit for bit, on every ISA):
 *   - NaN in gives that NaN out, quieted, sign and payload kept.  Backward: x's NaN if x is
 *     NaN, else dy's NaN if dy is NaN.  A NaN created by the product dy * f'(x) (that is
 *     +-inf * 0) is the default quiet NaN with the sign bit clear (0x7fc00000 in f32,
 *     0x7ff8000000000000 in f64), whatever the hardware would produce.
 *   - GELU forms: f(+inf) = +inf, f(-inf) = -0.0, f(+0.0) = +0.0, f(-0.0) = -0.0;
 *     f'(+inf) = 1, f'(-inf) = -0.0 (f' tends to 0 from below), f'(+-0) = 0.5.
 *     Results too small for the type are +-0.0 with the sign of the exact value (GELU is
 *     negative for every x < 0, so the far left tail gives -0.0, never +0.0), and results
 *     in the subnormal range are computed, not flushed.
 *   - ReLU: relu(x) = x for x > 0 and +0.0 for every other non-NaN x (relu(-0.0) = +0.0,
 *     relu(-inf) = +0.0); relu'(x) = 1 for x > 0, else 0 (relu'(0) = 0, as in PyTorch).
 *   - Backward: dx is the IEEE product of dy and f'(x), where f'(x) is first rounded to the
 *     array's type.  So dy = +-inf with f'(x) = 0 (or rounded to 0) gives NaN, and the
 *     sign of a zero dx follows the signs of dy and f'(x).  bf16 and f16 backward round the
 *     exact product instead (section 5): dy = +-inf gives +-inf wherever the exact f'(x) is
 *     not 0 (every finite x of the GELU forms, even where f'(x) is below every float), NaN
 *     only where it is 0 (ReLU at x <= 0, x = -inf).
 *
 * Accuracy (proven for f32 by tools/verify/verify_f32.c, which runs every one of the 2^32
 * inputs against an oracle confirmed with MPFR; f64 by tools/verify/verify_f64.c on dense
 * samples; `gelu verify` runs these proofs on the user's machine):
 *   - f32 forward: within 1 ulp of the exact real value for every input, tails included.
 *   - f32 backward: f'(x) within 1 ulp for every input (also near x ~ -0.7518, where the
 *     GELU forms' derivatives cross zero); dx within 2 ulp of the exact dy * f'(x) where
 *     f'(x) is a normal float (else within 1 ulp of dx plus |dy| * 2^-149).
 *   - f32 forward, gelu_forward_cr_f32: correctly rounded for every input.
 *   - f64 forward: within 2 ulp; f64 backward: f'(x) within 3 ulp; dx within 3 ulp of the
 *     exact dy * f'(x) where f'(x) is a normal double (where it is subnormal, about x < -37.71
 *     for GELU_ERF: within 3 ulp of dx plus |dy| * 2^-1074, since dx is the IEEE product
 *     of dy and the rounded f'(x); checked with |dy| = 2^1000 by tools/verify/verify_f64.c).
 *   - bf16, f16: forward and backward correctly rounded (tools/verify/verify_half_forward.c and
 *     tools/verify/verify_half_backward.c, every input and every (x, dy) pair).
 *   - ReLU is exact.
 *
 * Floating-point environment: every result above, to the bit, is the same whatever the
 * caller's environment.  Each call computes in the default one (round to nearest, subnormals
 * kept, exceptions masked) and leaves the caller's as it found it: on x86 it reads MXCSR and,
 * only if its controls differ from the default 0x1f80 (another rounding mode, FTZ, DAZ or an
 * unmasked exception), sets the default for the call and restores the caller's controls
 * before returning; on AArch64 the same with FPCR (RMode, FZ, FZ16, DN, AHP, trap enables)
 * and its default 0.  So under FTZ/DAZ (or FPCR.FZ) subnormal inputs are still read as
 * subnormals and subnormal results are still returned, not flushed; no exception traps
 * inside a call.  The sticky exception flags (MXCSR bits 0-5, FPSR) are never cleared; a
 * call may raise them (inexact, underflow, ...) as any float arithmetic may.  The cost is
 * one register read a call (tests/test_fenv.c checks all of this in every rounding mode and
 * FTZ/DAZ state, on x86 and, under QEMU, on AArch64).  On other architectures only the
 * rounding mode is set and restored.
 * Stack: every entry point uses at most 8 KiB of its caller's stack (7,320 bytes measured at
 * most, gelu_forward_cr_f32, by tests/test_small_stack.c, which also runs every entry point
 * on a 16 KiB PTHREAD_STACK_MIN thread), so calls from threads with small stacks are safe.
 * (An unoptimised or sanitizer build of the library needs more.)
 * Every function is thread-safe.  None calls an allocator; the first call that uses more
 * than one thread creates the library's worker threads (section 8), whose stacks the C
 * library allocates (SECURITY.md).
 */

/* ======================================================================================
 * 4. Forward: y[i] = f(x[i]) for i in [0, n)
 * ==================================================================================== */

/* f32.  y == x (in place) is allowed.
 * Returns GELU_OK, or GELU_ERR_ARG / GELU_ERR_NULL / GELU_ERR_OVERLAP as in section 3. */
GELU_API gelu_status gelu_forward_f32(gelu_fn f, const float *x, float *y, size_t n);

/* f32, correctly rounded: each y[i] is the float nearest the exact real f(x[i]) (ties to
 * even), for every one of the 2^32 inputs and every form (GELU_ERF, GELU_TANH and
 * GELU_SIGMOID as the exact real formulas of section 2; ReLU is exact anyway), so the bits
 * are the same on every ISA and platform.  tools/verify/verify_f32.c proves it for all 2^32
 * inputs.  Same contract as gelu_forward_f32 otherwise (NaN, +-inf, +-0 as in section 3;
 * the far left tail underflows to subnormals and -0.0 as the exact value rounds).
 * Method: the faithful kernel's float evaluation plus a bound on its error settles the
 * rounding for almost every input; the rest take a double and, rarely, a double-double
 * evaluation (about 3 microseconds an element for GELU_ERF on [-5, 5]).  Speed:
 * docs/performance.md. */
GELU_API gelu_status gelu_forward_cr_f32(gelu_fn f, const float *x, float *y, size_t n);

/* f64.  Same contract as gelu_forward_f32, on double. */
GELU_API gelu_status gelu_forward_f64(gelu_fn f, const double *x, double *y, size_t n);

/* bf16 and f16, as uint16_t bit patterns (bf16: the top half of a float; f16: IEEE
 * binary16).  Same contract as gelu_forward_f32, and each result is correctly rounded (to
 * nearest even) for every one of the 65,536 inputs of each form, subnormals included
 * (tools/verify/verify_half_forward.c proves it against MPFR).  NaN gives that NaN, quieted (bf16 bit
 * 0x0040, f16 bit 0x0200), sign and payload kept.  Computed in float, and in double for the
 * few inputs whose float result is too close to a rounding boundary to decide it. */
GELU_API gelu_status gelu_forward_bf16(gelu_fn f, const uint16_t *x, uint16_t *y, size_t n);
GELU_API gelu_status gelu_forward_f16(gelu_fn f, const uint16_t *x, uint16_t *y, size_t n);

/* ======================================================================================
 * 5. Backward: dx[i] = dy[i] * f'(x[i]) for i in [0, n)
 * ==================================================================================== */

/* f32.  dx may be exactly x or exactly dy (in place); x and dy may overlap each other.
 * Returns GELU_OK, or GELU_ERR_ARG / GELU_ERR_NULL / GELU_ERR_OVERLAP as in section 3.
 * To get f'(x) itself, pass dy filled with 1.0f. */
GELU_API gelu_status gelu_backward_f32(gelu_fn f, const float *x, const float *dy,
                                       float *dx, size_t n);

/* f64.  Same contract as gelu_backward_f32, on double. */
GELU_API gelu_status gelu_backward_f64(gelu_fn f, const double *x, const double *dy,
                                       double *dx, size_t n);

/* bf16 and f16 (uint16_t bit patterns, as for the forward).  Same contract as
 * gelu_backward_f32, and each dx is the exact real dy * f'(x) correctly rounded (to nearest
 * even) to the format, for every one of the 2^32 (x, dy) pairs of each form
 * (tools/verify/verify_half_backward.c proves it against MPFR).  A product that is exactly halfway
 * (possible only where f' is exact: f'(0) = 1/2, ReLU) goes to even.  NaN rules as in
 * section 3: x's NaN, else dy's NaN (quieted, payload kept), else the product's NaN
 * (inf * 0, e.g. dy = inf at x = -inf where f' = -0) is the default quiet NaN
 * (bf16 0x7fc0, f16 0x7e00).  f'(x) computed in float, then in double and in double-double
 * for the few pairs whose product is too close to a rounding boundary. */
GELU_API gelu_status gelu_backward_bf16(gelu_fn f, const uint16_t *x, const uint16_t *dy,
                                        uint16_t *dx, size_t n);
GELU_API gelu_status gelu_backward_f16(gelu_fn f, const uint16_t *x, const uint16_t *dy,
                                       uint16_t *dx, size_t n);

/* ======================================================================================
 * 6. Fused forms: bias + GELU and GEGLU
 * ==================================================================================== */
/*
 * One pass over memory instead of two: the bias add (or the GEGLU product) is done in
 * registers (AVX-512 and AVX2: bias forward and backward and GEGLU forward of the three GELU
 * forms) or block by block in cache (the other cases, and NEON) around the same kernels as
 * sections 4 and 5, so each result equals the unfused composition described below bit for bit, on
 * every ISA and thread count (tests/test_fused.c checks it on every ISA the CPU runs).
 * Matrices are row-major, rows x cols, without padding.  Speed: docs/performance.md.
 *
 * Arithmetic of the compositions.  A sum or product of two floats is the IEEE f32 result
 * (round to nearest even); when it is NaN, it is the first operand's NaN if that is NaN, else
 * the second's, quieted (sign and payload kept), else the default NaN 0x7fc00000 (inf - inf,
 * 0 * inf).  bf16 values widen exactly to f32; a bf16 result from an f32 value rounds to
 * nearest even (NaN: quieted, payload kept); a bf16 product of two bf16 values is their exact
 * product rounded once to bf16.
 *
 * Arguments: rows == 0 or cols == 0 with a valid gelu_fn is GELU_OK (pointers not looked at);
 * otherwise the checks and codes of section 3, with rows * cols (rows * 2 * cols for GEGLU's
 * x and dx) overflowing size_t as GELU_ERR_ARG.  An output may be exactly an input of the same
 * shape (same address and size: in place); any other overlap of an output with an input or
 * another output is GELU_ERR_OVERLAP.  Inputs may overlap each other freely.
 */

/* y[r*cols + c] = f(s), s = x[r*cols + c] + bias[c] rounded to f32: gelu_forward_f32 of the
 * sum.  y may be x. */
GELU_API gelu_status gelu_bias_forward_f32(gelu_fn f, const float *x, const float *bias,
                                           float *y, size_t rows, size_t cols);

/* dx[r*cols + c] = dy * f'(s), s as above: gelu_backward_f32(s, dy).  dbias[c] = the sum over
 * r of dx[r*cols + c], added in double in the order r = 0, 1, ..., rows - 1 starting from 0,
 * then rounded once to f32 (whatever the ISA and thread count).  Error: at most
 * (rows - 1) 2^-53 times the sum of |dx| before the final rounding (recursive summation,
 * Higham, Accuracy and Stability of Numerical Algorithms, 2002, §4.2), then half an f32 ulp;
 * for rows < 2^20 that is within 0.5 ulp + 2^-33 sum |dx| of the exact sum of the dx as
 * stored.  A column whose sum is NaN (a NaN dx, or +inf and -inf) gets the default NaN
 * 0x7fc00000.  dx may be x or dy; dbias may be bias. */
GELU_API gelu_status gelu_bias_backward_f32(gelu_fn f, const float *x, const float *bias,
                                            const float *dy, float *dx, float *dbias,
                                            size_t rows, size_t cols);

/* GEGLU.  x is rows x (2 cols), each row the value half then the gate half:
 * y[r*cols + c] = value * f(gate), value = x[r*2cols + c], gate = x[r*2cols + cols + c], with
 * f(gate) the gelu_forward_f32 result.  y is rows x cols and may not overlap x. */
GELU_API gelu_status geglu_forward_f32(gelu_fn f, const float *x, float *y, size_t rows,
                                       size_t cols);

/* dx is rows x (2 cols), like x: d_value = dy * f(gate) (f as in the forward);
 * d_gate = gelu_backward_f32(gate, g) with g = dy * value, the gradient reaching f's
 * output.  dy is rows x cols.  dx may be x. */
GELU_API gelu_status geglu_backward_f32(gelu_fn f, const float *x, const float *dy, float *dx,
                                        size_t rows, size_t cols);

/* bf16 twins (uint16_t bit patterns; bias and dbias are f32, the arithmetic f32 or wider).
 * Bias forms: s = x + bias computed in f32, then rounded to bf16 (two roundings, exactly as
 * "add in f32, convert to bf16" would), then gelu_forward_bf16 / gelu_backward_bf16 of s, so
 * each y and dx is correctly rounded for that s; dbias sums the bf16 dx (widened exactly) in
 * double in row order, as above.  GEGLU: t = gelu_forward_bf16(gate); y = value * t;
 * d_value = dy * t; d_gate = gelu_backward_bf16(gate, g) with g = dy * value; each product
 * the exact product rounded once to bf16. */
GELU_API gelu_status gelu_bias_forward_bf16(gelu_fn f, const uint16_t *x, const float *bias,
                                            uint16_t *y, size_t rows, size_t cols);
GELU_API gelu_status gelu_bias_backward_bf16(gelu_fn f, const uint16_t *x, const float *bias,
                                             const uint16_t *dy, uint16_t *dx, float *dbias,
                                             size_t rows, size_t cols);
GELU_API gelu_status geglu_forward_bf16(gelu_fn f, const uint16_t *x, uint16_t *y, size_t rows,
                                        size_t cols);
GELU_API gelu_status geglu_backward_bf16(gelu_fn f, const uint16_t *x, const uint16_t *dy,
                                         uint16_t *dx, size_t rows, size_t cols);

/* ======================================================================================
 * 7. Kernel selection (ISA)
 * ==================================================================================== */
/*
 * Names: "avx512", "avx2", "neon", "scalar".  "scalar" (portable C) runs everywhere;
 * "avx512" (AVX-512 F, DQ, BW, VL) and "avx2" (AVX2 with FMA) run on x86-64 CPUs that have
 * them, with the OS saving their registers; "neon" on every AArch64 CPU.  A name this CPU
 * or build lacks gives GELU_ERR_UNSUPPORTED.  Every ISA gives the same bits for every input
 * (tests/identity_isa.c compares all 2^32 f32 inputs and dense f64 samples).  In this
 * version every function has SIMD kernels for f32 (faithful and correctly rounded) and f64
 * on AVX-512, AVX2 and NEON; bf16 and f16 convert in SIMD around the f32 kernels.
 *
 * The choice is made once, at the first call into the library: the best ISA of this CPU,
 * unless the environment variable GELU_ISA names one.  A GELU_ISA value that is unknown or
 * not supported here (or empty, or with anything around the name) is ignored with one line
 * on stderr, and the default is used.  The line shows at most 40 bytes of the value, each
 * quote, backslash, control character or non-ASCII byte as \xNN, so that a value cannot
 * break or forge lines.
 */

/* The name of the kernels now in use.  Never NULL. */
GELU_API const char *gelu_isa(void);

/* Forces the kernels named (for tests and benchmarks); "auto" returns to the default
 * (GELU_ISA if it names a usable ISA, else the best this CPU runs).
 * Returns GELU_OK; GELU_ERR_NULL for NULL; GELU_ERR_UNSUPPORTED for a known ISA this CPU
 * or build lacks; GELU_ERR_ARG for an unknown name.  The choice is global to the process;
 * calls running at that moment finish with the kernels they started with. */
GELU_API gelu_status gelu_set_isa(const char *name);

/* ======================================================================================
 * 8. Threads
 * ==================================================================================== */
/*
 * A call on a large array is split across the threads of a small pool the library keeps
 * (POSIX threads, created at the first call that needs them; an idle one spins briefly, so
 * that a call soon after the last one starts without a system call, then sleeps).  Each
 * thread gets a contiguous piece of at least 16,384 elements (8,192 for the slower f64,
 * correctly rounded and 16-bit backward kernels): below that an extra thread costs about
 * as much as it saves (docs/performance.md, "Threads"), so small calls run on the caller's
 * thread alone.  The fused bias backward splits columns instead, 16 at least a thread.
 * Results are bit-identical for every thread count (every kernel is elementwise; the dbias
 * sums have a fixed order), and tests/test_threads.c checks it for every entry point.
 *
 * Loaded machines: each thread's share is cut into 4 parts, and parts go to whichever thread
 * asks first, the caller included, so the caller does the parts no worker has started;
 * waiting threads yield their core; and a caller that had to wait for workers longer than
 * it computed runs the next 8 calls (doubling up to 256 while such waits go on) on its own
 * thread.  With the other core busy, a call asking for 2 threads measured 1.00 to 1.01 times
 * one thread's time at 16 Ki to 1 Mi elements (before: up to 8.4 times); unloaded, 0.51 to
 * 0.59 (docs/performance.md, "Threads on a loaded machine").  Results do not depend on which
 * thread runs a part.
 *
 * No entry point is a cancellation point: each runs with cancellation disabled
 * (pthread_setcancelstate) and restores the caller's state before returning, so a thread
 * cancelled (deferred cancellation) during a call finishes the call, and the cancellation
 * acts at its next cancellation point (tests/test_cancel.c).
 *
 * Calls from many threads at once are safe.  The pool runs one call at a time: a call made
 * while another thread's call is using it runs on its own caller's thread (same results).
 * The workers compute each call in the same default floating-point environment as the
 * caller's thread (section 3), so the thread count does not change the bits in any
 * environment.  After fork()
 * the child has no workers and starts new ones when it needs them.  The workers live until
 * the process exits, so the shared library is linked not to be unloaded (dlclose leaves it
 * in place).
 *
 * The default number of threads is GELU_NUM_THREADS if that is a whole number from 1 to
 * 256, else the number of CPUs this process may run on (sched_getaffinity, so `taskset -c 0`
 * gives 1).  A GELU_NUM_THREADS that is set but not such a number (empty, signs, spaces,
 * 0, over 256, any length of digits) is ignored with one line on stderr, written as for
 * GELU_ISA.  The environment is read once, at the first call that needs the setting
 * (tests/test_config_env.c tries 42 values, each in a fresh process).
 */

/* The most threads one call may use: n from 1 to 256; 0 returns to the default.
 * Returns GELU_OK, or GELU_ERR_ARG for n < 0 or n > 256 (the setting is then unchanged).
 * Global to the process; calls already running keep the count they started with. */
GELU_API gelu_status gelu_set_num_threads(int n);

/* The most threads one call uses now (the setting, else the default): at least 1. */
GELU_API int gelu_num_threads(void);

/* ======================================================================================
 * 9. Status strings
 * ==================================================================================== */

/* A short English description of s ("ok", "NULL pointer with n > 0", ...).
 * Never NULL: an unknown value gives "unknown gelu_status". */
GELU_API const char *gelu_status_string(gelu_status s);

#ifdef __cplusplus
}
#endif

#endif /* GELU_H */
