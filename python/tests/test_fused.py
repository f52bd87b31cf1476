"""bias_gelu, geglu and their backward functions equal the unfused compositions (as
gelu.h section 6 defines them), for float32 and bfloat16, any leading shape."""

import pytest

from conftest import need

np = need("numpy")
import gelu  # noqa: E402
from values import same_bits  # noqa: E402

FORMS = ["none", "tanh", "sigmoid"]
rng = np.random.default_rng(11)


def to_bf16(f32):
    """Round f32 values (no NaN here) to bf16 bits, nearest even."""
    u = np.asarray(f32, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


def from_bf16(bits):
    return (np.asarray(bits).astype(np.uint32) << 16).view(np.float32)


def row_order_sum(dx):
    """dbias as documented: double, rows in order, then one rounding to f32."""
    rows = dx.reshape(int(np.prod(dx.shape[:-1])), dx.shape[-1]).astype(np.float64)
    acc = np.zeros(rows.shape[1])
    for r in rows:
        acc = acc + r
    return acc.astype(np.float32)


SHAPES = [(5,), (4, 7), (2, 3, 33), (1, 0), (0, 3), (3, 16)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("form", FORMS)
def test_bias_gelu_f32(shape, form):
    x = (rng.standard_normal(shape) * 3).astype(np.float32)
    bias = rng.standard_normal(shape[-1]).astype(np.float32)
    s = x + bias
    same_bits(gelu.bias_gelu(x, bias, form), gelu.gelu(s, form))
    dy = rng.standard_normal(shape).astype(np.float32)
    dx, dbias = gelu.bias_gelu_backward(dy, x, bias, form)
    same_bits(dx, gelu.gelu_backward(dy, s, form))
    assert dbias.dtype == np.float32 and dbias.shape == (shape[-1],)
    same_bits(dbias, row_order_sum(dx))


@pytest.mark.parametrize("form", FORMS)
def test_bias_gelu_bf16(form):
    shape = (6, 40)
    x = to_bf16(rng.standard_normal(shape) * 3)
    bias = rng.standard_normal(40).astype(np.float32)
    s = to_bf16(from_bf16(x) + bias)
    y = gelu.bias_gelu(x, bias, form, dtype="bfloat16")
    assert y.dtype == np.uint16
    same_bits(y, gelu.gelu(s, form, dtype="bfloat16"))
    dy = to_bf16(rng.standard_normal(shape))
    dx, dbias = gelu.bias_gelu_backward(dy, x, bias, form, dtype="bfloat16")
    same_bits(dx, gelu.gelu_backward(dy, s, form, dtype="bfloat16"))
    same_bits(dbias, row_order_sum(from_bf16(dx)))


@pytest.mark.parametrize("shape", [(6,), (3, 10), (2, 2, 34), (4, 0)])
@pytest.mark.parametrize("form", FORMS)
def test_geglu_f32(shape, form):
    x = (rng.standard_normal(shape) * 3).astype(np.float32)
    h = shape[-1] // 2
    value, gate = x[..., :h], x[..., h:]
    y = gelu.geglu(x, form)
    assert y.shape == shape[:-1] + (h,)
    same_bits(y, value * gelu.gelu(gate, form))
    dy = rng.standard_normal(y.shape).astype(np.float32)
    dx = gelu.geglu_backward(dy, x, form)
    assert dx.shape == shape
    same_bits(dx[..., :h], dy * gelu.gelu(gate, form))
    same_bits(dx[..., h:], gelu.gelu_backward(dy * value, gate, form))


def test_geglu_bf16():
    x = to_bf16(rng.standard_normal((5, 18)) * 2)
    value, gate = x[:, :9], x[:, 9:]
    t = gelu.gelu(np.ascontiguousarray(gate), dtype="bfloat16")
    same_bits(gelu.geglu(x, dtype="bfloat16"), to_bf16(from_bf16(value) * from_bf16(t)))
    dy = to_bf16(rng.standard_normal((5, 9)))
    dx = gelu.geglu_backward(dy, x, dtype="bfloat16")
    same_bits(dx[:, :9], to_bf16(from_bf16(dy) * from_bf16(t)))
    g = to_bf16(from_bf16(dy) * from_bf16(value))
    same_bits(dx[:, 9:], gelu.gelu_backward(g, np.ascontiguousarray(gate), dtype="bfloat16"))


def test_fused_out_and_in_place():
    x = rng.standard_normal((8, 32)).astype(np.float32)
    bias = rng.standard_normal(32).astype(np.float32)
    want = gelu.bias_gelu(x, bias)
    out = np.empty_like(x)
    assert gelu.bias_gelu(x, bias, out=out) is out
    same_bits(out, want)
    x2 = x.copy()
    gelu.bias_gelu(x2, bias, out=x2)
    same_bits(x2, want)
    dy = rng.standard_normal((8, 32)).astype(np.float32)
    dx_want, db_want = gelu.bias_gelu_backward(dy, x, bias)
    dx, db = np.empty_like(x), np.empty(32, np.float32)
    r = gelu.bias_gelu_backward(dy, x, bias, out=(dx, db))
    assert r[0] is dx and r[1] is db
    same_bits(dx, dx_want)
    same_bits(db, db_want)
    dy2 = dy.copy()
    gelu.bias_gelu_backward(dy2, x, bias, out=(dy2, None))    # dx may be grad
    same_bits(dy2, dx_want)
    xg = rng.standard_normal((4, 20)).astype(np.float32)
    g = rng.standard_normal((4, 10)).astype(np.float32)
    want = gelu.geglu_backward(g, xg)
    gelu.geglu_backward(g, xg, out=xg)                         # dx may be x
    same_bits(xg, want)


def test_fused_non_contiguous():
    base = rng.standard_normal((10, 64)).astype(np.float32)
    x = base[::2, ::2]
    bias = np.linspace(-1, 1, 32, dtype=np.float32)
    same_bits(gelu.bias_gelu(x, bias), gelu.bias_gelu(np.ascontiguousarray(x), bias))
    same_bits(gelu.geglu(x), gelu.geglu(np.ascontiguousarray(x)))


@pytest.mark.parametrize("rows", [0, 5])
def test_fused_non_contiguous_outs(rows):
    x = rng.standard_normal((rows, 8)).astype(np.float32)
    bias = rng.standard_normal(8).astype(np.float32)
    y_big = np.full((rows, 16), 9.0, np.float32)
    gelu.bias_gelu(x, bias, out=y_big[:, ::2])
    same_bits(y_big[:, ::2], gelu.bias_gelu(x, bias))
    assert (y_big[:, 1::2] == 9.0).all()
    dx_big = np.full((rows, 16), 9.0, np.float32)
    db_big = np.full(16, 9.0, np.float32)
    dx, db = gelu.bias_gelu_backward(x, x, bias, out=(dx_big[:, 1::2], db_big[::2]))
    want = gelu.bias_gelu_backward(x, x, bias)
    same_bits(dx_big[:, 1::2], want[0])
    same_bits(db_big[::2], want[1])            # zeros when there are no rows
    assert (db_big[1::2] == 9.0).all() and (dx_big[:, ::2] == 9.0).all()
    g_big = np.full((rows, 8), 9.0, np.float32)
    gelu.geglu(x, out=g_big[:, ::2])
    same_bits(g_big[:, ::2], gelu.geglu(x))


def test_fused_errors():
    x = np.zeros((4, 6), np.float32)
    with pytest.raises(ValueError, match=r"bias has shape \(5,\); expected \(6,\)"):
        gelu.bias_gelu(x, np.zeros(5, np.float32))
    with pytest.raises(ValueError, match=r"bias has shape \(1, 6\)"):
        gelu.bias_gelu(x, np.zeros((1, 6), np.float32))
    with pytest.raises(TypeError, match="bias is float64"):
        gelu.bias_gelu(x, np.zeros(6))
    with pytest.raises(TypeError, match="x is float64; this function takes float32 or bfloat16"):
        gelu.bias_gelu(x.astype(np.float64), np.zeros(6, np.float32))
    with pytest.raises(ValueError, match="at least one axis"):
        gelu.bias_gelu(np.float32(1), np.zeros(1, np.float32))
    with pytest.raises(ValueError, match="must be even"):
        gelu.geglu(np.zeros((2, 5), np.float32))
    with pytest.raises(ValueError, match=r"grad has shape \(4, 6\); expected \(4, 3\)"):
        gelu.geglu_backward(x, x)
    with pytest.raises(TypeError, match="tuple"):
        gelu.bias_gelu_backward(x, x, np.zeros(6, np.float32), out=np.empty_like(x))
    with pytest.raises(ValueError, match="dbias shares memory with dx"):
        dx = np.empty_like(x)
        gelu.bias_gelu_backward(x, x, np.zeros(6, np.float32), out=(dx, dx[-1]))


def test_fused_outputs_overlapping_inputs_give_separate_results():
    """numpy's semantics (issue 18; these were ValueErrors): an output sharing memory with an
    input gets the result of separate arrays."""
    buf = np.linspace(-3, 3, 40).astype(np.float32)
    xs = buf[:24].reshape(2, 12).copy()
    want = gelu.geglu(xs)
    out = buf[10:22].reshape(2, 6)
    gelu.geglu(buf[:24].reshape(2, 12), out=out)
    same_bits(out, want)
    x = np.linspace(-2, 2, 24).astype(np.float32).reshape(4, 6)
    want = gelu.geglu(x.copy(), "tanh")
    gelu.geglu(x, "tanh", out=x[:, :3])                   # the value half of x itself
    same_bits(x[:, :3], want)
    x = np.linspace(-2, 2, 24).astype(np.float32).reshape(4, 6)
    g = np.linspace(1, 2, 24).astype(np.float32).reshape(4, 6)
    b = np.linspace(-1, 1, 6).astype(np.float32)
    want_dx, want_db = gelu.bias_gelu_backward(g, x, b)
    dx, db = gelu.bias_gelu_backward(g, x, b, out=(None, x[0]))     # dbias is a row of x
    same_bits(db, want_db)
    same_bits(dx, want_dx)
    x = np.linspace(-2, 2, 24).astype(np.float32).reshape(4, 6)
    want = gelu.bias_gelu(x.copy(), x[1].copy())
    gelu.bias_gelu(x, x[1], out=x)                            # bias inside out (and x)
    same_bits(x, want)
    x = np.linspace(-2, 2, 24).astype(np.float32).reshape(4, 6)
    g = x[:, 1:4].copy() * 0.5
    want = gelu.geglu_backward(g, x.copy())
    big = np.concatenate([g.ravel(), np.zeros(24, np.float32)])
    out = big[6:30].reshape(4, 6)
    gelu.geglu_backward(big[:12].reshape(4, 3), x, out=out)   # out overlaps grad
    same_bits(out, want)


def test_fused_threads_same_bits():
    x = rng.standard_normal((512, 256)).astype(np.float32)
    bias = rng.standard_normal(256).astype(np.float32)
    gelu.set_num_threads(1)
    want = (gelu.bias_gelu(x, bias), gelu.bias_gelu_backward(x, x, bias), gelu.geglu(x))
    for n in (2, 3):
        gelu.set_num_threads(n)
        same_bits(gelu.bias_gelu(x, bias), want[0])
        dx, db = gelu.bias_gelu_backward(x, x, bias)
        same_bits(dx, want[1][0])
        same_bits(db, want[1][1])
        same_bits(gelu.geglu(x), want[2])
