/* New arrays the module returns: see result.h.
 *
 * numpy is never imported here: an input can only be an ndarray if numpy is already in
 * sys.modules, so that is where numpy.ndarray and numpy.empty are looked up (once). */
#include "result.h"

#include <string.h>

#define RESULT_MAX_NDIM PY_OPERAND_MAX_NDIM

/* ---- numpy, found in sys.modules ------------------------------------------------------ */

static struct {
    PyObject *ndarray, *generic, *empty, *dtype;
    PyObject *dtypes[5];     /* numpy.dtype of 'f', 'd', 'e', 'H', 'h', made when first used */
} numpy;

static const char numpy_formats[5] = {'f', 'd', 'e', 'H', 'h'};

/* 1: numpy is loaded and looked up; 0: not loaded; -1: error. */
static int numpy_loaded(void)
{
    if (numpy.ndarray != NULL)
        return 1;
    PyObject *name = PyUnicode_FromString("numpy");
    if (name == NULL)
        return -1;
    PyObject *mod = PyImport_GetModule(name);
    Py_DECREF(name);
    if (mod == NULL)
        return PyErr_Occurred() ? -1 : 0;
    /* A usable numpy has all four; anything else in sys.modules['numpy'] (None, to block
     * the import; a stub) cannot have made an ndarray, so it counts as not loaded. */
    PyObject *ndarray = NULL, *generic = NULL, *empty = NULL, *dtype = NULL;
    int usable = mod != Py_None
        && (ndarray = PyObject_GetAttrString(mod, "ndarray")) != NULL && PyType_Check(ndarray)
        && (generic = PyObject_GetAttrString(mod, "generic")) != NULL && PyType_Check(generic)
        && (empty = PyObject_GetAttrString(mod, "empty")) != NULL
        && (dtype = PyObject_GetAttrString(mod, "dtype")) != NULL;
    Py_DECREF(mod);
    if (!usable) {
        PyErr_Clear();
        Py_XDECREF(ndarray);
        Py_XDECREF(generic);
        Py_XDECREF(empty);
        Py_XDECREF(dtype);
        return 0;
    }
    numpy.ndarray = ndarray;
    numpy.generic = generic;
    numpy.empty = empty;
    numpy.dtype = dtype;
    return 1;
}

static PyObject *numpy_dtype(char format)
{
    const char *at = memchr(numpy_formats, format, sizeof numpy_formats);
    if (at == NULL) {
        PyErr_Format(PyExc_SystemError, "gelu: no numpy dtype for format '%c'", format);
        return NULL;
    }
    PyObject **slot = &numpy.dtypes[at - numpy_formats];
    if (*slot == NULL) {
        char code[2] = {format, '\0'};
        *slot = PyObject_CallFunction(numpy.dtype, "s", code);
    }
    return *slot;
}

/* ---- array.array ------------------------------------------------------------------------ */

static PyObject *array_type;

/* ---- the memoryview exporter: one block of memory with a format and a shape ------------ */

typedef struct result_buffer {
    PyObject_HEAD
    void *data;
    Py_ssize_t len;
    Py_ssize_t itemsize;
    int ndim;
    char format[2];
    Py_ssize_t shape[RESULT_MAX_NDIM];
    Py_ssize_t strides[RESULT_MAX_NDIM];
} result_buffer;

static int result_buffer_get(PyObject *obj, Py_buffer *view, int flags)
{
    result_buffer *self = (result_buffer *)obj;
    Py_INCREF(obj);   /* Py_NewRef is 3.10+ */
    view->obj = obj;
    view->buf = self->data;
    view->len = self->len;
    view->readonly = 0;
    view->itemsize = self->itemsize;
    view->format = (flags & PyBUF_FORMAT) ? self->format : NULL;
    view->ndim = self->ndim;
    view->shape = (flags & PyBUF_ND) ? self->shape : NULL;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? self->strides : NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    return 0;
}

static void result_buffer_dealloc(PyObject *obj)
{
    PyMem_RawFree(((result_buffer *)obj)->data);
    Py_TYPE(obj)->tp_free(obj);
}

static PyBufferProcs result_buffer_procs = {result_buffer_get, NULL};

static PyTypeObject result_buffer_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gelu._native._ResultBuffer",
    .tp_basicsize = sizeof(result_buffer),
    .tp_dealloc = result_buffer_dealloc,
    .tp_as_buffer = &result_buffer_procs,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Memory behind a memoryview that gelu returned (internal).",
};

static PyObject *new_memoryview(char format, Py_ssize_t itemsize, const Py_ssize_t *shape,
                                int ndim, Py_ssize_t len)
{
    if (ndim > RESULT_MAX_NDIM) {
        PyErr_Format(PyExc_ValueError, "gelu: at most %d dimensions", RESULT_MAX_NDIM);
        return NULL;
    }
    result_buffer *self = PyObject_New(result_buffer, &result_buffer_type);
    if (self == NULL)
        return NULL;
    self->data = PyMem_RawMalloc(len > 0 ? (size_t)len : 1);
    if (self->data == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->len = len;
    self->itemsize = itemsize;
    self->ndim = ndim;
    self->format[0] = format;
    self->format[1] = '\0';
    Py_ssize_t stride = itemsize;
    for (int d = ndim - 1; d >= 0; d--) {
        self->shape[d] = shape[d];
        self->strides[d] = stride;
        stride *= shape[d];
    }
    PyObject *view = PyMemoryView_FromObject((PyObject *)self);
    Py_DECREF(self);
    return view;
}

/* ---- the entry points ------------------------------------------------------------------ */

int py_result_kind_of(PyObject *like, py_result_kind *kind)
{
    int loaded = numpy_loaded();
    if (loaded < 0)
        return -1;
    if (loaded && (PyObject_TypeCheck(like, (PyTypeObject *)numpy.ndarray)
                   || PyObject_TypeCheck(like, (PyTypeObject *)numpy.generic)))
        *kind = PY_RESULT_NUMPY;
    else if (PyObject_TypeCheck(like, (PyTypeObject *)array_type))
        *kind = PY_RESULT_ARRAY;
    else
        *kind = PY_RESULT_MEMORYVIEW;
    return 0;
}

static PyObject *shape_tuple(const Py_ssize_t *shape, int ndim)
{
    PyObject *t = PyTuple_New(ndim);
    for (int i = 0; t != NULL && i < ndim; i++) {
        PyObject *d = PyLong_FromSsize_t(shape[i]);
        if (d == NULL) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, d);
    }
    return t;
}

PyObject *py_result_new(py_result_kind kind, char format, py_elem elem,
                        const Py_ssize_t *shape, int ndim, py_operand *op)
{
    static const Py_ssize_t sizes[] = {4, 8, 2, 2};
    Py_ssize_t itemsize = sizes[elem];
    Py_ssize_t n = 1;
    for (int d = 0; d < ndim; d++)
        n *= shape[d];
    PyObject *result = NULL;
    if (kind == PY_RESULT_NUMPY) {
        PyObject *dtype = numpy_dtype(format);
        PyObject *dims = dtype == NULL ? NULL : shape_tuple(shape, ndim);
        if (dims != NULL) {
            PyObject *args[2] = {dims, dtype};
            result = PyObject_Vectorcall(numpy.empty, args, 2, NULL);
            Py_DECREF(dims);
        }
    } else if (kind == PY_RESULT_ARRAY && ndim == 1) {
        PyObject *bytes = PyBytes_FromStringAndSize(NULL, n * itemsize);
        if (bytes != NULL) {
            result = PyObject_CallFunction(array_type, "CO", format, bytes);
            Py_DECREF(bytes);
        }
    } else {
        result = new_memoryview(format, itemsize, shape, ndim, n * itemsize);
    }
    if (result == NULL)
        return NULL;
    if (PyObject_GetBuffer(result, &op->view, PyBUF_RECORDS) != 0) {
        Py_DECREF(result);
        return NULL;
    }
    op->elem = elem;
    op->format = format;
    op->n = n;
    op->data = op->view.buf;
    op->copy = NULL;
    op->write_back = 0;
    return result;
}

PyObject *py_result_or_out(PyObject *out_obj, const char *out_name, PyObject *like_obj,
                           char format, py_elem elem, const Py_ssize_t *shape, int ndim,
                           py_operand *op, const char *function)
{
    if (out_obj == NULL || out_obj == Py_None) {
        py_result_kind kind;
        if (py_result_kind_of(like_obj, &kind) != 0)
            return NULL;
        return py_result_new(kind, format, elem, shape, ndim, op);
    }
    if (py_operand_output(op, out_obj, elem, shape, ndim, function, out_name) != 0)
        return NULL;
    Py_INCREF(out_obj);
    return out_obj;
}

int py_result_module_init(PyObject *module)
{
    (void)module;
    if (PyType_Ready(&result_buffer_type) != 0)
        return -1;
    PyObject *array_module = PyImport_ImportModule("array");
    if (array_module == NULL)
        return -1;
    array_type = PyObject_GetAttrString(array_module, "array");
    Py_DECREF(array_module);
    return array_type == NULL ? -1 : 0;
}
