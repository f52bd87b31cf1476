/* Running a kernel from a Python call: the GIL rule and the status-to-exception mapping. */
#ifndef GELU_PYTHON_KERNEL_CALL_H
#define GELU_PYTHON_KERNEL_CALL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gelu.h"

/* The GIL is released around a kernel call of at least this many elements.  Below it the
 * kernel takes well under a microsecond, less than handing the GIL to another thread and
 * back would cost (docs/python.md, "Overhead"); numpy draws the same line (at 500). */
#define PY_GIL_RELEASE_MIN_ELEMENTS 4096

/* Runs statement (a kernel call that touches no Python object) with the GIL released when
 * n is large enough. */
#define PY_RUN_KERNEL(n, statement)                                   \
    do {                                                              \
        if ((n) >= PY_GIL_RELEASE_MIN_ELEMENTS) {                     \
            Py_BEGIN_ALLOW_THREADS statement; Py_END_ALLOW_THREADS    \
        } else {                                                      \
            statement;                                                \
        }                                                             \
    } while (0)

/* 0 for GELU_OK; otherwise sets an exception (the module's own checks run first, so this
 * is a library refusal the module did not foresee) and returns -1. */
int py_check_status(gelu_status status, const char *function);

#endif
