/* Arrays in and out of the module: see operand.h. */
#include "operand.h"

#include <stdint.h>
#include <string.h>

static const char *const elem_names[] = {"float32", "float64", "float16", "bfloat16"};
static const Py_ssize_t elem_sizes[] = {4, 8, 2, 2};

const char *py_elem_name(py_elem elem) { return elem_names[elem]; }

/* The buffer format as one native character, or 0 when it is not one ('>f', 'Zd', 'ff'). */
static char native_format_char(const char *format)
{
    if (format == NULL)
        return 'B';   /* the buffer protocol's default: unsigned bytes */
    if (*format == '@' || *format == '=')
        format++;
#if PY_LITTLE_ENDIAN
    else if (*format == '<')
        format++;
#else
    else if (*format == '>' || *format == '!')
        format++;
#endif
    return (format[0] != '\0' && format[1] == '\0') ? format[0] : 0;
}

static const char *format_type_name(char c)
{
    switch (c) {
    case 'b': return "int8";    case 'B': return "uint8";   case '?': return "bool";
    case 'h': return "int16";   case 'H': return "uint16";  case 'i': return "int32";
    case 'I': return "uint32";  case 'l': case 'q': return "int64";
    case 'L': case 'Q': return "uint64";
    case 'e': return "float16"; case 'f': return "float32"; case 'd': return "float64";
    case 'g': return "longdouble";
    default:  return "an unsupported type";
    }
}

/* Whether data of format c may be read as elem. */
static int format_holds(char c, py_elem elem)
{
    switch (elem) {
    case PY_ELEM_F32:  return c == 'f';
    case PY_ELEM_F64:  return c == 'd';
    case PY_ELEM_F16:  return c == 'e' || c == 'H' || c == 'h';
    case PY_ELEM_BF16: return c == 'H' || c == 'h';
    }
    return 0;
}

static int parse_dtype(PyObject *dtype, py_elem *elem, const char *function)
{
    if (!PyUnicode_Check(dtype)) {
        PyErr_Format(PyExc_TypeError,
                     "%s(): dtype must be a str ('float32', 'float64', 'float16' or "
                     "'bfloat16') or None, not %.100s", function, Py_TYPE(dtype)->tp_name);
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        if (PyUnicode_CompareWithASCIIString(dtype, elem_names[i]) == 0) {
            *elem = (py_elem)i;
            return 0;
        }
    }
    PyErr_Format(PyExc_ValueError,
                 "%s(): dtype must be 'float32', 'float64', 'float16' or 'bfloat16', not %R",
                 function, dtype);
    return -1;
}

/* The element type of a view's data, from its format and the dtype argument. */
static int resolve_elem(const Py_buffer *view, char c, PyObject *dtype, py_elem *elem,
                        const char *function, const char *name)
{
    if (c == 0) {
        PyErr_Format(PyExc_TypeError,
                     "%s(): %s has buffer format '%s', which is not a native-byte-order "
                     "float32, float64, float16 or uint16 (convert it, e.g. "
                     "numpy.ascontiguousarray(a, a.dtype.newbyteorder('=')))",
                     function, name, view->format);
        return -1;
    }
    if (!(dtype == NULL || dtype == Py_None)) {
        if (parse_dtype(dtype, elem, function) != 0)
            return -1;
        if (!format_holds(c, *elem)) {
            PyErr_Format(PyExc_TypeError,
                         "%s(): %s holds %s data, which cannot be read as dtype='%s'%s",
                         function, name, format_type_name(c), elem_names[*elem],
                         *elem == PY_ELEM_BF16 || *elem == PY_ELEM_F16
                             ? " (bit patterns must be uint16 or int16)" : "");
            return -1;
        }
        return 0;
    }
    switch (c) {
    case 'f': *elem = PY_ELEM_F32; return 0;
    case 'd': *elem = PY_ELEM_F64; return 0;
    case 'e': *elem = PY_ELEM_F16; return 0;
    case 'H': case 'h':
        PyErr_Format(PyExc_TypeError,
                     "%s(): %s holds %s data; pass dtype='bfloat16' (or 'float16') to read "
                     "them as bit patterns", function, name, format_type_name(c));
        return -1;
    default:
        PyErr_Format(PyExc_TypeError,
                     "%s(): %s has dtype %s (buffer format '%s'); expected float32, float64, "
                     "float16, or uint16 bit patterns with dtype='bfloat16'",
                     function, name, format_type_name(c), view->format);
        return -1;
    }
}

static void raise_not_a_buffer(PyObject *obj, const char *function, const char *name)
{
    const char *type = Py_TYPE(obj)->tp_name;
    PyErr_Format(PyExc_TypeError,
                 "%s(): %s must be an array with the buffer protocol (numpy array, "
                 "array.array, memoryview) of float32, float64, float16 or bfloat16, "
                 "not %.100s%s", function, name, type,
                 strstr(type, "Tensor") != NULL ? " (for torch tensors use gelu.torch)" : "");
}

/* obj refused its buffer (the exception is set).  No buffer protocol (TypeError) or not for
 * this request (BufferError): our message.  Not for this data (ValueError: numpy's datetime64
 * and timedelta64, a released memoryview): a TypeError, as for any other element type we
 * cannot read, with the exporter's reason.  Any other failure (MemoryError) is passed on as
 * it is. */
static void raise_refused(PyObject *obj, const char *function, const char *name)
{
    if (PyErr_ExceptionMatches(PyExc_TypeError) || PyErr_ExceptionMatches(PyExc_BufferError)) {
        PyErr_Clear();
        raise_not_a_buffer(obj, function, name);
    } else if (PyErr_ExceptionMatches(PyExc_ValueError)) {
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyErr_NormalizeException(&type, &value, &traceback);
        PyErr_Format(PyExc_TypeError, "%s(): %s (%.100s) cannot be read as an array: %S; "
                     "expected float32, float64, float16 or bfloat16", function, name,
                     Py_TYPE(obj)->tp_name, value);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(traceback);
    }
}

/* numpy.ma.MaskedArray (or a subclass): its buffer is the data without the mask, so the
 * module would compute masked elements and return an unmasked result.  Found by name in the
 * type's MRO (the module does not import numpy), then confirmed by the class's module. */
static int is_masked_array(PyObject *obj)
{
    PyObject *mro = Py_TYPE(obj)->tp_mro;
    if (mro == NULL || !PyTuple_Check(mro))
        return 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro); i++) {
        PyObject *t = PyTuple_GET_ITEM(mro, i);
        if (strcmp(((PyTypeObject *)t)->tp_name, "MaskedArray") != 0)
            continue;
        PyObject *module = PyObject_GetAttrString(t, "__module__");
        if (module == NULL) {
            PyErr_Clear();
            continue;
        }
        const char *m = PyUnicode_Check(module) ? PyUnicode_AsUTF8(module) : NULL;
        if (m == NULL)
            PyErr_Clear();
        int numpy_ma = m != NULL && strncmp(m, "numpy.ma", 8) == 0
            && (m[8] == '\0' || m[8] == '.');
        Py_DECREF(module);
        if (numpy_ma)
            return 1;
    }
    return 0;
}

static int refuse_masked(PyObject *obj, int is_out, const char *function, const char *name)
{
    if (!is_masked_array(obj))
        return 0;
    if (is_out)
        PyErr_Format(PyExc_TypeError,
                     "%s(): %s is a numpy.ma.MaskedArray; the module would write every element "
                     "and leave the mask as it is: pass %s.data (an ndarray of the same "
                     "memory) or a plain ndarray", function, name, name);
    else
        PyErr_Format(PyExc_TypeError,
                     "%s(): %s is a numpy.ma.MaskedArray; the module computes every element "
                     "and cannot keep a mask: pass %s.filled(value) or %s.data, and mask the "
                     "result yourself (numpy.ma.masked_array(result, mask=numpy.ma.getmask(%s)))",
                     function, name, name, name, name);
    return -1;
}

/* A view as the kernels want it: C-contiguous and aligned to the element size. */
static int usable_in_place(const Py_buffer *view)
{
    return PyBuffer_IsContiguous(view, 'C')
        && (uintptr_t)view->buf % (uintptr_t)view->itemsize == 0;
}

static int finish_view(py_operand *op, char c, const char *function, const char *name)
{
    op->format = c;
    if (op->view.ndim > PY_OPERAND_MAX_NDIM) {
        PyErr_Format(PyExc_ValueError, "%s(): %s has %d dimensions; at most %d are supported",
                     function, name, op->view.ndim, PY_OPERAND_MAX_NDIM);
        return -1;
    }
    if (op->view.itemsize != elem_sizes[op->elem]) {
        PyErr_Format(PyExc_TypeError, "%s(): %s has item size %zd, expected %zd for %s",
                     function, name, op->view.itemsize, elem_sizes[op->elem],
                     elem_names[op->elem]);
        return -1;
    }
    op->n = op->view.len / op->view.itemsize;
    op->data = op->view.buf;
    if (op->n > 0 && !usable_in_place(&op->view)) {
        op->copy = PyMem_RawMalloc((size_t)op->view.len);
        if (op->copy == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        op->data = op->copy;
    }
    return 0;
}

int py_operand_input(py_operand *op, PyObject *obj, PyObject *dtype, const char *function,
                     const char *name)
{
    if (refuse_masked(obj, 0, function, name) != 0)
        return -1;
    if (PyObject_GetBuffer(obj, &op->view, PyBUF_RECORDS_RO) != 0) {
        /* An exporter that needs suboffsets (PIL-style) refuses strides alone. */
        if (PyErr_ExceptionMatches(PyExc_BufferError)) {
            PyErr_Clear();
            if (PyObject_GetBuffer(obj, &op->view, PyBUF_FULL_RO) == 0)
                goto acquired;
        }
        raise_refused(obj, function, name);
        return -1;
    }
acquired:;
    char c = native_format_char(op->view.format);
    if (resolve_elem(&op->view, c, dtype, &op->elem, function, name) != 0
        || finish_view(op, c, function, name) != 0) {
        py_operand_release(op);
        return -1;
    }
    if (op->copy != NULL && PyBuffer_ToContiguous(op->copy, &op->view, op->view.len, 'C') != 0) {
        py_operand_release(op);
        return -1;
    }
    return 0;
}

/* "(2, 3)" for messages. */
static PyObject *shape_string(const Py_ssize_t *shape, int ndim)
{
    PyObject *t = PyTuple_New(ndim);
    if (t == NULL)
        return NULL;
    for (int i = 0; i < ndim; i++) {
        PyObject *d = PyLong_FromSsize_t(shape[i]);
        if (d == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, d);
    }
    PyObject *s = PyObject_Repr(t);
    Py_DECREF(t);
    return s;
}

static void raise_shape_error(const char *function, const char *name, const Py_ssize_t *got,
                              int got_ndim, const char *expected_what,
                              const Py_ssize_t *want, int want_ndim)
{
    PyObject *g = shape_string(got, got_ndim);
    PyObject *w = g == NULL ? NULL : shape_string(want, want_ndim);
    if (w != NULL)
        PyErr_Format(PyExc_ValueError, "%s(): %s has shape %U; expected %U%s", function, name,
                     g, w, expected_what);
    Py_XDECREF(g);
    Py_XDECREF(w);
}

static int same_shape(const Py_ssize_t *a, int ndim_a, const Py_ssize_t *b, int ndim_b)
{
    if (ndim_a != ndim_b)
        return 0;
    for (int i = 0; i < ndim_a; i++) {
        if (a[i] != b[i])
            return 0;
    }
    return 1;
}

int py_operand_output(py_operand *op, PyObject *obj, py_elem elem, const Py_ssize_t *shape,
                      int ndim, const char *function, const char *name)
{
    if (refuse_masked(obj, 1, function, name) != 0)
        return -1;
    if (PyObject_GetBuffer(obj, &op->view, PyBUF_RECORDS) != 0) {
        /* Readable but not writable: read-only.  Not readable either: as for an input. */
        PyErr_Clear();
        Py_buffer probe;
        if (PyObject_GetBuffer(obj, &probe, PyBUF_FULL_RO) == 0) {
            PyBuffer_Release(&probe);
            PyErr_Format(PyExc_ValueError, "%s(): %s is read-only", function, name);
        } else {
            raise_refused(obj, function, name);
        }
        return -1;
    }
    char c = native_format_char(op->view.format);
    if (c == 0 || !format_holds(c, elem)) {
        PyErr_Format(PyExc_TypeError, "%s(): %s has buffer format '%s' (%s); expected %s%s",
                     function, name, op->view.format == NULL ? "B" : op->view.format,
                     format_type_name(c), elem_names[elem],
                     elem == PY_ELEM_BF16 ? " bit patterns (uint16 or int16)" : "");
        py_operand_release(op);
        return -1;
    }
    op->elem = elem;
    if (!same_shape(op->view.shape, op->view.ndim, shape, ndim)) {
        raise_shape_error(function, name, op->view.shape, op->view.ndim, "", shape, ndim);
        py_operand_release(op);
        return -1;
    }
    if (finish_view(op, c, function, name) != 0) {
        py_operand_release(op);
        return -1;
    }
    op->write_back = op->copy != NULL;
    return 0;
}

int py_operand_same_shape(const py_operand *a, const py_operand *b, const char *function,
                          const char *name_a, const char *name_b)
{
    if (same_shape(a->view.shape, a->view.ndim, b->view.shape, b->view.ndim))
        return 0;
    char what[96];
    PyOS_snprintf(what, sizeof what, " (the shape of %s)", name_b);
    raise_shape_error(function, name_a, a->view.shape, a->view.ndim, what, b->view.shape,
                      b->view.ndim);
    return -1;
}

int py_operand_has_shape(const py_operand *op, const Py_ssize_t *shape, int ndim,
                         const char *function, const char *name)
{
    if (same_shape(op->view.shape, op->view.ndim, shape, ndim))
        return 0;
    raise_shape_error(function, name, op->view.shape, op->view.ndim, "", shape, ndim);
    return -1;
}

int py_operand_same_elem(const py_operand *a, const py_operand *b, const char *function,
                         const char *name_a, const char *name_b)
{
    if (a->elem == b->elem)
        return 0;
    PyErr_Format(PyExc_TypeError, "%s(): %s is %s but %s is %s; they must have the same dtype",
                 function, name_a, elem_names[a->elem], name_b, elem_names[b->elem]);
    return -1;
}

/* The stride of dimension d, computed for C order when the view has no strides. */
static Py_ssize_t stride_of(const Py_buffer *v, int d)
{
    if (v->strides != NULL)
        return v->strides[d];
    Py_ssize_t s = v->itemsize;
    for (int i = v->ndim - 1; i > d; i--)
        s *= v->shape[i];
    return s;
}

/* The bytes a non-empty view touches: [*lo, *hi). */
static void extent(const Py_buffer *v, uintptr_t *lo, uintptr_t *hi)
{
    *lo = (uintptr_t)v->buf;
    *hi = *lo + (uintptr_t)v->itemsize;
    for (int d = 0; d < v->ndim; d++) {
        Py_ssize_t span = (v->shape[d] - 1) * stride_of(v, d);
        if (span < 0)
            *lo -= (uintptr_t)(-span);
        else
            *hi += (uintptr_t)span;
    }
}

static int same_array(const py_operand *a, const py_operand *b)
{
    if (a->view.buf != b->view.buf || a->elem != b->elem
        || a->view.itemsize != b->view.itemsize
        || !same_shape(a->view.shape, a->view.ndim, b->view.shape, b->view.ndim))
        return 0;
    for (int d = 0; d < a->view.ndim; d++) {
        if (a->view.shape[d] > 1 && stride_of(&a->view, d) != stride_of(&b->view, d))
            return 0;
    }
    return 1;
}

/* Whether two non-empty views' byte ranges meet. */
static int extents_meet(const Py_buffer *a, const Py_buffer *b)
{
    uintptr_t a_lo, a_hi, b_lo, b_hi;
    extent(a, &a_lo, &a_hi);
    extent(b, &b_lo, &b_hi);
    return a_lo < b_hi && b_lo < a_hi;
}

int py_operand_isolate(py_operand *in, const py_operand *out, int exact_allowed)
{
    /* The kernel reads in->data and writes out->data.  A copy on either side (taken from
     * the input when it was acquired, before anything is written; written back into out's
     * view after the kernel) already keeps the two apart. */
    if (out->n == 0 || in->n == 0 || in->copy != NULL || out->copy != NULL)
        return 0;
    if (exact_allowed && same_array(out, in))
        return 0;   /* in place: the library's own rule */
    /* Both are used in place, so both are C-contiguous: their extents are exactly their
     * bytes, and meeting extents share memory. */
    if (!extents_meet(&out->view, &in->view))
        return 0;
    in->copy = PyMem_RawMalloc((size_t)in->view.len);
    if (in->copy == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(in->copy, in->view.buf, (size_t)in->view.len);
    in->data = in->copy;
    return 0;
}

/* Marks (test = 0) or looks up (test = 1: returns 1 at the first marked byte) in bits, one
 * bit a byte from lo, every byte in [lo, hi) of the view's elements.  Returns 0 otherwise. */
static int walk_bytes(const Py_buffer *v, unsigned char *bits, uintptr_t lo, uintptr_t hi,
                      int test)
{
    Py_ssize_t index[PY_OPERAND_MAX_NDIM] = {0}, stride[PY_OPERAND_MAX_NDIM];
    const int ndim = v->ndim;
    for (int d = 0; d < ndim; d++)
        stride[d] = stride_of(v, d);
    uintptr_t addr = (uintptr_t)v->buf;
    for (;;) {
        for (Py_ssize_t b = 0; b < v->itemsize; b++) {
            uintptr_t p = addr + (uintptr_t)b;
            if (p < lo || p >= hi)
                continue;
            size_t k = (size_t)(p - lo);
            unsigned char bit = (unsigned char)(1u << (k & 7));
            if (!test)
                bits[k >> 3] |= bit;
            else if (bits[k >> 3] & bit)
                return 1;
        }
        int d = ndim - 1;
        for (; d >= 0; d--) {   /* the next element in C order */
            if (++index[d] < v->shape[d]) {
                addr += (uintptr_t)stride[d];
                break;
            }
            addr -= (uintptr_t)stride[d] * (uintptr_t)(v->shape[d] - 1);
            index[d] = 0;
        }
        if (d < 0)
            return 0;
    }
}

int py_operand_check_shared(const py_operand *a, const py_operand *b, const char *function,
                            const char *name_a, const char *name_b)
{
    if (a->n == 0 || b->n == 0 || !extents_meet(&a->view, &b->view))
        return 0;
    int shared = 1;   /* both C-contiguous: meeting extents are shared bytes */
    if (a->copy != NULL || b->copy != NULL) {
        /* Strided: decided byte by byte over the range both extents cover. */
        uintptr_t a_lo, a_hi, b_lo, b_hi;
        extent(&a->view, &a_lo, &a_hi);
        extent(&b->view, &b_lo, &b_hi);
        uintptr_t lo = a_lo > b_lo ? a_lo : b_lo, hi = a_hi < b_hi ? a_hi : b_hi;
        unsigned char *bits = PyMem_RawCalloc((size_t)((hi - lo) / 8 + 1), 1);
        if (bits == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        walk_bytes(&a->view, bits, lo, hi, 0);
        shared = walk_bytes(&b->view, bits, lo, hi, 1);
        PyMem_RawFree(bits);
    }
    if (!shared)
        return 0;
    PyErr_Format(PyExc_ValueError, "%s(): %s shares memory with %s; the two outputs must be "
                 "separate arrays", function, name_a, name_b);
    return -1;
}

int py_operand_finish(py_operand *op)
{
    if (!op->write_back)
        return 0;
    op->write_back = 0;
    return PyBuffer_FromContiguous(&op->view, op->copy, op->view.len, 'C');
}

void py_operand_release(py_operand *op)
{
    if (op->view.obj != NULL)
        PyBuffer_Release(&op->view);
    op->view.obj = NULL;
    PyMem_RawFree(op->copy);
    op->copy = NULL;
    op->data = NULL;
    op->write_back = 0;
}
