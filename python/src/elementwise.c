/* gelu, relu, gelu_cr, gelu_backward, relu_backward: one element in, one out. */
#include "functions.h"

#include "args.h"
#include "kernel_call.h"
#include "operand.h"
#include "result.h"

typedef gelu_status (*unary_kernel)(gelu_fn, const void *, void *, size_t);
typedef gelu_status (*binary_kernel)(gelu_fn, const void *, const void *, void *, size_t);

/* Typed library calls behind untyped pointers (the operand's element type picks one). */
static gelu_status forward_f32(gelu_fn f, const void *x, void *y, size_t n)
{ return gelu_forward_f32(f, x, y, n); }
static gelu_status forward_f64(gelu_fn f, const void *x, void *y, size_t n)
{ return gelu_forward_f64(f, x, y, n); }
static gelu_status forward_f16(gelu_fn f, const void *x, void *y, size_t n)
{ return gelu_forward_f16(f, x, y, n); }
static gelu_status forward_bf16(gelu_fn f, const void *x, void *y, size_t n)
{ return gelu_forward_bf16(f, x, y, n); }
static gelu_status forward_cr_f32(gelu_fn f, const void *x, void *y, size_t n)
{ return gelu_forward_cr_f32(f, x, y, n); }
static gelu_status backward_f32(gelu_fn f, const void *x, const void *dy, void *dx, size_t n)
{ return gelu_backward_f32(f, x, dy, dx, n); }
static gelu_status backward_f64(gelu_fn f, const void *x, const void *dy, void *dx, size_t n)
{ return gelu_backward_f64(f, x, dy, dx, n); }
static gelu_status backward_f16(gelu_fn f, const void *x, const void *dy, void *dx, size_t n)
{ return gelu_backward_f16(f, x, dy, dx, n); }
static gelu_status backward_bf16(gelu_fn f, const void *x, const void *dy, void *dx, size_t n)
{ return gelu_backward_bf16(f, x, dy, dx, n); }

/* Indexed by py_elem: float32, float64, float16, bfloat16. */
static const unary_kernel forward_kernels[4] = {forward_f32, forward_f64, forward_f16,
                                                forward_bf16};
static const unary_kernel forward_cr_kernels[4] = {forward_cr_f32, NULL, NULL, NULL};
static const binary_kernel backward_kernels[4] = {backward_f32, backward_f64, backward_f16,
                                                  backward_bf16};

static int check_supported(int supported, const py_operand *x, const char *function)
{
    if (supported)
        return 0;
    PyErr_Format(PyExc_TypeError, "%s(): x is %s; this function takes float32 only",
                 function, py_elem_name(x->elem));
    return -1;
}

/* The destination of a one-output call: out (checked against x's type and shape; an out
 * that shares memory with an input is computed as if it did not, see py_operand_isolate) or
 * a new array like x_obj.  Returns what the call returns. */
static PyObject *destination(PyObject *out_obj, PyObject *x_obj, py_operand *x,
                             py_operand *other, py_operand *y, const char *function)
{
    PyObject *ret = py_result_or_out(out_obj, "out", x_obj, x->format, x->elem, x->view.shape,
                                     x->view.ndim, y, function);
    if (ret != NULL && !py_is_absent(out_obj)
        && (py_operand_isolate(x, y, 1) != 0
            || (other != NULL && py_operand_isolate(other, y, 1) != 0)))
        Py_CLEAR(ret);
    return ret;
}

static PyObject *unary(const char *function, gelu_fn fn, const unary_kernel kernels[4],
                       int f32_work, PyObject *x_obj, PyObject *out_obj, PyObject *dtype)
{
    py_operand x = PY_OPERAND_INIT, y = PY_OPERAND_INIT;
    PyObject *ret = NULL;
    if (py_operand_input(&x, x_obj, dtype, function, "x") != 0)
        return NULL;
    unary_kernel kernel = kernels[x.elem];
    if (check_supported(kernel != NULL, &x, function) == 0)
        ret = destination(out_obj, x_obj, &x, NULL, &y, function);
    if (ret != NULL) {
        gelu_status s;
        PY_RUN_KERNEL(x.n, PY_WORK_OF(x.elem, f32_work),
                      s = kernel(fn, x.data, y.data, (size_t)x.n));
        if (py_check_status(s, function) != 0 || py_operand_finish(&y) != 0)
            Py_CLEAR(ret);
    }
    py_operand_release(&y);
    py_operand_release(&x);
    return ret;
}

static PyObject *binary(const char *function, gelu_fn fn, PyObject *grad_obj, PyObject *x_obj,
                        PyObject *out_obj, PyObject *dtype)
{
    py_operand g = PY_OPERAND_INIT, x = PY_OPERAND_INIT, dx = PY_OPERAND_INIT;
    PyObject *ret = NULL;
    if (py_operand_input(&g, grad_obj, dtype, function, "grad") == 0
        && py_operand_input(&x, x_obj, dtype, function, "x") == 0
        && py_operand_same_elem(&g, &x, function, "grad", "x") == 0
        && py_operand_same_shape(&g, &x, function, "grad", "x") == 0)
        ret = destination(out_obj, x_obj, &x, &g, &dx, function);
    if (ret != NULL) {
        binary_kernel kernel = backward_kernels[x.elem];
        gelu_status s;
        PY_RUN_KERNEL(x.n, PY_WORK_OF(x.elem, PY_WORK_F32_BACKWARD),
                      s = kernel(fn, x.data, g.data, dx.data, (size_t)x.n));
        if (py_check_status(s, function) != 0 || py_operand_finish(&dx) != 0)
            Py_CLEAR(ret);
    }
    py_operand_release(&dx);
    py_operand_release(&x);
    py_operand_release(&g);
    return ret;
}

/* ---- the Python functions ------------------------------------------------------------- */

static const char *const names_x_approx[] = {"x", "approximate", "out", "dtype"};
static const char *const names_x[] = {"x", "out", "dtype"};
static const char *const names_grad_x_approx[] = {"grad", "x", "approximate", "out", "dtype"};
static const char *const names_grad_x[] = {"grad", "x", "out", "dtype"};

PyObject *py_gelu(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.gelu", names_x_approx, 4, 2, 1};
    PyObject *v[4];
    gelu_fn fn;
    if (py_parse_call(&sig, args, nargs, kwnames, v, 1, &fn) != 0)
        return NULL;
    return unary(sig.function, fn, forward_kernels, PY_WORK_F32_FORWARD, v[0], v[2], v[3]);
}

PyObject *py_gelu_cr(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                     PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.gelu_cr", names_x_approx, 4, 2, 1};
    PyObject *v[4];
    gelu_fn fn;
    if (py_parse_call(&sig, args, nargs, kwnames, v, 1, &fn) != 0)
        return NULL;
    return unary(sig.function, fn, forward_cr_kernels, PY_WORK_SLOW, v[0], v[2], v[3]);
}

PyObject *py_relu(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.relu", names_x, 3, 1, 1};
    PyObject *v[3];
    if (py_parse_arguments(&sig, args, nargs, kwnames, v) != 0)
        return NULL;
    return unary(sig.function, GELU_RELU, forward_kernels, PY_WORK_F32_FORWARD, v[0], v[1], v[2]);
}

PyObject *py_gelu_backward(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                           PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.gelu_backward", names_grad_x_approx, 5, 3, 2};
    PyObject *v[5];
    gelu_fn fn;
    if (py_parse_call(&sig, args, nargs, kwnames, v, 2, &fn) != 0)
        return NULL;
    return binary(sig.function, fn, v[0], v[1], v[3], v[4]);
}

PyObject *py_relu_backward(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                           PyObject *kwnames)
{
    (void)self;
    static const py_signature sig = {"gelu.relu_backward", names_grad_x, 4, 2, 2};
    PyObject *v[4];
    if (py_parse_arguments(&sig, args, nargs, kwnames, v) != 0)
        return NULL;
    return binary(sig.function, GELU_RELU, v[0], v[1], v[2], v[3]);
}
