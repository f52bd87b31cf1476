"""Hostile seeded calls (issue 9, item 5): the module under harder pressure than
test_random_calls.py, judged by a model of the documented rules (docs/python.md, module.c).

Every array operand is a numpy view of a uint8 base buffer with generated strides: negative,
huge, of odd byte counts (elements at misaligned addresses), wild on length-1 axes (0,
+-2**40), permuted; at odd byte offsets; 0-d, empty (some with 2**16-long axes) and up to 32
dimensions; read-only; passed as the ndarray, a memoryview, a ctypes array of the same memory,
an array.array or a numpy scalar.  Outputs are fresh, exactly an input (through another view
of the same memory too), or anywhere else in an input's buffer (partial overlap, interleaved,
disjoint).  Inputs share buffers.  Then zero to two faults: numpy dtypes the module does not
take (bool, ints, complex, object, datetime64, structured, big-endian, strings), non-arrays
(lists, bytes, bytearray, memoryview of bytes, None, numbers, str), wrong dtype= and
approximate= (non-str, unknown names, embedded NUL), out= of the wrong dtype, shape or
writability, bias of the wrong length, dtype or rank, odd GEGLU widths, 0-d fused inputs,
bad bias_gelu_backward out tuples, and argument-list faults (unknown, repeated, missing or
extra arguments).

The model gives the set of exception types the call may raise (empty: it must succeed):
TypeError for a wrong type of argument or element type, ValueError for a wrong shape or
name, a read-only out, or bias_gelu_backward's two outputs sharing a byte.  An out that
shares memory with an input is not an error (numpy's semantics, issue 18): the call gives
the result of separate arrays.  A call that raises must raise a type from the set
and leave every buffer as it was; one that succeeds must return out (or a new array of x's
kind), give the bits of the same call on contiguous copies (taken before the call), and
write nothing outside its outputs.  The calls run in a child interpreter so that a crash fails this test with the
call that crashed."""

import array
import ctypes
import json
import os
import random
import signal
import subprocess
import sys

import pytest

from conftest import need

np = need("numpy")
import gelu  # noqa: E402
from values import same_bits  # noqa: E402

SEED = 20261129
CALLS = 12000

# Valid element kinds: numpy dtype of the data, the dtype= a valid call passes, the element.
KINDS = {
    "f32": (np.dtype(np.float32), None, "float32"),
    "f64": (np.dtype(np.float64), None, "float64"),
    "f16": (np.dtype(np.float16), None, "float16"),
    "bf16u": (np.dtype(np.uint16), "bfloat16", "bfloat16"),
    "bf16i": (np.dtype(np.int16), "bfloat16", "bfloat16"),
    "f16u": (np.dtype(np.uint16), "float16", "float16"),
}
FORMAT_OF = {"f": "f32", "d": "f64", "e": "f16", "H": "u16", "h": "i16"}
HOLDS = {"float32": {"f32"}, "float64": {"f64"}, "float16": {"f16", "u16", "i16"},
         "bfloat16": {"u16", "i16"}}
DTYPE_NAMES = ("float32", "float64", "float16", "bfloat16")
APPROXIMATE = ("none", "tanh", "sigmoid")

# dtypes numpy has and the module does not take (all TypeError, as input or out).
BAD_DTYPES = [np.bool_, np.int8, np.uint8, np.int32, np.int64, np.uint32, np.uint64,
              np.complex64, np.complex128, object, "M8[s]", "m8[ms]", [("a", "<f4")],
              np.longdouble, ">f4", ">f8", ">f2", "<U2", "S4", "V4"]
# Non-arrays: (factory, exception as an input, exception as out=).
RAW = [
    (lambda: [1.0, 2.0], TypeError, TypeError),
    (lambda: (0.5,), TypeError, TypeError),
    (lambda: 3.0, TypeError, TypeError),
    (lambda: 7, TypeError, TypeError),
    (lambda: 1j, TypeError, TypeError),
    (lambda: "abc", TypeError, TypeError),
    (lambda: {}, TypeError, TypeError),
    (lambda: object(), TypeError, TypeError),
    (lambda: b"\x00\x00\x80\x3f" * 4, TypeError, ValueError),          # uint8; read-only
    (lambda: bytearray(16), TypeError, TypeError),                     # uint8
    (lambda: memoryview(b"\x00" * 16), TypeError, ValueError),         # uint8; read-only
    (lambda: memoryview(bytearray(16)), TypeError, TypeError),         # uint8
    (lambda: memoryview(bytes(16)).cast("f"), None, ValueError),       # float32, read-only
    (lambda: np.float32(0.0), None, ValueError),                       # read-only scalar
]
BAD_APPROXIMATE = [(None, TypeError), (1, TypeError), (b"tanh", TypeError),
                   ("erf", ValueError), ("", ValueError), ("TANH", ValueError),
                   ("none\x00", ValueError), ("\ud800", ValueError), ("relu", ValueError)]
BAD_DTYPE_ARG = [(np.float32, TypeError), (1, TypeError), (b"float32", TypeError),
                 ("float8", ValueError), ("", ValueError), ("Float32", ValueError),
                 ("bfloat16 ", ValueError), ("float32\x00", ValueError)]

# Parameters: the positional ones in order (the first `required` are required), then the
# keyword-only ones.
SIGNATURES = {
    "gelu": (["x", "approximate"], 1), "gelu_cr": (["x", "approximate"], 1),
    "relu": (["x"], 1),
    "gelu_backward": (["grad", "x", "approximate"], 2), "relu_backward": (["grad", "x"], 2),
    "bias_gelu": (["x", "bias", "approximate"], 2),
    "bias_gelu_backward": (["grad", "x", "bias", "approximate"], 3),
    "geglu": (["x", "approximate"], 1), "geglu_backward": (["grad", "x", "approximate"], 2),
}
FUSED = ("bias_gelu", "bias_gelu_backward", "geglu", "geglu_backward")
# Outputs that may not share a byte with each other (an output and an input may).
OUTPUT_PAIRS = {"bias_gelu_backward": [("dbias", "dx")]}


class Operand:
    """An array argument: arr, a numpy view of the uint8 buffer base at offset with strides
    in bytes, and obj, what is passed (arr, a memoryview or ctypes array of the same memory,
    an array.array or numpy scalar owning base)."""

    def __init__(self, base, offset, shape, strides, dtype, readonly=False):
        self.base, self.offset = base, offset
        self.shape, self.strides, self.dtype = tuple(shape), tuple(strides), np.dtype(dtype)
        self.arr = np.ndarray(self.shape, self.dtype, buffer=base, offset=offset,
                              strides=self.strides)
        if readonly:
            self.arr.flags.writeable = False
        self.readonly = not self.arr.flags.writeable
        self.obj, self.wrapper = self.arr, "ndarray"
        self.n = int(np.prod(self.shape))

    def same_layout(self, base, readonly=None):
        return Operand(base, self.offset, self.shape, self.strides, self.dtype,
                       self.readonly if readonly is None else readonly)

    def fmt(self):
        return FORMAT_OF.get(self.dtype.char) if self.dtype.isnative else None

    def extent(self):
        lo = self.offset + sum(min(0, (d - 1) * s) for d, s in zip(self.shape, self.strides))
        hi = self.offset + self.dtype.itemsize + sum(
            max(0, (d - 1) * s) for d, s in zip(self.shape, self.strides))
        return lo, hi

    def __repr__(self):
        return (f"{self.wrapper}[{self.dtype.str}{self.shape} strides={self.strides} "
                f"off={self.offset} base={id(self.base) % 10007}{' ro' if self.readonly else ''}]")


class BadArray:
    """A numpy array of a dtype the module does not take (its own memory)."""

    def __init__(self, r, shape, dtype):
        self.obj = np.zeros(shape, dtype)
        if r.random() < 0.3 and self.obj.ndim:
            self.obj = np.zeros(shape[:-1] + (2 * shape[-1],), dtype)[..., ::2]
        self.before = self.obj.tobytes()

    def __repr__(self):
        return f"BadArray[{self.obj.dtype.str}{self.obj.shape}]"


class BadPair:
    """bias_gelu_backward's out= that is not a 2-tuple."""

    def __init__(self, obj):
        self.obj = obj

    def __repr__(self):
        return f"BadPair[{type(self.obj).__name__}]"


class Raw:
    def __init__(self, entry):
        self.obj = entry[0]()
        self.as_input, self.as_out = entry[1], entry[2]

    def __repr__(self):
        return f"Raw[{ascii(self.obj)[:40]}]"


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)
        rng = np.random.default_rng(seed)
        self.pool = np.concatenate([
            rng.integers(0, 256, 1 << 18, dtype=np.uint8),
            (rng.standard_normal(1 << 16) * 4).astype(np.float32).view(np.uint8),
            (rng.standard_normal(1 << 15) * 4).view(np.uint8),
            (rng.standard_normal(1 << 17) * 4).astype(np.float16).view(np.uint8)])

    def new_base(self, size):
        size = max(size, 1)
        assert size <= 1 << 26, f"the generator asked for a {size}-byte buffer"
        if size > len(self.pool):
            return np.resize(self.pool, size)
        start = self.r.randrange(len(self.pool) - size + 1)
        return self.pool[start:start + size].copy()

    def shape(self, fused_last=None):
        r = self.r
        style = r.random()
        if style < 0.08:
            shape = ()
        elif style < 0.18:                          # empty, some with long axes
            shape = [r.choice([0, 1, 2, 3, 1 << 16]) for _ in range(r.randint(1, 4))]
            shape[r.randrange(len(shape))] = 0
        elif style < 0.28:                          # many dimensions, few elements
            nd = r.randint(5, 32)
            shape = [1] * nd
            for _ in range(r.randint(0, 5)):
                shape[r.randrange(nd)] = r.choice([2, 3])
        else:
            shape = [r.randint(1, 7) for _ in range(r.randint(1, 4))]
        shape = list(shape)
        if fused_last is not None:
            if not shape:
                shape = [r.randint(1, 4)]
            shape[-1] = fused_last(shape[-1])
        return tuple(shape)

    def layout(self, shape, itemsize, style):
        """Strides (bytes) that never map two elements to one byte, and the range
        [lo, hi) of bytes the array spans around its first element."""
        r = self.r
        nd = len(shape)
        axes = list(range(nd))
        if style in ("transposed", "wild"):
            r.shuffle(axes)
        strides = [0] * nd
        block = itemsize
        huge = r.randrange(nd) if nd and style == "wild" and r.random() < 0.15 else -1
        for d in reversed(axes):
            if shape[d] == 1 and style == "wild":
                strides[d] = r.choice([0, itemsize, -itemsize, 7, 1 << 40, -(1 << 40)])
                continue
            k = 1 if style in ("contiguous", "transposed") else r.choice([1, 1, 2, 3])
            pad = r.choice([0, 0, 1, 2, 3, 5]) if style == "wild" else 0
            s = block * k + pad
            if d == huge and shape[d] <= 4 and 0 not in shape:
                s *= r.choice([1 << 12, 1 << 16, 1 << 20])
            if style in ("reversed", "wild") and r.random() < 0.5:
                s = -s
            strides[d] = s
            if shape[d] > 0:
                block = abs(s) * (shape[d] - 1) + block
        if 0 in shape:
            return strides, 0, itemsize
        lo = sum(min(0, (d - 1) * s) for d, s in zip(shape, strides))
        hi = itemsize + sum(max(0, (d - 1) * s) for d, s in zip(shape, strides))
        return strides, lo, hi

    def operand(self, shape, dtype, readonly=None):
        """A valid array in its own buffer, of a random layout, at a random offset."""
        r = self.r
        dtype = np.dtype(dtype)
        style = r.choice(["contiguous", "contiguous", "strided", "reversed", "transposed",
                          "wild", "wild"])
        strides, lo, hi = self.layout(shape, dtype.itemsize, style)
        if hi - lo > 1 << 23:
            strides, lo, hi = self.layout(shape, dtype.itemsize, "contiguous")
        offset = -lo + r.choice([0, 0, 0, dtype.itemsize * r.randint(1, 5)])
        if dtype.itemsize > 1 and r.random() < 0.25:
            offset += r.randrange(1, dtype.itemsize)            # misaligned
        # Room for other operands placed in this buffer.
        base = self.new_base(offset + hi + r.choice([0, 16, hi - lo + 64]))
        if readonly is None:
            readonly = r.random() < 0.1
        return Operand(base, offset, shape, strides, dtype, readonly)

    def placed_in(self, other, shape, dtype, near=True):
        """An operand in other's buffer: near other's first byte (overlapping it or not),
        or None when it does not fit."""
        r = self.r
        dtype = np.dtype(dtype)
        style = r.choice(["contiguous", "strided", "reversed", "wild"])
        strides, lo, hi = self.layout(shape, dtype.itemsize, style)
        olo, ohi = other.extent()
        start = olo + r.randint(-(hi - lo), max(ohi - olo, 1)) if near else \
            r.randint(0, max(len(other.base) - (hi - lo), 0))
        offset = start - lo
        if offset + lo < 0 or offset + hi > len(other.base):
            return None
        return Operand(other.base, offset, shape, strides, dtype, r.random() < 0.05)

    def wrap(self, op, may_copy=True):
        """Sometimes passes op's memory as something other than an ndarray."""
        r = self.r
        choice = r.random()
        if choice < 0.12:
            op.obj, op.wrapper = memoryview(op.arr), "memoryview"
        elif (choice < 0.18 and op.arr.flags.c_contiguous and not op.readonly
              and op.dtype.char in "fdHh"):
            op.obj, op.wrapper = np.ctypeslib.as_ctypes(op.arr), "ctypes"
        elif (choice < 0.24 and may_copy and op.arr.ndim == 1 and op.dtype.char in "fdHh"
              and not op.readonly):
            a = array.array(op.dtype.char, op.arr.tobytes())
            new = Operand(np.frombuffer(a, np.uint8), 0, op.shape, (op.dtype.itemsize,),
                          op.dtype)
            new.obj, new.wrapper = a, "array"
            return new
        elif (choice < 0.28 and may_copy and op.arr.ndim == 0 and op.dtype.char in "fde"):
            s = op.dtype.type(op.arr[()])
            new = Operand(np.frombuffer(s, np.uint8), 0, (), (), op.dtype)
            new.obj, new.wrapper = s, "scalar"
            return new
        return op


def build_call(g):
    """A random call: (function name, slots, kwargs values, argument-list fault)."""
    r = g.r
    name = r.choice(list(SIGNATURES))
    if name == "gelu_cr":
        kind = "f32"
    elif name in FUSED:
        kind = r.choice(["f32", "f32", "bf16u", "bf16i"])
    else:
        kind = r.choice(list(KINDS))
    dtype, dtype_arg, elem = KINDS[kind]
    if name in ("geglu", "geglu_backward"):
        shape = g.shape(lambda c: 2 * c)
    elif name in FUSED:
        shape = g.shape(lambda c: c)
    else:
        shape = g.shape()
    slots = {}
    x = g.operand(shape, dtype)
    slots["x"] = g.wrap(x)
    if "grad" in SIGNATURES[name][0]:
        gshape = shape[:-1] + (shape[-1] // 2,) if name == "geglu_backward" else shape
        gdtype = KINDS[r.choice([kind, "bf16u", "bf16i"])][0] if elem == "bfloat16" else dtype
        if r.random() < 0.15 and gshape == shape:
            slots["grad"] = slots["x"]                        # the same object twice
        else:
            grad = (r.random() < 0.3 and g.placed_in(x, gshape, gdtype)) or \
                g.operand(gshape, gdtype)
            slots["grad"] = g.wrap(grad)
    if "bias" in SIGNATURES[name][0]:
        bshape = (shape[-1],)
        bias = (r.random() < 0.3 and g.placed_in(x, bshape, np.float32)) or \
            g.operand(bshape, np.float32)
        slots["bias"] = g.wrap(bias)
    # Outputs: absent, None, fresh, exactly an input, or elsewhere in an input's buffer.
    inputs = [slots[k] for k in ("x", "grad", "bias") if k in slots]
    arrays = [op for op in inputs if isinstance(op, Operand)]

    def output(oshape, odtype, also=()):
        mode = r.choice(["absent", "none", "fresh", "fresh", "exact", "exact", "placed"])
        if mode == "absent":
            return "absent"
        if mode == "none":
            return None
        if mode == "exact":
            same = [op for op in arrays if op.shape == oshape and op.dtype == odtype]
            if same:
                op = r.choice(same)
                if r.random() < 0.5:
                    return op                                  # the very object
                return g.wrap(op.same_layout(op.base), may_copy=False)
        if mode in ("exact", "placed"):
            placed = g.placed_in(r.choice(arrays + list(also)), oshape, odtype,
                                 near=r.random() < 0.6)
            if placed is not None:
                return g.wrap(placed, may_copy=False)
        return g.wrap(g.operand(oshape, odtype, readonly=False))

    if name == "bias_gelu_backward":
        dx = output(shape, dtype)
        dbias = output((shape[-1],), np.float32,          # sometimes in dx's buffer
                       [dx, dx] if isinstance(dx, Operand) else [])
        if dx == "absent" and dbias == "absent":
            slots["out"] = "absent"
        else:
            slots["out"] = ("pair", None if dx == "absent" else dx,
                            None if dbias == "absent" else dbias)
    else:
        oshape = shape[:-1] + (shape[-1] // 2,) if name == "geglu" else shape
        slots["out"] = output(oshape, dtype)
    kw = {"approximate": "absent", "dtype": "absent"}
    if "approximate" in SIGNATURES[name][0] and r.random() < 0.6:
        kw["approximate"] = r.choice(APPROXIMATE)
    if dtype_arg is not None:
        kw["dtype"] = dtype_arg
    elif r.random() < 0.2:
        kw["dtype"] = r.choice([elem, None])
    for _ in range(r.choice([0, 0, 0, 0, 1, 1, 1, 2])):
        apply_fault(g, name, slots, kw, shape, dtype)
    arg_fault = r.choice(["extra", "unknown", "repeated", "missing"]) \
        if r.random() < 0.04 else None
    return name, slots, kw, arg_fault


def other_shape(r, shape):
    """A shape other than shape, of at most 32 axes and 4096 elements."""
    while True:
        s = list(shape)
        how = r.choice(["grow", "extra_axis", "drop_axis", "0d"])
        if how == "grow" and s:
            s[r.randrange(len(s))] += r.choice([1, 2])
        elif how == "extra_axis" and len(s) < 32:
            s.insert(r.randint(0, len(s)), r.choice([1, 2]))
        elif how == "drop_axis" and s:
            s.pop(r.randrange(len(s)))
        else:
            s = []
        if tuple(s) != tuple(shape) and np.prod(s) <= 4096:
            return tuple(s)


def apply_fault(g, name, slots, kw, shape, dtype):
    r = g.r
    inputs = [k for k in ("x", "grad", "bias") if k in slots]
    fault = r.choice(["raw", "bad_dtype", "other_kind", "dtype_arg", "approximate", "shape",
                      "out", "out", "fused"])
    if fault in ("raw", "bad_dtype", "other_kind"):
        slot = r.choice(inputs)
        old = slots[slot]
        oshape = old.shape if isinstance(old, Operand) else shape
        if fault == "raw":
            slots[slot] = Raw(r.choice([e for e in RAW if e[1] is not None]))
        elif fault == "bad_dtype":
            slots[slot] = BadArray(r, oshape, r.choice(BAD_DTYPES))
        else:
            slots[slot] = g.wrap(g.operand(oshape, KINDS[r.choice(list(KINDS))][0]))
    elif fault == "dtype_arg":
        kw["dtype"] = r.choice([r.choice(BAD_DTYPE_ARG)[0], r.choice(DTYPE_NAMES), "absent"])
    elif fault == "approximate" and "approximate" in SIGNATURES[name][0]:
        kw["approximate"] = r.choice(BAD_APPROXIMATE)[0]
    elif fault == "shape":
        slot = r.choice(inputs)
        old = slots[slot]
        if isinstance(old, Operand):
            slots[slot] = g.wrap(g.operand(other_shape(r, old.shape), old.dtype))
    elif fault == "out":
        what = r.choice(["raw", "bad_dtype", "kind", "shape", "readonly", "pair"])
        if name == "bias_gelu_backward" and what == "pair":
            slots["out"] = BadPair(r.choice([[None, None], (None,), (None, None, None),
                                             g.operand(shape, dtype).obj]))
            return
        oshape = shape[:-1] + (shape[-1] // 2,) if name == "geglu" else shape
        if what == "raw":
            new = Raw(r.choice(RAW))
        elif what == "bad_dtype":
            new = BadArray(r, oshape, r.choice(BAD_DTYPES))
        elif what == "kind":
            new = g.wrap(g.operand(oshape, KINDS[r.choice(list(KINDS))][0], False), False)
        elif what == "shape":
            new = g.wrap(g.operand(other_shape(r, oshape), dtype, False), False)
        else:
            new = g.wrap(g.operand(oshape, dtype, True), False)
        if name == "bias_gelu_backward":
            old = slots["out"]
            dx, dbias = (old[1], old[2]) if isinstance(old, tuple) else (None, None)
            if r.random() < 0.5:
                dx = new
            else:
                dbias = new if what not in ("shape", "readonly", "kind") else \
                    g.operand((shape[-1] + (what == "shape"),), r.choice(
                        [np.float32, np.float64, np.uint16]) if what == "kind" else np.float32,
                        what == "readonly")
            slots["out"] = ("pair", dx, dbias)
        else:
            slots["out"] = new
    elif fault == "fused":
        if name in ("geglu", "geglu_backward") and shape:
            odd = shape[:-1] + (shape[-1] + 1,)
            if np.prod(odd) > 4096:                 # (the 0 of an empty shape was last)
                odd = (r.randint(0, 3), 2 * r.randint(0, 3) + 1)
            slots["x"] = g.wrap(g.operand(odd, dtype))
        elif name in FUSED:
            slots["x"] = g.wrap(g.operand((), dtype))
        elif name == "gelu_cr":
            k = g.r.choice(["f64", "f16", "bf16u", "f16u"])
            slots["x"] = g.wrap(g.operand(shape, KINDS[k][0]))
            kw["dtype"] = KINDS[k][1] or "absent"


# ---- the model --------------------------------------------------------------------------

def input_elem(v, dtype_arg):
    """(element, set of exceptions) for an input argument read with dtype=dtype_arg."""
    if isinstance(v, Raw):
        bad = {v.as_input}
        if isinstance(v.obj, (bytes, bytearray, memoryview)) and isinstance(dtype_arg, str) \
                and dtype_arg not in DTYPE_NAMES:
            bad.add(ValueError)            # a buffer: dtype= is read before its format
        return None, bad
    if isinstance(v, BadArray):
        bad = {TypeError}
        if isinstance(dtype_arg, str) and dtype_arg not in DTYPE_NAMES:
            bad.add(ValueError)
        return None, bad
    fmt = v.fmt()
    if fmt is None:                        # (never: valid operands are native)
        return None, {TypeError}
    if dtype_arg in ("absent", None):
        if fmt in ("u16", "i16"):
            return None, {TypeError}
        return {"f32": "float32", "f64": "float64", "f16": "float16"}[fmt], set()
    if not isinstance(dtype_arg, str):
        return None, {TypeError}
    if dtype_arg not in DTYPE_NAMES:
        return None, {ValueError}
    if fmt not in HOLDS[dtype_arg]:
        return None, {TypeError}
    return dtype_arg, set()


def output_errors(v, elem, shape):
    if v is None or v == "absent":
        return set()
    if isinstance(v, Raw):
        return {v.as_out}
    if isinstance(v, BadArray):
        return {TypeError}
    if isinstance(v, (list, tuple)):
        return {TypeError}
    if v.readonly:
        return {ValueError}
    if elem is not None and v.fmt() not in HOLDS[elem]:
        return {TypeError}
    if shape is not None and v.shape != shape:
        return {ValueError}
    return set()


def byte_offsets(op):
    """The offsets in op.base of every byte of op's elements."""
    off = np.array([op.offset], dtype=np.int64)
    for d, s in zip(op.shape, op.strides):
        off = (off[:, None] + np.arange(d, dtype=np.int64)[None, :] * s).ravel()
    return (off[:, None] + np.arange(op.dtype.itemsize, dtype=np.int64)).ravel()


def share_bytes(a, b):
    """Whether two operands share a byte of memory (exactly, element by element)."""
    if not (isinstance(a, Operand) and isinstance(b, Operand)):
        return False
    if a.n == 0 or b.n == 0 or a.base is not b.base:
        return False
    (alo, ahi), (blo, bhi) = a.extent(), b.extent()
    if not (alo < bhi and blo < ahi):
        return False
    return np.intersect1d(byte_offsets(a), byte_offsets(b)).size > 0


def exactly(a, b):
    """a is b's memory with b's layout (an in-place call)."""
    return (a.base is b.base and a.offset == b.offset and a.shape == b.shape
            and a.dtype.itemsize == b.dtype.itemsize
            and all(d <= 1 or x == y for d, x, y in zip(a.shape, a.strides, b.strides)))


def predict(name, slots, kw):
    """The exception types the call may raise; empty when it must succeed."""
    if kw["approximate"] not in ("absent",) and not isinstance(kw["approximate"], str):
        return {TypeError}
    if kw["approximate"] != "absent" and kw["approximate"] not in APPROXIMATE:
        return {ValueError}
    out = slots["out"]
    if name == "bias_gelu_backward" and out not in ("absent", None) and not (
            isinstance(out, tuple) and len(out) == 3 and out[0] == "pair"):
        return {TypeError}
    errors = set()
    elems = {}
    for k in ("grad", "x"):
        if k in slots:
            elems[k], e = input_elem(slots[k], kw["dtype"])
            errors |= e
    x, xe = slots["x"], elems["x"]
    xshape = x.shape if isinstance(x, Operand) else None
    if xe is not None:
        if name == "gelu_cr" and xe != "float32":
            errors.add(TypeError)
        if name in FUSED and xe not in ("float32", "bfloat16"):
            errors.add(TypeError)
    if "grad" in slots and elems["grad"] is not None and xe is not None \
            and elems["grad"] != xe:
        errors.add(TypeError)
    grad = slots.get("grad")
    half_shape = None
    if xshape is not None and name in FUSED:
        if not xshape:
            errors.add(ValueError)
            xshape = None
        elif name in ("geglu", "geglu_backward"):
            if xshape[-1] % 2:
                errors.add(ValueError)
            else:
                half_shape = xshape[:-1] + (xshape[-1] // 2,)
    if isinstance(grad, Operand) and xshape is not None:
        want = half_shape if name == "geglu_backward" else xshape
        if want is not None and grad.shape != want:
            errors.add(ValueError)
    if "bias" in slots:
        belem, e = input_elem(slots["bias"], "absent")
        errors |= e
        if belem is not None and belem != "float32":
            errors.add(TypeError)
        bias = slots["bias"]
        if isinstance(bias, Operand) and xshape is not None and bias.shape != xshape[-1:]:
            errors.add(ValueError)
    if name == "bias_gelu_backward":
        outs = {}
        if isinstance(out, tuple):
            outs = {"dx": out[1], "dbias": out[2]}
            errors |= output_errors(out[1], xe, xshape)
            errors |= output_errors(out[2], "float32",
                                    xshape[-1:] if xshape is not None else None)
    else:
        outs = {"out": out}
        errors |= output_errors(out, xe, half_shape if name == "geglu" else xshape)
    operands = dict(slots, **outs)
    for a, b in OUTPUT_PAIRS.get(name, ()):
        if share_bytes(operands.get(a), operands.get(b)):
            errors.add(ValueError)
    return errors


# ---- running calls ----------------------------------------------------------------------

def arguments(name, slots, kw, arg_fault, r):
    """args and kwargs for the call, positional or by keyword at random."""
    positional, required = SIGNATURES[name]
    values = {}
    for p in positional:
        v = kw.get(p, "absent") if p == "approximate" else slots[p]
        if v != "absent":
            values[p] = v if not isinstance(v, (Operand, Raw, BadArray)) else v.obj
    out = slots["out"]
    if out != "absent":
        if isinstance(out, tuple) and out and out[0] == "pair":
            values["out"] = tuple(None if o is None else o.obj for o in out[1:])
        elif isinstance(out, (Operand, Raw, BadArray, BadPair)):
            values["out"] = out.obj
        else:
            values["out"] = out
    if kw["dtype"] != "absent":
        values["dtype"] = kw["dtype"]
    npos = 0
    while npos < len(positional) and positional[npos] in values and (
            npos < required or r.random() < 0.5):
        npos += 1
    args = [values.pop(p) for p in positional[:npos]]
    kwargs = values
    if arg_fault == "extra":
        args = [values.pop(p) if p in values else "none" for p in positional] + [None]
    elif arg_fault == "unknown":
        kwargs[r.choice(["inplace", "input", "Out", "approx", "x_", "dtype "])] = None
    elif arg_fault == "repeated":
        if args:
            kwargs[positional[r.randrange(len(args))]] = args[0]
        else:
            arg_fault = "missing"
    if arg_fault == "missing":
        p = positional[r.randrange(required)]
        if p in kwargs:
            del kwargs[p]
        else:
            args = args[:positional.index(p)]
    return args, kwargs


def all_buffers(slots):
    seen = {}
    for v in list(slots.values()) + (list(slots["out"][1:]) if isinstance(
            slots["out"], tuple) and slots["out"][:1] == ("pair",) else []):
        if isinstance(v, Operand):
            seen[id(v.base)] = v.base
    return seen


def contiguous_copy(v):
    return np.array(v.arr, order="C", copy=True) if isinstance(v, Operand) else v.obj


def check_success(name, slots, kw, args_ref, result, before):
    out = slots["out"]
    plain = {k: v for k, v in kw.items() if v != "absent" and k in ("approximate", "dtype")}
    want = getattr(gelu, name)(*args_ref, **plain)
    x = slots["x"]
    if name == "bias_gelu_backward":
        got = result
        assert isinstance(got, tuple) and len(got) == 2, type(got)
        given = out[1:] if isinstance(out, tuple) else (None, None)
        outputs = list(zip(given, got, want))
    else:
        given = None if out in ("absent", None) else out
        outputs = [(given, result, want)]
    kind = {"ndarray": np.ndarray, "scalar": np.ndarray, "array": array.array}.get(
        x.wrapper, memoryview)
    expected = {k: b.copy() for k, b in before.items()}
    for o, g, w in outputs:
        if o is None:
            assert type(g) is kind, f"result {type(g).__name__}, expected {kind.__name__}"
        else:
            assert g is o.obj, "out= given but another object returned"
            u = np.dtype(f"u{o.dtype.itemsize}")
            Operand(expected[id(o.base)], o.offset, o.shape, o.strides, o.dtype).arr.view(u)[
                ...] = np.asarray(w).view(u)
        g, w = np.asarray(g), np.asarray(w)
        u = np.dtype(f"u{w.dtype.itemsize}")   # (an out may hold float16 as uint16 bits)
        assert g.dtype.itemsize == w.dtype.itemsize, (g.dtype, w.dtype)
        same_bits(g.view(u), w.view(u))
    for k, b in all_buffers(slots).items():
        same_bits(b, expected[k])          # nothing written outside the outputs


def one_call(g, i, counts):
    name, slots, kw, arg_fault = build_call(g)
    args, kwargs = arguments(name, slots, kw, arg_fault, g.r)
    expect = {TypeError} if arg_fault else predict(name, slots, kw)
    print(ascii(f"#{i} {name} {arg_fault or ''} {slots} {kw} expect "
                f"{sorted(e.__name__ for e in expect) or 'success'}"), flush=True)
    buffers = all_buffers(slots)
    before = {k: b.copy() for k, b in buffers.items()}
    bad_outs = [v for v in [slots["out"]] + list(slots["out"][1:] if isinstance(
        slots["out"], tuple) and slots["out"][:1] == ("pair",) else []) if isinstance(v, BadArray)]
    args_ref = [contiguous_copy(slots[p]) if p in slots else kw[p]
                for p in SIGNATURES[name][0] if p in slots]
    try:
        result = getattr(gelu, name)(*args, **kwargs)
    except Exception as e:                 # noqa: BLE001 (the type is what is checked)
        assert type(e) in expect, (
            f"call #{i} raised {type(e).__name__}: {e!r}; the model expects "
            f"{sorted(t.__name__ for t in expect) or 'success'}")
        for k, b in buffers.items():
            same_bits(b, before[k])        # a refused call writes nothing
        for v in bad_outs:
            assert v.obj.tobytes() == v.before
        counts[type(e).__name__] += 1
        counts["overlap refused"] += "shares memory" in str(e)
        return
    assert not expect, (f"call #{i} succeeded; the model expects "
                        f"{sorted(t.__name__ for t in expect)}")
    check_success(name, slots, kw, args_ref, result, before)
    counts["ok"] += 1
    outs = [slots["out"]] + list(slots["out"][1:] if isinstance(slots["out"], tuple) else [])
    counts["in place"] += any(isinstance(o, Operand) and any(
        isinstance(s, Operand) and s.base is o.base and s.offset == o.offset and o.n
        for s in (slots.get("x"), slots.get("grad"), slots.get("bias"))) for o in outs)
    counts["overlap computed"] += any(isinstance(o, Operand) and any(
        share_bytes(o, s) and not exactly(o, s)
        for s in (slots.get("x"), slots.get("grad"), slots.get("bias"))) for o in outs)
    counts["shared buffer"] += any(isinstance(o, Operand) and o.n and any(
        isinstance(s, Operand) and s.base is o.base and s.offset != o.offset
        for s in (slots.get("x"), slots.get("grad"), slots.get("bias"))) for o in outs)


def run_calls(seed=SEED, calls=CALLS):
    g = Generator(seed)
    counts = dict.fromkeys(["ok", "TypeError", "ValueError", "overlap refused",
                            "overlap computed", "in place", "shared buffer"], 0)
    for i in range(calls):
        one_call(g, i, counts)
    return counts


def main():
    counts = run_calls()
    print(json.dumps(counts), flush=True)


def test_hostile_calls_in_a_child_process():
    """run_calls() in a fresh interpreter: a crash fails this test, naming the call."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = f"import sys; sys.path.insert(0, {here!r}); import test_hostile_calls as t; t.main()"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    r = subprocess.run([sys.executable, "-X", "faulthandler", "-c", code], env=env,
                       capture_output=True, text=True, timeout=600)
    lines = r.stdout.splitlines()
    if r.returncode != 0:
        how = (f"killed by {signal.Signals(-r.returncode).name}" if r.returncode < 0
               else f"exit status {r.returncode}")
        pytest.fail(f"hostile calls: child {how}; its last calls:\n" + "\n".join(lines[-3:])
                    + "\n" + r.stderr[-8000:], pytrace=False)
    counts = json.loads(lines[-1])
    print(counts)
    assert counts["ok"] > CALLS // 5 and counts["TypeError"] > CALLS // 10, counts
    assert counts["ValueError"] > CALLS // 10 and counts["overlap refused"] > 10, counts
    assert counts["overlap computed"] > 200, counts
    assert counts["in place"] > 50 and counts["shared buffer"] > 50, counts


# ---- regressions and single hostile cases ------------------------------------------------

X = np.linspace(-3, 3, 8, dtype=np.float32)


@pytest.mark.parametrize("dtype", ["M8[s]", "m8[ms]"])
def test_datetime_arrays_are_type_errors(dtype):
    """numpy refuses a buffer of datetime64/timedelta64 with ValueError; the module reports
    it as the wrong element type it is (it passed numpy's ValueError on)."""
    bad = np.zeros(8, dtype)
    for call in (lambda: gelu.gelu(bad), lambda: gelu.gelu_backward(bad, X),
                 lambda: gelu.gelu_backward(X, bad), lambda: gelu.bias_gelu(X, bad[:8]),
                 lambda: gelu.relu(X, out=bad),
                 lambda: gelu.bias_gelu_backward(X, X, X, out=(None, bad))):
        with pytest.raises(TypeError, match="cannot include dtype"):
            call()
    assert not bad.view(np.int64).any()


def test_released_memoryview_is_a_type_error():
    m = memoryview(np.zeros(8, np.float32))
    m.release()
    with pytest.raises(TypeError, match="released memoryview"):
        gelu.gelu(m)
    with pytest.raises(TypeError, match="released memoryview"):
        gelu.gelu(X, out=m)


@pytest.mark.parametrize("name", ["scalar\x00", "scalar\x00avx512", "auto\x00junk"])
def test_set_isa_name_with_a_nul_is_unknown(name):
    """The C library saw the name only up to the NUL: 'scalar\\0junk' selected 'scalar'."""
    before = gelu.isa()
    with pytest.raises(ValueError, match="unknown ISA"):
        gelu.set_isa(name)
    assert gelu.isa() == before


def test_misaligned_ctypes_exporter_without_strides():
    """A packed ctypes field: float32 at an odd address, exported with strides NULL."""
    class Packed(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("pad", ctypes.c_uint8), ("v", ctypes.c_float * 5), ("tail", ctypes.c_uint8)]
    p = Packed()
    p.pad, p.tail = 0xAB, 0xCD
    v = p.v                                 # (a new object at each p.v)
    for i in range(5):
        v[i] = i - 2.5
    want = gelu.gelu(np.arange(5, dtype=np.float32) - 2.5)
    same_bits(np.asarray(gelu.gelu(v)), want)
    assert gelu.gelu(np.arange(5, dtype=np.float32) - 2.5, out=v) is v
    same_bits(np.frombuffer(bytes(v), np.float32), want)
    assert (p.pad, p.tail) == (0xAB, 0xCD)
    gelu.gelu(v, out=p.v)                                      # in place, misaligned
    same_bits(np.frombuffer(bytes(v), np.float32), gelu.gelu(want))
    assert (p.pad, p.tail) == (0xAB, 0xCD)


def test_writable_stride_zero_out():
    """An out whose elements are all one float (as_strided): no crash, and what is left is
    one of the results."""
    cell = np.zeros(1, np.float32)
    out = np.lib.stride_tricks.as_strided(cell, (8,), (0,))
    assert gelu.gelu(X, out=out) is out
    assert cell[0] in gelu.gelu(X)


def test_unknown_function_names():
    for name in ("gelu_tanh", "silu", "geglu_cr", "torch_"):
        with pytest.raises(AttributeError):
            getattr(gelu, name)


def test_the_model_on_a_short_run():
    """The generator and model in this process, a few calls (fast feedback)."""
    counts = run_calls(SEED + 1, 200)
    assert counts["ok"] > 20 and counts["TypeError"] + counts["ValueError"] > 20, counts
