/* verify.h -- the accuracy proofs behind `gelu verify` (and the accuracy_* CTest tests).
 *
 * Each proof runs the library's public functions (or, for the half backward, the kernels
 * the public functions use) on every input of its type, or on dense samples for f64, and
 * compares each result with the exact value from MPFR (tools/verify/oracle_f32.c for the
 * float-sized types), printing its own table on stdout and a one-line summary into
 * *summary for the closing table of `gelu verify`.
 *
 *   f32   tools/verify/verify_f32.c           all 2^32 inputs; forward, backward (f'), and
 *                                             the correctly rounded forward
 *   f64   tools/verify/verify_f64.c           dense samples and the hard regions
 *   bf16, f16 forward   verify_half_forward.c   all 65,536 inputs on every ISA of this CPU
 *   bf16, f16 backward  verify_half_backward.c  all 2^32 (x, dy) pairs
 *
 * Return value: 0 when every check passed, 1 when one failed, 2 when the proof could not run
 * (out of memory, a call the proof depends on failed). */
#ifndef GELU_VERIFY_H
#define GELU_VERIFY_H

#include <stdint.h>

#include "gelu.h"

enum { VERIFY_FORWARD = 0, VERIFY_BACKWARD = 1, VERIFY_CR = 2 };
enum { VERIFY_BF16 = 0, VERIFY_F16 = 1 };

typedef struct verify_options {
    int fn;        /* a gelu_fn, or -1 for all four */
    int direction; /* VERIFY_FORWARD, _BACKWARD, _CR (f32 only), or -1 for each */
    int quick;     /* a sample (every 257th f32 input, ...) instead of every input */
    int threads;   /* worker threads, 1..64 */
    int inject_error; /* spoil one result of each f32 and half-forward check, to show that
                       * the proof catches it (gelu verify --inject-error) */
} verify_options;

typedef struct verify_summary {
    uint64_t checked;  /* results compared with the exact value */
    uint64_t failures; /* of those (and of the special values), wrong */
    double max_ulp;    /* the largest error in ulp of the result type; -1: not measured */
    char claim[96];    /* what was proven: "within 1 ulp", "correctly rounded", ... */
} verify_summary;

int verify_f32(const verify_options *options, verify_summary *summary);
int verify_f64(const verify_options *options, verify_summary *summary);
int verify_half_forward(const verify_options *options, int format, verify_summary *summary);
int verify_half_backward(const verify_options *options, int format, verify_summary *summary);

#endif
