"""What goes in and what comes out: kinds of array, shapes, strides, alignment, dtypes,
out=, in place and overlap."""

import array

import pytest

from conftest import need

np = need("numpy")
import gelu  # noqa: E402
from values import same_bits  # noqa: E402


def reference(x):
    """The module's own result on a fresh contiguous copy."""
    return gelu.gelu(np.ascontiguousarray(x))


@pytest.mark.parametrize("shape", [(), (0,), (1,), (7,), (3, 5), (2, 0, 4), (2, 3, 4, 5)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_numpy_shape_and_dtype_kept(shape, dtype):
    rng = np.random.default_rng(1)
    x = (rng.standard_normal(shape) * 3).astype(dtype)
    y = gelu.gelu(x)
    assert type(y) is np.ndarray and y.shape == x.shape and y.dtype == x.dtype
    assert y.flags.c_contiguous and not np.shares_memory(x, y)
    if x.size:
        same_bits(y.ravel(), gelu.gelu(x.ravel()))


def test_numpy_scalar_gives_0d_array():
    y = gelu.gelu(np.float32(1.0))
    assert isinstance(y, np.ndarray) and y.shape == () and y.dtype == np.float32
    assert y.item() == pytest.approx(0.8413447460685429, rel=1e-7)


def test_bfloat16_bit_patterns_keep_their_dtype():
    x = np.arange(0, 65536, 257, dtype=np.uint16)
    y = gelu.gelu(x, dtype="bfloat16")
    assert y.dtype == np.uint16
    y16 = gelu.gelu(x.view(np.int16), dtype="bfloat16")
    assert y16.dtype == np.int16
    same_bits(y16.view(np.uint16), y)


@pytest.mark.parametrize("make", [
    lambda a: a[::2],                      # strided
    lambda a: a[::-1],                     # negative stride
    lambda a: a.reshape(6, 10).T,          # transposed
    lambda a: a.reshape(6, 10)[1:4, 2:9],  # 2-D window
])
def test_non_contiguous_input(make):
    base = np.linspace(-8, 8, 60, dtype=np.float32)
    x = make(base)
    y = gelu.gelu(x)
    assert y.shape == x.shape and y.flags.c_contiguous
    same_bits(y, reference(x))
    same_bits(base, np.linspace(-8, 8, 60, dtype=np.float32))   # input untouched


def test_misaligned_input_and_out():
    raw = np.zeros(4 * 33 + 1, dtype=np.uint8)
    x = np.frombuffer(raw.data, dtype=np.float32, count=33, offset=1)
    assert x.ctypes.data % 4 != 0
    raw[1:] = np.linspace(-5, 5, 33, dtype=np.float32).view(np.uint8)
    want = reference(x)
    same_bits(gelu.gelu(x), want)
    out_raw = np.zeros(4 * 33 + 3, dtype=np.uint8)
    out = np.frombuffer(out_raw.data, dtype=np.float32, count=33, offset=3)
    assert gelu.gelu(x, out=out) is out
    same_bits(out, want)


def test_array_array_in_array_array_out():
    x = array.array("f", [-3.0, -0.5, 0.0, 2.0])
    y = gelu.gelu(x)
    assert isinstance(y, array.array) and y.typecode == "f" and len(y) == 4
    same_bits(np.frombuffer(y, np.float32), reference(np.frombuffer(x, np.float32)))
    d = gelu.gelu(array.array("d", [1.0]))
    assert d.typecode == "d" and d[0] == pytest.approx(0.8413447460685429, rel=1e-15)
    b = gelu.gelu(array.array("H", [0x3f80]), dtype="bfloat16")
    assert b.typecode == "H" and b[0] == 0x3f57    # bf16(gelu(1.0)) = 0.83984375


@pytest.mark.parametrize("fmt,dtype", [("f", np.float32), ("d", np.float64),
                                       ("e", np.float16)])
def test_memoryview_in_memoryview_out(fmt, dtype):
    x = np.linspace(-4, 4, 12).astype(dtype).reshape(3, 4)
    y = gelu.gelu(memoryview(x))
    assert isinstance(y, memoryview)
    assert y.format == fmt and y.shape == (3, 4) and not y.readonly
    same_bits(np.asarray(y), reference(x))


def test_bytes_like_inputs():
    x = np.linspace(-2, 2, 8, dtype=np.float32)
    for raw in (x.tobytes(), bytearray(x.tobytes())):
        # plain bytes have format 'B': not floats, so they are refused
        with pytest.raises(TypeError, match="uint8"):
            gelu.gelu(raw)
        y = gelu.gelu(memoryview(raw).cast("f"))   # read-only bytes are fine as input
        same_bits(np.asarray(y), reference(x))


def test_out_is_returned_and_filled():
    x = np.linspace(-4, 4, 1000, dtype=np.float32)
    out = np.empty_like(x)
    assert gelu.gelu(x, "tanh", out=out) is out
    same_bits(out, gelu.gelu(x, "tanh"))
    g = np.ones_like(x)
    assert gelu.gelu_backward(g, x, out=out) is out
    same_bits(out, gelu.gelu_backward(g, x))


def test_float16_out_as_bit_patterns():
    x = np.linspace(-4, 4, 9).astype(np.float16)
    out = np.zeros(9, np.uint16)
    assert gelu.gelu(x, out=out) is out
    same_bits(out.view(np.float16), gelu.gelu(x))


def test_out_non_contiguous_is_written_back():
    x = np.linspace(-4, 4, 50, dtype=np.float32).reshape(5, 10)
    big = np.full((10, 10), 7.0, dtype=np.float32)
    out = big[::2]
    assert gelu.gelu(x, out=out) is out
    same_bits(big[::2], gelu.gelu(x))
    assert (big[1::2] == 7.0).all()      # the rows in between are not touched


def test_in_place():
    x = np.linspace(-6, 6, 10001, dtype=np.float32)
    want = gelu.gelu(x)
    assert gelu.gelu(x, out=x) is x
    same_bits(x, want)
    t = np.linspace(-6, 6, 60, dtype=np.float32).reshape(6, 10).T   # non-contiguous, in place
    want = gelu.gelu(t)
    gelu.gelu(t, out=t)
    same_bits(t, want)
    x = np.linspace(-3, 3, 100)
    g = np.linspace(1, 2, 100)
    want = gelu.gelu_backward(g, x)
    gelu.gelu_backward(g, x, out=g)     # dx may be grad
    same_bits(g, want)
    x2 = np.linspace(-3, 3, 100)
    gelu.gelu_backward(np.linspace(1, 2, 100), x2, out=x2)   # or x
    same_bits(x2, want)


def test_in_place_through_another_view_of_the_same_bits():
    x = np.arange(0, 65536, 97, dtype=np.uint32).astype(np.uint16)
    want = gelu.gelu(x, dtype="bfloat16")
    gelu.gelu(x, out=x.view(np.int16), dtype="bfloat16")     # uint16 and int16 views
    same_bits(x, want)


def test_interleaved_views_are_computed():
    """Views that interleave without sharing an element (issue 18: they were refused, the
    overlap being judged by the memory range each spans): the result of separate arrays,
    and x's elements untouched."""
    z = np.linspace(-1, 1, 20, dtype=np.float32)
    x_before = z[::2].copy()
    assert gelu.gelu(z[::2], out=z[1::2]) is not None
    same_bits(z[1::2], gelu.gelu(x_before))
    same_bits(z[::2], x_before)
    w = np.linspace(-2, 2, 24, dtype=np.float64).reshape(4, 6)   # 2-d, interleaved columns
    g_before, x_before = w[:, 0::3].copy(), w[:, 1::3].copy()
    gelu.gelu_backward(w[:, 0::3], w[:, 1::3], "tanh", out=w[:, 2::3])
    same_bits(w[:, 2::3], gelu.gelu_backward(g_before, x_before, "tanh"))
    same_bits(w[:, 0::3], g_before)
    same_bits(w[:, 1::3], x_before)


def overlap_cases():
    """(x slice, out slice) of one 100-element buffer: contiguous shifted both ways (both
    used in place: the input goes through a copy), strided over contiguous, reversed."""
    return [(slice(1, None), slice(None, -1)), (slice(None, -1), slice(1, None)),
            (slice(0, None, 2), slice(0, 50)), (slice(0, 50), slice(0, None, 2)),
            (slice(None, None, -1), slice(None)), (slice(10, 60), slice(30, 80))]


@pytest.mark.parametrize("x_slice,out_slice", overlap_cases())
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_partial_overlap_gives_the_result_of_separate_arrays(x_slice, out_slice, dtype):
    """numpy's semantics (issue 18): an out that shares memory with an input is computed as
    if it were a separate array; nothing outside out is written."""
    buf = np.linspace(-4, 4, 100).astype(dtype)
    x, out = buf[x_slice], buf[out_slice]
    out = out[:x.size]
    before = buf.copy()
    want = gelu.gelu(x.copy(), "tanh")
    assert gelu.gelu(x, "tanh", out=out) is out
    same_bits(out, want)
    expected = before.copy()
    expected[out_slice][:x.size] = want
    same_bits(buf, expected)             # only out's elements changed


@pytest.mark.parametrize("x_slice,out_slice", overlap_cases())
def test_partial_overlap_backward(x_slice, out_slice):
    """gelu_backward with out overlapping x, and grad overlapping out too."""
    buf = np.linspace(-3, 3, 100).astype(np.float32)
    x, out = buf[x_slice], buf[out_slice][:buf[x_slice].size]
    grad = buf[::-1][:x.size]
    want = gelu.gelu_backward(grad.copy(), x.copy())
    gelu.gelu_backward(grad, x, out=out)
    same_bits(out, want)
    buf = np.linspace(-3, 3, 100).astype(np.float32)
    g2, x2 = buf[:60], np.linspace(-1, 1, 60).astype(np.float32)
    want = gelu.relu_backward(g2.copy(), x2)
    gelu.relu_backward(g2, x2, out=buf[5:65])   # out overlaps grad only
    same_bits(buf[5:65], want)


def test_out_overlapping_both_inputs_in_place_and_not():
    """out exactly x (in place) while overlapping grad: in place on x, grad read as it was."""
    buf = np.linspace(-3, 3, 40).astype(np.float32)
    x, grad = buf[10:30], buf[5:25]
    want = gelu.gelu_backward(grad.copy(), x.copy(), "sigmoid")
    gelu.gelu_backward(grad, x, "sigmoid", out=x)
    same_bits(buf[10:30], want)


def test_masked_arrays_are_refused():
    """A masked array's buffer is its data without the mask: refused (TypeError) rather than
    computing the masked elements and returning a result without the mask (issue 18)."""
    m = np.ma.masked_array(np.linspace(-1, 1, 6, dtype=np.float32), mask=[0, 1, 0, 0, 1, 0])
    before = m.data.copy()
    with pytest.raises(TypeError, match="MaskedArray.*filled"):
        gelu.gelu(m)
    with pytest.raises(TypeError, match="grad is a numpy.ma.MaskedArray"):
        gelu.gelu_backward(m, m.data)
    with pytest.raises(TypeError, match="out is a numpy.ma.MaskedArray"):
        gelu.gelu(m.data.copy(), out=m)
    with pytest.raises(TypeError, match="MaskedArray"):
        gelu.bias_gelu(m.data.reshape(2, 3), np.ma.masked_array(np.zeros(3, np.float32)))
    same_bits(m.data, before)
    same_bits(gelu.gelu(m.data), gelu.gelu(before))       # the documented way
    y = np.ma.masked_array(gelu.gelu(m.filled(0)), mask=np.ma.getmask(m))
    assert y.mask.tolist() == m.mask.tolist()
