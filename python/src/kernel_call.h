/* Running a kernel from a Python call: the GIL rule and the status-to-exception mapping. */
#ifndef GELU_PYTHON_KERNEL_CALL_H
#define GELU_PYTHON_KERNEL_CALL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gelu.h"
#include "operand.h"

/* The GIL is released around a kernel call expected to take about a microsecond or more,
 * and kept below that: a shorter kernel is over before another thread could take the GIL
 * and hand it back.  The expectation is n times the kernel's cost per element in units of
 * the fastest kernels' (float32 forward, about 0.25 ns an element on AVX-512 here), so
 * PY_GIL_RELEASE_MIN_WORK units is 4,096 float32 forward elements.  Costs measured with
 * bench_gelu and docs/performance.md: float32 backward and fused 2 units, gelu_cr, float16
 * and bfloat16 4, float64 32 (its exact GELU runs at about 7 ns an element). */
#define PY_GIL_RELEASE_MIN_WORK 4096
enum py_work_per_element {
    PY_WORK_F32_FORWARD = 1,
    PY_WORK_F32_BACKWARD = 2,   /* also the float32 fused forms */
    PY_WORK_SLOW = 4,           /* gelu_cr, float16, bfloat16 */
    PY_WORK_F64 = 32
};

/* The cost per element of a kernel on elements of type elem (a py_elem). */
#define PY_WORK_OF(elem, f32_work)                                                   \
    ((elem) == PY_ELEM_F32 ? (f32_work) : (elem) == PY_ELEM_F64 ? PY_WORK_F64 : PY_WORK_SLOW)

/* Runs statement (a kernel call that touches no Python object), with the GIL released when
 * n elements at work_per_element units each reach PY_GIL_RELEASE_MIN_WORK. */
#define PY_RUN_KERNEL(n, work_per_element, statement)                                \
    do {                                                                             \
        if ((n) >= PY_GIL_RELEASE_MIN_WORK / (work_per_element)) {                   \
            Py_BEGIN_ALLOW_THREADS statement; Py_END_ALLOW_THREADS                   \
        } else {                                                                     \
            statement;                                                               \
        }                                                                            \
    } while (0)

/* 0 for GELU_OK; otherwise sets an exception (the module's own checks run first, so this
 * is a library refusal the module did not foresee) and returns -1. */
int py_check_status(gelu_status status, const char *function);

#endif
