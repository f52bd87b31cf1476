/* test_threads_ops.h -- every public entry point as a numbered operation on a fixed set of
 * random input arrays, for the thread tests (test_threads.c). */
#ifndef GELU_TEST_THREADS_OPS_H
#define GELU_TEST_THREADS_OPS_H

#include <stddef.h>
#include <stdint.h>

/* Inputs for n elements (and the fused forms' rows x cols = n, x of 2n for GEGLU). */
typedef struct test_arrays {
    size_t n, rows, cols;
    float *x32, *dy32, *bias32;
    double *x64, *dy64;
    uint16_t *xh, *dyh;
} test_arrays;

void test_arrays_init(test_arrays *a, size_t n, unsigned seed);
void test_arrays_free(test_arrays *a);

extern const size_t test_op_count;
const char *test_op_name(size_t k);
/* Bytes of output any op writes for n elements, and op k's slot in a buffer of all ops. */
size_t test_output_bytes(size_t n);
size_t test_output_offset(size_t k, size_t n);
/* Runs op k, writing its outputs (packed) to out; returns the bytes written.  Exits on a
 * status other than GELU_OK. */
size_t test_op_run(size_t k, const test_arrays *a, unsigned char *out);

#endif
