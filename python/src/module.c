/* gelu._native: the module object, its method table and documentation, and the settings
 * (ISA, threads, version).  The Python package gelu (python/gelu/__init__.py) re-exports
 * all of it. */
#include "functions.h"

#include "args.h"
#include "kernel_call.h"
#include "result.h"

#include <string.h>

int py_check_status(gelu_status status, const char *function)
{
    if (status == GELU_OK)
        return 0;
    PyObject *type = status == GELU_ERR_NOMEM ? PyExc_MemoryError
                   : status == GELU_ERR_ARG || status == GELU_ERR_OVERLAP
                     || status == GELU_ERR_NULL ? PyExc_ValueError
                   : PyExc_RuntimeError;
    PyErr_Format(type, "%s(): libgelu returned %s", function, gelu_status_string(status));
    return -1;
}

static PyObject *py_isa(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyUnicode_FromString(gelu_isa());
}

static PyObject *py_set_isa(PyObject *self, PyObject *name)
{
    (void)self;
    if (!PyUnicode_Check(name)) {
        PyErr_Format(PyExc_TypeError, "gelu.set_isa(): name must be a str, not %.100s",
                     Py_TYPE(name)->tp_name);
        return NULL;
    }
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(name, &size);
    if (utf8 == NULL)
        return NULL;
    /* A NUL inside the name would cut it short for the C library: 'avx2\0junk' is unknown. */
    gelu_status s = strlen(utf8) == (size_t)size ? gelu_set_isa(utf8) : GELU_ERR_ARG;
    if (s == GELU_ERR_UNSUPPORTED) {
        PyErr_Format(PyExc_ValueError, "gelu.set_isa(): this CPU or build cannot run %R "
                     "(now running %s)", name, gelu_isa());
        return NULL;
    }
    if (s != GELU_OK) {
        PyErr_Format(PyExc_ValueError, "gelu.set_isa(): unknown ISA %R; expected 'avx512', "
                     "'avx2', 'neon', 'scalar' or 'auto'", name);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *py_num_threads(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyLong_FromLong(gelu_num_threads());
}

static PyObject *py_set_num_threads(PyObject *self, PyObject *arg)
{
    (void)self;
    if (!PyLong_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "gelu.set_num_threads(): n must be an int, not %.100s",
                     Py_TYPE(arg)->tp_name);
        return NULL;
    }
    int overflow = 0;
    long n = PyLong_AsLongAndOverflow(arg, &overflow);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (overflow != 0 || n < 0 || n > 256 || gelu_set_num_threads((int)n) != GELU_OK) {
        PyErr_Format(PyExc_ValueError, "gelu.set_num_threads(): n must be from 1 to 256, or "
                     "0 for the default; got %R", arg);
        return NULL;
    }
    Py_RETURN_NONE;
}

#define FASTCALL(f) (PyCFunction)(void (*)(void))(f), METH_FASTCALL | METH_KEYWORDS

static PyMethodDef methods[] = {
    {"gelu", FASTCALL(py_gelu),
     "gelu(x, approximate='none', *, out=None, dtype=None)\n--\n\n"
     "GELU of every element of x: x*Phi(x) ('none'), the tanh formula ('tanh') or\n"
     "x*sigmoid(1.702x) ('sigmoid').  float32 within 1 ulp, float64 within 2 ulp,\n"
     "float16 and bfloat16 correctly rounded.  Returns out, or a new array like x."},
    {"gelu_cr", FASTCALL(py_gelu_cr),
     "gelu_cr(x, approximate='none', *, out=None, dtype=None)\n--\n\n"
     "Correctly rounded GELU of float32 x: the float nearest the exact value."},
    {"relu", FASTCALL(py_relu),
     "relu(x, *, out=None, dtype=None)\n--\n\n"
     "max(0, x), with relu(-0.0) = +0.0 and NaN kept."},
    {"gelu_backward", FASTCALL(py_gelu_backward),
     "gelu_backward(grad, x, approximate='none', *, out=None, dtype=None)\n--\n\n"
     "grad * f'(x) for the GELU form named by approximate (torch's gelu_backward)."},
    {"relu_backward", FASTCALL(py_relu_backward),
     "relu_backward(grad, x, *, out=None, dtype=None)\n--\n\n"
     "grad * relu'(x), relu'(x) = 1 for x > 0, else 0."},
    {"bias_gelu", FASTCALL(py_bias_gelu),
     "bias_gelu(x, bias, approximate='none', *, out=None, dtype=None)\n--\n\n"
     "gelu(x + bias) in one pass, bias (float32, shape (C,)) added along the last axis\n"
     "of x (float32 or bfloat16, shape (..., C)).  Same bits as the two steps."},
    {"bias_gelu_backward", FASTCALL(py_bias_gelu_backward),
     "bias_gelu_backward(grad, x, bias, approximate='none', *, out=None, dtype=None)\n--\n\n"
     "Returns (dx, dbias): dx = grad * f'(x + bias), dbias (float32, shape (C,)) the sum\n"
     "of dx over every axis but the last, in double.  out: None or (dx, dbias)."},
    {"geglu", FASTCALL(py_geglu),
     "geglu(x, approximate='none', *, out=None, dtype=None)\n--\n\n"
     "GEGLU: the last axis of x (length 2H) split in half, value first:\n"
     "value * gelu(gate), shape (..., H).  float32 or bfloat16."},
    {"geglu_backward", FASTCALL(py_geglu_backward),
     "geglu_backward(grad, x, approximate='none', *, out=None, dtype=None)\n--\n\n"
     "The gradient of geglu with respect to x (shape (..., 2H)) for grad (shape (..., H))."},
    {"isa", py_isa, METH_NOARGS,
     "isa()\n--\n\nThe kernels in use: 'avx512', 'avx2', 'neon' or 'scalar'."},
    {"set_isa", py_set_isa, METH_O,
     "set_isa(name)\n--\n\nForces the kernels named ('auto' for the default); every ISA\n"
     "gives the same bits.  ValueError for an unknown name or one this CPU cannot run."},
    {"num_threads", py_num_threads, METH_NOARGS,
     "num_threads()\n--\n\nThe most threads one call uses."},
    {"set_num_threads", py_set_num_threads, METH_O,
     "set_num_threads(n)\n--\n\nThe most threads one call may use, 1 to 256; 0 for the\n"
     "default (GELU_NUM_THREADS, else the CPUs this process may run on).  Results are\n"
     "the same bits for every thread count."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "gelu._native",
    .m_doc = "libgelu's kernels on buffer-protocol arrays (use the package gelu).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__native(void);

PyMODINIT_FUNC PyInit__native(void)
{
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL)
        return NULL;
    if (py_result_module_init(module) != 0
        || PyModule_AddStringConstant(module, "__version__", gelu_version()) != 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
