/* bias_gelu, geglu and their backward functions: the fused forms of gelu.h section 6 on
 * arrays whose last axis is the matrix's columns (every other axis counts as rows). */
#include "functions.h"

#include "args.h"
#include "kernel_call.h"
#include "operand.h"
#include "result.h"

#include <string.h>

#define MAX_NDIM PY_OPERAND_MAX_NDIM   /* operands have at most this many axes */

static int check_fused_elem(const py_operand *x, const char *function)
{
    if (x->elem == PY_ELEM_F32 || x->elem == PY_ELEM_BF16)
        return 0;
    PyErr_Format(PyExc_TypeError, "%s(): x is %s; this function takes float32 or bfloat16",
                 function, py_elem_name(x->elem));
    return -1;
}

/* rows x cols with cols the last axis; x needs at least one axis. */
static int matrix_of(const py_operand *x, size_t *rows, size_t *cols, const char *function)
{
    if (x->view.ndim < 1) {
        PyErr_Format(PyExc_ValueError, "%s(): x must have at least one axis (its last axis "
                     "is the columns)", function);
        return -1;
    }
    Py_ssize_t c = x->view.shape[x->view.ndim - 1];
    *cols = (size_t)c;
    *rows = c > 0 ? (size_t)(x->n / c) : 0;
    return 0;
}

/* bias: float32, shape (cols,). */
static int check_bias(const py_operand *bias, size_t cols, const char *function)
{
    if (bias->elem != PY_ELEM_F32) {
        PyErr_Format(PyExc_TypeError, "%s(): bias is %s; bias is float32 (for float32 and "
                     "bfloat16 x)", function, py_elem_name(bias->elem));
        return -1;
    }
    Py_ssize_t shape[1] = {(Py_ssize_t)cols};
    return py_operand_has_shape(bias, shape, 1, function, "bias");
}

static void release_all(py_operand *ops, int count)
{
    for (int i = 0; i < count; i++)
        py_operand_release(&ops[i]);
}

/* ---- bias_gelu ------------------------------------------------------------------------- */

static const char *const names_bias[] = {"x", "bias", "approximate", "out", "dtype"};

PyObject *py_bias_gelu(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                       PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.bias_gelu", names_bias, 5, 3, 2};
    const char *function = sig.function;
    PyObject *v[5];
    gelu_fn fn;
    if (py_parse_call(&sig, args, nargs, kwnames, v, 2, &fn) != 0)
        return NULL;
    enum { X, BIAS, Y, COUNT };
    py_operand op[COUNT] = {PY_OPERAND_INIT, PY_OPERAND_INIT, PY_OPERAND_INIT};
    size_t rows = 0, cols = 0;
    PyObject *ret = NULL;
    if (py_operand_input(&op[X], v[0], v[4], function, "x") == 0
        && check_fused_elem(&op[X], function) == 0
        && matrix_of(&op[X], &rows, &cols, function) == 0
        && py_operand_input(&op[BIAS], v[1], NULL, function, "bias") == 0
        && check_bias(&op[BIAS], cols, function) == 0)
        ret = py_result_or_out(v[3], "out", v[0], op[X].format, op[X].elem, op[X].view.shape,
                               op[X].view.ndim, &op[Y], function);
    if (ret != NULL
        && (py_operand_isolate(&op[X], &op[Y], 1) != 0
            || py_operand_isolate(&op[BIAS], &op[Y], 1) != 0))
        Py_CLEAR(ret);
    if (ret != NULL) {
        const void *x = op[X].data;
        const float *bias = op[BIAS].data;
        void *y = op[Y].data;
        const int work = PY_WORK_OF(op[X].elem, PY_WORK_F32_BACKWARD);
        gelu_status s;
        if (op[X].elem == PY_ELEM_F32)
            PY_RUN_KERNEL(op[X].n, work, s = gelu_bias_forward_f32(fn, x, bias, y, rows, cols));
        else
            PY_RUN_KERNEL(op[X].n, work, s = gelu_bias_forward_bf16(fn, x, bias, y, rows, cols));
        if (py_check_status(s, function) != 0 || py_operand_finish(&op[Y]) != 0)
            Py_CLEAR(ret);
    }
    release_all(op, COUNT);
    return ret;
}

/* ---- bias_gelu_backward ------------------------------------------------------------------ */

static const char *const names_bias_backward[] = {"grad", "x", "bias", "approximate", "out",
                                                  "dtype"};

/* out: None, or a 2-tuple (dx, dbias) whose items may be None. */
static int split_pair(PyObject *out, PyObject **first, PyObject **second, const char *function)
{
    *first = *second = NULL;
    if (py_is_absent(out))
        return 0;
    if (!PyTuple_Check(out) || PyTuple_GET_SIZE(out) != 2) {
        PyErr_Format(PyExc_TypeError, "%s(): out must be None or a tuple (dx, dbias), not "
                     "%.100s", function, Py_TYPE(out)->tp_name);
        return -1;
    }
    *first = PyTuple_GET_ITEM(out, 0);
    *second = PyTuple_GET_ITEM(out, 1);
    return 0;
}

PyObject *py_bias_gelu_backward(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.bias_gelu_backward", names_bias_backward, 6, 4, 3};
    const char *function = sig.function;
    PyObject *v[6], *out_dx, *out_dbias;
    gelu_fn fn;
    if (py_parse_call(&sig, args, nargs, kwnames, v, 3, &fn) != 0
        || split_pair(v[4], &out_dx, &out_dbias, function) != 0)
        return NULL;
    enum { G, X, BIAS, DX, DBIAS, COUNT };
    py_operand op[COUNT] = {PY_OPERAND_INIT, PY_OPERAND_INIT, PY_OPERAND_INIT, PY_OPERAND_INIT,
                            PY_OPERAND_INIT};
    size_t rows = 0, cols = 0;
    PyObject *dx_ret = NULL, *dbias_ret = NULL;
    if (py_operand_input(&op[G], v[0], v[5], function, "grad") == 0
        && py_operand_input(&op[X], v[1], v[5], function, "x") == 0
        && check_fused_elem(&op[X], function) == 0
        && py_operand_same_elem(&op[G], &op[X], function, "grad", "x") == 0
        && py_operand_same_shape(&op[G], &op[X], function, "grad", "x") == 0
        && matrix_of(&op[X], &rows, &cols, function) == 0
        && py_operand_input(&op[BIAS], v[2], NULL, function, "bias") == 0
        && check_bias(&op[BIAS], cols, function) == 0
        && (dx_ret = py_result_or_out(out_dx, "out[0] (dx)", v[1], op[X].format, op[X].elem,
                                      op[X].view.shape, op[X].view.ndim, &op[DX],
                                      function)) != NULL) {
        Py_ssize_t dbias_shape[1] = {(Py_ssize_t)cols};
        dbias_ret = py_result_or_out(out_dbias, "out[1] (dbias)", v[1], 'f', PY_ELEM_F32,
                                     dbias_shape, 1, &op[DBIAS], function);
    }
    int ok = dbias_ret != NULL
        && py_operand_check_shared(&op[DBIAS], &op[DX], function, "dbias", "dx") == 0
        && py_operand_isolate(&op[X], &op[DX], 1) == 0
        && py_operand_isolate(&op[G], &op[DX], 1) == 0
        && py_operand_isolate(&op[BIAS], &op[DX], 1) == 0
        && py_operand_isolate(&op[BIAS], &op[DBIAS], 1) == 0
        && py_operand_isolate(&op[X], &op[DBIAS], 0) == 0
        && py_operand_isolate(&op[G], &op[DBIAS], 0) == 0;
    if (ok) {
        const void *x = op[X].data, *dy = op[G].data;
        const float *bias = op[BIAS].data;
        void *dx = op[DX].data;
        float *dbias = op[DBIAS].data;
        const int work = PY_WORK_OF(op[X].elem, PY_WORK_F32_BACKWARD);
        gelu_status s;
        if (op[X].elem == PY_ELEM_F32)
            PY_RUN_KERNEL(op[X].n, work,
                          s = gelu_bias_backward_f32(fn, x, bias, dy, dx, dbias, rows, cols));
        else
            PY_RUN_KERNEL(op[X].n, work,
                          s = gelu_bias_backward_bf16(fn, x, bias, dy, dx, dbias, rows, cols));
        /* No rows: the library leaves dbias alone (gelu.h), but the sum of nothing is 0. */
        if (rows == 0 && cols > 0)
            memset(dbias, 0, cols * sizeof(float));
        ok = py_check_status(s, function) == 0 && py_operand_finish(&op[DX]) == 0
            && py_operand_finish(&op[DBIAS]) == 0;
    }
    release_all(op, COUNT);
    PyObject *ret = ok ? PyTuple_Pack(2, dx_ret, dbias_ret) : NULL;
    Py_XDECREF(dx_ret);
    Py_XDECREF(dbias_ret);
    return ret;
}

/* ---- geglu ------------------------------------------------------------------------------- */

static const char *const names_geglu[] = {"x", "approximate", "out", "dtype"};
static const char *const names_geglu_backward[] = {"grad", "x", "approximate", "out", "dtype"};

/* x: rows x (2 half), value half first; half_shape = x's shape with the last axis halved. */
static int geglu_shape(const py_operand *x, size_t *rows, size_t *half, Py_ssize_t *half_shape,
                       const char *function)
{
    size_t width;
    if (matrix_of(x, rows, &width, function) != 0)
        return -1;
    if (width % 2 != 0) {
        PyErr_Format(PyExc_ValueError, "%s(): the last axis of x has length %zu; GEGLU splits "
                     "it in half (value, gate), so it must be even", function, width);
        return -1;
    }
    *half = width / 2;
    for (int d = 0; d < x->view.ndim; d++)
        half_shape[d] = x->view.shape[d];
    half_shape[x->view.ndim - 1] = (Py_ssize_t)*half;
    return 0;
}

PyObject *py_geglu(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.geglu", names_geglu, 4, 2, 1};
    const char *function = sig.function;
    PyObject *v[4];
    gelu_fn fn;
    if (py_parse_call(&sig, args, nargs, kwnames, v, 1, &fn) != 0)
        return NULL;
    enum { X, Y, COUNT };
    py_operand op[COUNT] = {PY_OPERAND_INIT, PY_OPERAND_INIT};
    size_t rows = 0, half = 0;
    Py_ssize_t y_shape[MAX_NDIM];
    PyObject *ret = NULL;
    if (py_operand_input(&op[X], v[0], v[3], function, "x") == 0
        && check_fused_elem(&op[X], function) == 0
        && geglu_shape(&op[X], &rows, &half, y_shape, function) == 0)
        ret = py_result_or_out(v[2], "out", v[0], op[X].format, op[X].elem, y_shape,
                               op[X].view.ndim, &op[Y], function);
    if (ret != NULL && py_operand_isolate(&op[X], &op[Y], 0) != 0)
        Py_CLEAR(ret);
    if (ret != NULL) {
        const void *x = op[X].data;
        void *y = op[Y].data;
        const int work = PY_WORK_OF(op[X].elem, PY_WORK_F32_BACKWARD);
        gelu_status s;
        if (op[X].elem == PY_ELEM_F32)
            PY_RUN_KERNEL(op[X].n, work, s = geglu_forward_f32(fn, x, y, rows, half));
        else
            PY_RUN_KERNEL(op[X].n, work, s = geglu_forward_bf16(fn, x, y, rows, half));
        if (py_check_status(s, function) != 0 || py_operand_finish(&op[Y]) != 0)
            Py_CLEAR(ret);
    }
    release_all(op, COUNT);
    return ret;
}

PyObject *py_geglu_backward(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                            PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.geglu_backward", names_geglu_backward, 5, 3, 2};
    const char *function = sig.function;
    PyObject *v[5];
    gelu_fn fn;
    if (py_parse_call(&sig, args, nargs, kwnames, v, 2, &fn) != 0)
        return NULL;
    enum { G, X, DX, COUNT };
    py_operand op[COUNT] = {PY_OPERAND_INIT, PY_OPERAND_INIT, PY_OPERAND_INIT};
    size_t rows = 0, half = 0;
    Py_ssize_t g_shape[MAX_NDIM];
    PyObject *ret = NULL;
    if (py_operand_input(&op[G], v[0], v[4], function, "grad") == 0
        && py_operand_input(&op[X], v[1], v[4], function, "x") == 0
        && check_fused_elem(&op[X], function) == 0
        && py_operand_same_elem(&op[G], &op[X], function, "grad", "x") == 0
        && geglu_shape(&op[X], &rows, &half, g_shape, function) == 0
        && py_operand_has_shape(&op[G], g_shape, op[X].view.ndim, function, "grad") == 0)
        ret = py_result_or_out(v[3], "out", v[1], op[X].format, op[X].elem, op[X].view.shape,
                               op[X].view.ndim, &op[DX], function);
    if (ret != NULL
        && (py_operand_isolate(&op[X], &op[DX], 1) != 0
            || py_operand_isolate(&op[G], &op[DX], 0) != 0))
        Py_CLEAR(ret);
    if (ret != NULL) {
        const void *x = op[X].data, *dy = op[G].data;
        void *dx = op[DX].data;
        const int work = PY_WORK_OF(op[X].elem, PY_WORK_F32_BACKWARD);
        gelu_status s;
        if (op[X].elem == PY_ELEM_F32)
            PY_RUN_KERNEL(op[X].n, work, s = geglu_backward_f32(fn, x, dy, dx, rows, half));
        else
            PY_RUN_KERNEL(op[X].n, work, s = geglu_backward_bf16(fn, x, dy, dx, rows, half));
        if (py_check_status(s, function) != 0 || py_operand_finish(&op[DX]) != 0)
            Py_CLEAR(ret);
    }
    release_all(op, COUNT);
    return ret;
}
