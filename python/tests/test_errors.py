"""Bad input gets a Python exception of the right type with a message naming the problem,
and nothing is written."""

import sys

import pytest

from conftest import need

np = need("numpy")
import gelu  # noqa: E402
from values import same_bits  # noqa: E402

X = np.linspace(-3, 3, 8, dtype=np.float32)


@pytest.mark.parametrize("bad,match", [
    ([1.0, 2.0], "buffer protocol.*not list"),
    (3.0, "not float"),
    (None, "not NoneType"),
    (np.arange(4, dtype=np.int32), "int32"),
    (np.arange(4, dtype=np.int64), "int64"),
    (np.zeros(4, dtype=np.complex64), "Zf"),
    (np.zeros(4, dtype=np.uint16), "dtype='bfloat16'"),
    (np.zeros(4, dtype=">f4"), "native-byte-order"),
    (np.zeros(4, dtype=np.bool_), "bool"),
    (np.zeros(4, dtype=np.longdouble), "longdouble"),
    (b"\x00\x00\x80\x3f", "uint8"),
])
def test_wrong_input_type(bad, match):
    with pytest.raises(TypeError, match=match):
        gelu.gelu(bad)


def test_torch_tensor_hint():
    torch = need("torch")
    with pytest.raises(TypeError, match="gelu.torch"):
        gelu.gelu(torch.zeros(3))


def test_dtype_argument():
    with pytest.raises(ValueError, match="dtype must be 'float32'.*'float8'"):
        gelu.gelu(X, dtype="float8")
    with pytest.raises(TypeError, match="dtype must be a str"):
        gelu.gelu(X, dtype=np.float32)
    with pytest.raises(TypeError, match="cannot be read as dtype='bfloat16'"):
        gelu.gelu(X, dtype="bfloat16")
    with pytest.raises(TypeError, match="cannot be read as dtype='float64'"):
        gelu.gelu(X, dtype="float64")
    assert gelu.gelu(X, dtype="float32").dtype == np.float32   # agreeing dtype is fine


@pytest.mark.parametrize("approximate", ["erf", "Tanh", "", "relu"])
def test_unknown_approximate(approximate):
    with pytest.raises(ValueError, match="approximate must be 'none', 'tanh' or 'sigmoid'"):
        gelu.gelu(X, approximate)
    with pytest.raises(ValueError, match="approximate"):
        gelu.gelu_backward(X, X, approximate=approximate)


def test_approximate_not_a_str():
    with pytest.raises(TypeError, match="approximate must be a str"):
        gelu.gelu(X, 1)


def test_out_errors():
    with pytest.raises(ValueError, match=r"out has shape \(4,\); expected \(8,\)"):
        gelu.gelu(X, out=np.empty(4, np.float32))
    with pytest.raises(ValueError, match=r"out has shape \(2, 4\); expected \(8,\)"):
        gelu.gelu(X, out=np.empty((2, 4), np.float32))
    with pytest.raises(TypeError, match="expected float32"):
        gelu.gelu(X, out=np.empty(8, np.float64))
    readonly = np.empty(8, np.float32)
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="out is read-only"):
        gelu.gelu(X, out=readonly)
    with pytest.raises(ValueError, match="out is read-only"):
        gelu.gelu(X, out=memoryview(bytes(32)).cast("f"))
    with pytest.raises(TypeError, match="out must be an array"):
        gelu.gelu(X, out=[0.0] * 8)


def test_backward_operands_must_agree():
    with pytest.raises(ValueError, match=r"grad has shape \(4,\); expected \(8,\) \(the shape of x\)"):
        gelu.gelu_backward(X[:4], X)
    with pytest.raises(TypeError, match="grad is float64 but x is float32"):
        gelu.gelu_backward(X.astype(np.float64), X)


def test_gelu_cr_is_float32_only():
    for dtype in (np.float64, np.float16):
        with pytest.raises(TypeError, match="float32 only"):
            gelu.gelu_cr(X.astype(dtype))
    with pytest.raises(TypeError, match="float32 only"):
        gelu.gelu_cr(X.view(np.uint16), dtype="bfloat16")


def test_argument_errors():
    with pytest.raises(TypeError, match="missing required argument 'x'"):
        gelu.gelu()
    with pytest.raises(TypeError, match="at most 2 positional"):
        gelu.gelu(X, "none", X)
    with pytest.raises(TypeError, match="unexpected keyword argument 'inplace'"):
        gelu.gelu(X, inplace=True)
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        gelu.gelu(X, x=X)
    with pytest.raises(TypeError, match="at most 1 positional"):
        gelu.relu(X, "tanh")


def test_settings_errors():
    for bad in (-1, 257, 2**70):
        with pytest.raises(ValueError, match="from 1 to 256"):
            gelu.set_num_threads(bad)
    with pytest.raises(TypeError, match="must be an int"):
        gelu.set_num_threads(2.0)
    with pytest.raises(ValueError, match="unknown ISA 'sse9'"):
        gelu.set_isa("sse9")
    other = "neon" if sys.byteorder == "little" and gelu.isa() != "neon" else "avx2"
    try:
        gelu.set_isa(other)
    except ValueError as e:
        assert "cannot run" in str(e)
    else:
        assert gelu.isa() == other
    with pytest.raises(TypeError):
        gelu.set_isa(None)


def test_nothing_written_on_error():
    """Errors found after out (or a first output) was acquired leave it as it was."""
    x = np.ones((3, 4), np.float32)
    bias = np.zeros(4, np.float32)
    dx = np.full((3, 4), 5.0, np.float32)
    with pytest.raises(ValueError, match="dbias shares memory with dx"):
        gelu.bias_gelu_backward(x, x, bias, out=(dx, dx[1]))   # both acquired, then refused
    assert (dx == 5.0).all() and (x == 1.0).all()
    big = np.full(30, 5.0, np.float32)
    with pytest.raises(ValueError, match="dbias shares memory with dx"):
        gelu.bias_gelu_backward(x, x, bias, out=(big[:24:2].reshape(3, 4), big[4:12:2]))
    assert (big == 5.0).all()
    with pytest.raises(ValueError, match="has shape"):
        gelu.gelu(big[:8], out=big[4:11])                  # out acquired, then the shape
    assert (big == 5.0).all()


def test_outputs_that_interleave_are_not_refused():
    """Two outputs are refused only when they share an element (decided element by element
    for strided views), not when their memory ranges merely meet (issue 18)."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 4)).astype(np.float32)
    g = rng.standard_normal((3, 4)).astype(np.float32)
    bias = rng.standard_normal(4).astype(np.float32)
    want_dx, want_db = gelu.bias_gelu_backward(g, x, bias)
    big = np.zeros(32, np.float32)
    dx, db = big[0:24:2].reshape(3, 4), big[1:9:2]       # dbias between dx's elements
    r = gelu.bias_gelu_backward(g, x, bias, out=(dx, db))
    assert r[0] is dx and r[1] is db
    same_bits(dx, want_dx)
    same_bits(db, want_db)
    assert not big[9:24:2].any() and not big[25:].any()
    with pytest.raises(ValueError, match="dbias shares memory with dx"):
        gelu.bias_gelu_backward(g, x, bias, out=(dx, big[8:16:2]))  # big[8] is dx[1, 0]


def test_importing_gelu_does_not_import_torch():
    import subprocess
    code = "import sys, gelu; assert 'torch' not in sys.modules, 'torch imported'; print('ok')"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


def test_more_than_64_dimensions():
    import ctypes
    t = ctypes.c_float * 2
    for _ in range(70):
        t = t * 1                          # a 71-d buffer (ctypes has no dimension limit)
    for call in (lambda a: gelu.gelu(a), lambda a: gelu.geglu(a),
                 lambda a: gelu.geglu_backward(a, a), lambda a: gelu.bias_gelu(a, a)):
        with pytest.raises(ValueError, match="71 dimensions; at most 64"):
            call(t())


def test_numpy_blocked_in_sys_modules():
    import subprocess
    code = ("import sys, array; sys.modules['numpy'] = None; import gelu; "
            "y = gelu.gelu(array.array('f', [1.0])); print(type(y).__name__)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "array", r.stderr
