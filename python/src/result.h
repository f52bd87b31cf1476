/* New arrays the module returns: of the same kind as the input (numpy in, numpy out). */
#ifndef GELU_PYTHON_RESULT_H
#define GELU_PYTHON_RESULT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "operand.h"

typedef enum py_result_kind {
    PY_RESULT_NUMPY,       /* numpy.ndarray (for an ndarray or numpy scalar input) */
    PY_RESULT_ARRAY,       /* array.array of the input's typecode (1-D) */
    PY_RESULT_MEMORYVIEW   /* a memoryview of new memory, with the input's format and shape */
} py_result_kind;

/* The kind of result an input object gets.  Returns -1 with an exception set on failure. */
int py_result_kind_of(PyObject *like, py_result_kind *kind);

/* A new C-contiguous array of the given kind, element format ('f', 'd', 'e', 'H' or 'h')
 * and shape; *op receives a writable view of it (elem set, data = its memory).  Returns the
 * new object, or NULL with an exception set. */
PyObject *py_result_new(py_result_kind kind, char format, py_elem elem,
                        const Py_ssize_t *shape, int ndim, py_operand *op);

/* An output: out_obj checked and acquired by py_operand_output (type, shape, writable) when
 * given, else a new array of the same kind as like_obj.  Returns what the call returns for
 * it (a new reference: out_obj itself, or the new array), or NULL with an exception set. */
PyObject *py_result_or_out(PyObject *out_obj, const char *out_name, PyObject *like_obj,
                           char format, py_elem elem, const Py_ssize_t *shape, int ndim,
                           py_operand *op, const char *function);

/* Called once from the module's init: readies the memoryview exporter type and imports
 * array.  Returns 0 or -1. */
int py_result_module_init(PyObject *module);

#endif
