/* Argument parsing for the module's METH_FASTCALL | METH_KEYWORDS functions. */
#ifndef GELU_PYTHON_ARGS_H
#define GELU_PYTHON_ARGS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gelu.h"

/* One function's parameters: names[0 .. n_positional-1] may be given by position or
 * keyword, the rest by keyword only; the first n_required are required. */
typedef struct py_signature {
    const char *function;      /* "gelu.gelu", for messages */
    const char *const *names;
    int n_names;
    int n_positional;
    int n_required;
} py_signature;

/* Fills values[0 .. n_names-1] with borrowed references, NULL for a parameter not given
 * (an explicit None is stored as None).  Returns 0, or -1 with TypeError set for too many
 * positional arguments, an unknown or repeated keyword, or a missing required one. */
int py_parse_arguments(const py_signature *sig, PyObject *const *args, Py_ssize_t nargs,
                       PyObject *kwnames, PyObject **values);

/* approximate: NULL (not given) is 'none'.  'none' -> GELU_ERF, 'tanh' -> GELU_TANH,
 * 'sigmoid' -> GELU_SIGMOID.  Returns 0, or -1 with TypeError (not a str) or ValueError. */
int py_parse_approximate(const char *function, PyObject *approximate, gelu_fn *fn);

/* py_parse_arguments, then py_parse_approximate of values[approximate_index] into *fn. */
int py_parse_call(const py_signature *sig, PyObject *const *args, Py_ssize_t nargs,
                  PyObject *kwnames, PyObject **values, int approximate_index, gelu_fn *fn);

/* An optional argument: NULL or None. */
static inline int py_is_absent(PyObject *value) { return value == NULL || value == Py_None; }

#endif
