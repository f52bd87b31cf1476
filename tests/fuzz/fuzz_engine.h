/* fuzz_engine.h -- the engine the libFuzzer targets share (fuzz_elementwise.c,
 * fuzz_fused.c): it turns the fuzzer's bytes into one call of a public entry point and
 * checks it against the documented contract.
 *
 * From the input it takes, in order: the entry point (an index into the target's table),
 * the gelu_fn code (the four valid ones most often, else -1, 4, 255, INT_MAX, ...), the
 * sizes (small, or large enough for several threads, or near SIZE_MAX), where each array
 * lies (its own allocation at an element offset, exactly another array, or partly over
 * another one), at times a NULL or an address near the top of the address space, the ISA
 * and the thread count; the rest of the bytes, repeated, fill the inputs.
 *
 * The oracle: the status the model of gelu.h sections 3 and 6 predicts (checked in its
 * order: gelu_fn, empty, NULL, size overflow, overlap); on an error, not a byte written;
 * on GELU_OK, outputs bit-identical to the portable kernels' ("scalar", one thread) on
 * separate copies of the inputs, and no byte outside the outputs touched.  A call the
 * model says is GELU_OK but whose arrays were not really allocated (a huge size that does
 * not overflow) is not made: that would be the caller's bug.  An array placed partly over
 * another is also shifted by -4..4 elements, and each shift the contract refuses must be
 * refused.  Any difference aborts, so libFuzzer saves the input. */
#ifndef GELU_FUZZ_ENGINE_H
#define GELU_FUZZ_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "gelu.h"

#define FUZZ_MAX_ARRAYS 5

/* How an array's element count follows from the sizes (a, b): n = a (elementwise),
 * rows * cols, rows * 2 cols (GEGLU's x and dx), cols (bias, dbias). */
typedef enum fuzz_len { LEN_N, LEN_RC, LEN_R2C, LEN_C } fuzz_len;

typedef struct fuzz_array {
    const char *name;
    int output;  /* 1 for an array the call writes */
    size_t elem; /* bytes of an element */
    fuzz_len len;
} fuzz_array;

typedef struct fuzz_op {
    const char *name;
    int fused; /* 1: sizes are rows, cols; 0: one size n */
    int count; /* arrays, inputs first */
    fuzz_array arrays[FUZZ_MAX_ARRAYS];
    gelu_status (*call)(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t a, size_t b);
} fuzz_op;

/* Runs one input against the table's ops; aborts on any difference from the contract. */
void fuzz_one_input(const fuzz_op *ops, size_t op_count, const uint8_t *data, size_t size);

#endif /* GELU_FUZZ_ENGINE_H */
