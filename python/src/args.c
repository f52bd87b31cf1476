/* Argument parsing for the module's METH_FASTCALL | METH_KEYWORDS functions: a short loop
 * instead of PyArg_ParseTupleAndKeywords, whose format-string interpretation would be most
 * of the call overhead at small n. */
#include "args.h"

#include <string.h>

static int find_name(const py_signature *sig, PyObject *key)
{
    for (int i = 0; i < sig->n_names; i++) {
        if (PyUnicode_CompareWithASCIIString(key, sig->names[i]) == 0)
            return i;
    }
    return -1;
}

int py_parse_arguments(const py_signature *sig, PyObject *const *args, Py_ssize_t nargs,
                       PyObject *kwnames, PyObject **values)
{
    for (int i = 0; i < sig->n_names; i++)
        values[i] = NULL;
    if (nargs > sig->n_positional) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most %d positional argument%s (%zd given)",
                     sig->function, sig->n_positional, sig->n_positional == 1 ? "" : "s",
                     nargs);
        return -1;
    }
    for (Py_ssize_t i = 0; i < nargs; i++)
        values[i] = args[i];
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        int index = find_name(sig, key);
        if (index < 0) {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'",
                         sig->function, key);
            return -1;
        }
        if (values[index] != NULL) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'",
                         sig->function, sig->names[index]);
            return -1;
        }
        values[index] = args[nargs + k];
    }
    for (int i = 0; i < sig->n_required; i++) {
        if (values[i] == NULL) {
            PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s' (pos %d)",
                         sig->function, sig->names[i], i + 1);
            return -1;
        }
    }
    return 0;
}

int py_parse_approximate(const char *function, PyObject *approximate, gelu_fn *fn)
{
    if (approximate == NULL) {
        *fn = GELU_ERF;
        return 0;
    }
    if (!PyUnicode_Check(approximate)) {
        PyErr_Format(PyExc_TypeError,
                     "%s(): approximate must be a str ('none', 'tanh' or 'sigmoid'), not %.100s",
                     function, Py_TYPE(approximate)->tp_name);
        return -1;
    }
    static const struct { const char *name; gelu_fn fn; } forms[] = {
        {"none", GELU_ERF}, {"tanh", GELU_TANH}, {"sigmoid", GELU_SIGMOID}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (PyUnicode_CompareWithASCIIString(approximate, forms[i].name) == 0) {
            *fn = forms[i].fn;
            return 0;
        }
    }
    PyErr_Format(PyExc_ValueError,
                 "%s(): approximate must be 'none', 'tanh' or 'sigmoid', not %R", function,
                 approximate);
    return -1;
}

int py_parse_call(const py_signature *sig, PyObject *const *args, Py_ssize_t nargs,
                  PyObject *kwnames, PyObject **values, int approximate_index, gelu_fn *fn)
{
    if (py_parse_arguments(sig, args, nargs, kwnames, values) != 0)
        return -1;
    return py_parse_approximate(sig->function, values[approximate_index], fn);
}
