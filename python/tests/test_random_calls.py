"""Seeded random calls: random functions, dtypes, shapes, strides, out= and aliasing.  Each
call either succeeds with the result of the same call on contiguous copies, or raises
TypeError or ValueError; nothing crashes, a refused call writes nothing, and an out that
partly overlaps an input gets the result of separate arrays (numpy's semantics; issue 18)."""

import random

from conftest import need

np = need("numpy")
import gelu  # noqa: E402
from values import same_bits  # noqa: E402

DTYPES = [np.float32, np.float64, np.float16, np.uint16, np.int16, np.int32, ">f4"]
FUNCTIONS = ["gelu", "gelu_cr", "relu", "gelu_backward", "relu_backward", "bias_gelu",
             "geglu", "geglu_backward", "bias_gelu_backward"]


def random_array(rng, r, dtype, shape):
    base_shape = tuple(d * r.choice([1, 2]) for d in shape)
    base = (rng.standard_normal(base_shape) * 4).astype(np.float32)
    if np.dtype(dtype).kind == "f":
        base = base.astype(dtype)
    else:
        base = base.view(np.uint32).__rshift__(16).astype(dtype) if np.dtype(dtype).itemsize == 2 \
            else base.astype(dtype)
    view = base[tuple(slice(None, None, base_shape[i] // shape[i] if shape[i] else 1)
                      for i in range(len(shape)))][tuple(slice(0, d) for d in shape)]
    if r.random() < 0.2 and view.ndim > 1:
        view = view.swapaxes(0, -1)
    view = np.asarray(view)
    if r.random() < 0.1 and view.ndim >= 1:
        view = view[..., ::-1]
    return view


def call(name, args, kwargs):
    return getattr(gelu, name)(*args, **kwargs)


def contiguous(a):
    return np.array(a, order="C") if isinstance(a, np.ndarray) else a   # (keeps 0-d)


def test_random_calls():
    r = random.Random(20261128)
    rng = np.random.default_rng(20261128)
    outcomes = {"ok": 0, "TypeError": 0, "ValueError": 0, "overlap computed": 0}
    for _ in range(10000):
        name = r.choice(FUNCTIONS)
        dtype = r.choice(DTYPES)
        shape = tuple(r.choice([0, 1, 2, 3, 4, 6]) for _ in range(r.choice([0, 1, 2, 3])))
        x = random_array(rng, r, dtype, shape)
        kwargs = {}
        if r.random() < 0.5 and np.dtype(dtype).kind in "iu":
            kwargs["dtype"] = r.choice(["bfloat16", "float16", "float32"])
        if name not in ("relu", "relu_backward") and r.random() < 0.5:
            kwargs["approximate"] = r.choice(["none", "tanh", "sigmoid", "bogus"])
        if name in ("gelu_backward", "relu_backward", "geglu_backward", "bias_gelu_backward"):
            gshape = shape
            if name == "geglu_backward" and shape:
                gshape = shape[:-1] + (shape[-1] // 2,)
            other = random_array(rng, r, r.choice([dtype, dtype, np.float32]), gshape)
            args = [other, x]
        else:
            args = [x]
        if name in ("bias_gelu", "bias_gelu_backward"):
            cols = shape[-1] if shape else 1
            args.append(random_array(rng, r, r.choice([np.float32, np.float32, np.float64]),
                                     (cols if r.random() < 0.9 else cols + 1,)))
        x_index = 1 if name.endswith("_backward") else 0
        out_kind = r.choice(["none", "none", "fresh", "alias", "shifted"])
        out = None
        if name != "bias_gelu_backward" and out_kind != "none":
            try:
                want_shape = call(name, [contiguous(a) for a in args], kwargs).shape
            except (TypeError, ValueError):
                want_shape = x.shape
            size = int(np.prod(want_shape))
            if out_kind == "fresh":
                out = np.zeros(want_shape, dtype=x.dtype)
            elif out_kind == "alias":
                out = x
            elif x.size >= 2 and size >= 1:
                # x and out in one buffer, out one element further on: a partial overlap
                big = np.zeros(x.size + size, dtype=x.dtype)
                big[:x.size] = x.reshape(-1)
                args[x_index] = x = big[:x.size].reshape(x.shape)
                out = big[1:1 + size].reshape(want_shape)
            if out is not None:
                kwargs["out"] = out
        snapshot = [a.copy() for a in args]
        out_before = None if out is None else out.copy()
        try:
            result = call(name, args, kwargs)
        except (TypeError, ValueError) as e:
            outcomes[type(e).__name__] += 1
            for a, s in zip(args, snapshot):
                same_bits(a, s)                  # inputs untouched
            if out is not None:
                same_bits(out, out_before)       # nothing written
            continue
        outcomes["ok"] += 1
        outcomes["overlap computed"] += out_kind == "shifted" and out is not None
        plain = {k: v for k, v in kwargs.items() if k != "out"}
        want = call(name, [contiguous(a) for a in snapshot], plain)
        if isinstance(result, tuple):
            for g, w in zip(result, want):
                same_bits(g, w)
        else:
            assert out is None or result is out
            same_bits(result, want)
    print(outcomes)
    assert outcomes["ok"] > 1000 and outcomes["TypeError"] > 1000, outcomes
    assert outcomes["ValueError"] > 1000 and outcomes["overlap computed"] > 100, outcomes
