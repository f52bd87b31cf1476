/* The module's Python functions (METH_FASTCALL | METH_KEYWORDS); docs in module.c. */
#ifndef GELU_PYTHON_FUNCTIONS_H
#define GELU_PYTHON_FUNCTIONS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define PY_FUNCTION(name) \
    PyObject *name(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)

/* elementwise.c */
PY_FUNCTION(py_gelu);
PY_FUNCTION(py_gelu_cr);
PY_FUNCTION(py_relu);
PY_FUNCTION(py_gelu_backward);
PY_FUNCTION(py_relu_backward);

/* fused.c */
PY_FUNCTION(py_bias_gelu);
PY_FUNCTION(py_bias_gelu_backward);
PY_FUNCTION(py_geglu);
PY_FUNCTION(py_geglu_backward);

#endif
