"""Every function, form and dtype gives the C library's bits (through ctypes) on random
inputs, special values and, for the 16-bit types, every input."""

import math

import pytest

from conftest import need

np = need("numpy")
import gelu  # noqa: E402
from values import all_u16, f32_inputs, f64_inputs, same_bits  # noqa: E402

FORMS = ["none", "tanh", "sigmoid"]


def bf16_dy(n, seed=7):
    """Gradients as bf16 bits: random, a few special."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(n).astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)


@pytest.mark.parametrize("form", FORMS)
def test_forward_f32(clib, form):
    x = f32_inputs()
    same_bits(gelu.gelu(x, form), clib.forward("f32", form, x))


@pytest.mark.parametrize("form", FORMS)
def test_forward_cr_f32(clib, form):
    x = f32_inputs()
    same_bits(gelu.gelu_cr(x, form), clib.forward("f32", form, x, cr=True))


@pytest.mark.parametrize("form", FORMS)
def test_forward_f64(clib, form):
    x = f64_inputs()
    same_bits(gelu.gelu(x, form), clib.forward("f64", form, x))


@pytest.mark.parametrize("form", FORMS)
def test_forward_16_bit_every_input(clib, form):
    bits = all_u16()
    same_bits(gelu.gelu(bits, form, dtype="bfloat16"), clib.forward("bf16", form, bits))
    same_bits(gelu.gelu(bits.view(np.float16), form).view(np.uint16),
              clib.forward("f16", form, bits))
    same_bits(gelu.gelu(bits, form, dtype="float16"), clib.forward("f16", form, bits))


def test_relu_every_type(clib):
    for x, suffix in [(f32_inputs(), "f32"), (f64_inputs(), "f64")]:
        same_bits(gelu.relu(x), clib.forward(suffix, "relu", x))
    bits = all_u16()
    same_bits(gelu.relu(bits, dtype="bfloat16"), clib.forward("bf16", "relu", bits))
    same_bits(gelu.relu(bits.view(np.float16)).view(np.uint16),
              clib.forward("f16", "relu", bits))


@pytest.mark.parametrize("form", FORMS + ["relu"])
def test_backward_every_type(clib, form):
    def call(grad, x, **kw):
        if form == "relu":
            return gelu.relu_backward(grad, x, **kw)
        return gelu.gelu_backward(grad, x, form, **kw)

    x = f32_inputs()
    dy = np.roll(f32_inputs(seed=3), 5)
    same_bits(call(dy, x), clib.backward("f32", form, x, dy))
    x, dy = f64_inputs(), np.roll(f64_inputs(seed=3), 5)
    same_bits(call(dy, x), clib.backward("f64", form, x, dy))
    bits = all_u16()
    dy16 = bf16_dy(bits.size)
    same_bits(call(dy16, bits, dtype="bfloat16"), clib.backward("bf16", form, bits, dy16))
    same_bits(call(dy16.view(np.float16), bits.view(np.float16)).view(np.uint16),
              clib.backward("f16", form, bits, dy16))


def test_every_isa_same_bits(clib):
    x = f32_inputs(4000)
    want = gelu.gelu(x)
    for name in ["avx512", "avx2", "neon", "scalar"]:
        try:
            gelu.set_isa(name)
        except ValueError:
            continue
        assert gelu.isa() == name
        same_bits(gelu.gelu(x), want)
        same_bits(gelu.gelu_backward(x, x), clib.backward("f32", "none", x, x))


def test_values_against_the_formula():
    """Sanity of the wiring without the C library: f32 results within 1 ulp of the
    formula computed in double without cancellation (erfc for the left tail)."""
    xs = np.array([-12.0, -9.0, -6.0, -3.0, -0.75, -1e-3, 1e-3, 0.5, 2.0, 7.0],
                  dtype=np.float32)
    ys = gelu.gelu(xs)
    for x, y in zip(xs.tolist(), ys.tolist()):
        exact = 0.5 * x * math.erfc(-x / math.sqrt(2.0))
        ulp = np.spacing(np.float32(abs(exact))).item()
        assert abs(y - exact) <= ulp, (x, y, exact)
    assert gelu.gelu(np.float32(-6.0)).item() < 0.0    # tiny and negative, not 0
