/* Arrays in and out of the module: buffer-protocol views, their element types, contiguous
 * aligned data for the kernels (through a copy when the caller's layout is not), and the
 * checks on shapes, out= and overlap. */
#ifndef GELU_PYTHON_OPERAND_H
#define GELU_PYTHON_OPERAND_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The most dimensions an array may have (numpy's and memoryview's limit; other exporters,
 * ctypes arrays for one, have none). */
#define PY_OPERAND_MAX_NDIM 64

typedef enum py_elem { PY_ELEM_F32, PY_ELEM_F64, PY_ELEM_F16, PY_ELEM_BF16 } py_elem;

/* "float32", "float64", "float16", "bfloat16". */
const char *py_elem_name(py_elem elem);

typedef struct py_operand {
    Py_buffer view;       /* the exporter's view; held while view.obj != NULL */
    py_elem elem;
    char format;          /* the one-character buffer format: 'f', 'd', 'e', 'H' or 'h' */
    Py_ssize_t n;         /* elements */
    void *data;           /* C-contiguous, aligned to the element: view.buf or copy */
    void *copy;           /* PyMem_RawMalloc'd, when view.buf could not be used as is */
    int write_back;       /* out operand with a copy: copied into the view at the end */
} py_operand;

#define PY_OPERAND_INIT {{0}, PY_ELEM_F32, 0, 0, NULL, NULL, 0}

/* An input array: any object with the buffer protocol whose format is float32 'f',
 * float64 'd', float16 'e', or uint16/int16 'H'/'h' bit patterns with dtype 'bfloat16'
 * or 'float16'.  dtype: NULL/None (from the format) or a str naming one of the four.
 * Non-contiguous or misaligned data is copied.  Returns 0, or -1 with TypeError (not a
 * buffer, wrong type, a numpy.ma.MaskedArray, whose mask the buffer leaves out) or
 * ValueError (unknown dtype name) and nothing held. */
int py_operand_input(py_operand *op, PyObject *obj, PyObject *dtype, const char *function,
                     const char *name);

/* An out= array: writable, of element type elem (bit patterns allowed as for inputs), and
 * of exactly the given shape.  Data is written in place when contiguous and aligned, else
 * into a copy that py_operand_finish writes back.  Returns 0, or -1 with TypeError (not
 * a buffer, wrong type, a numpy.ma.MaskedArray) or ValueError (read-only, wrong shape). */
int py_operand_output(py_operand *op, PyObject *obj, py_elem elem, const Py_ssize_t *shape,
                      int ndim, const char *function, const char *name);

/* The same element type and shape as another operand (ValueError / TypeError naming both). */
int py_operand_same_shape(const py_operand *a, const py_operand *b, const char *function,
                          const char *name_a, const char *name_b);
int py_operand_has_shape(const py_operand *op, const Py_ssize_t *shape, int ndim,
                         const char *function, const char *name);
int py_operand_same_elem(const py_operand *a, const py_operand *b, const char *function,
                         const char *name_a, const char *name_b);

/* Lets a call write out while reading in, with numpy's semantics for overlap: the result is
 * what it would be with out a separate array.  in and out may be exactly the same array (in
 * place) when exact_allowed and the kernel is given that one array; otherwise, when both
 * would be used in place and share memory, in gets a private copy (taken now, before
 * anything is written) that the kernel reads.  (Strided operands are always read or written
 * through copies, so they need nothing more.)  Call it for every (output, input) pair once
 * every operand is acquired and before the kernel.  Returns 0, or -1 with MemoryError. */
int py_operand_isolate(py_operand *in, const py_operand *out, int exact_allowed);

/* Two outputs may not share a byte (no result could hold both): a ValueError when they do,
 * decided exactly, element by element for strided views.  Returns 0 or -1. */
int py_operand_check_shared(const py_operand *a, const py_operand *b, const char *function,
                            const char *name_a, const char *name_b);

/* Writes an output's copy back into its view (when it has one).  Returns 0 or -1. */
int py_operand_finish(py_operand *op);

/* Releases the view and frees the copy; safe on PY_OPERAND_INIT and twice. */
void py_operand_release(py_operand *op);

#endif
