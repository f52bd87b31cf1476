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
    """Every ISA the CPU runs gives the C library's bits (the library picks its best ISA),
    for every function and form, float32, float64 and bfloat16."""
    x32, x64, x16 = f32_inputs(6000), f64_inputs(3000), all_u16()[::7].copy()
    dy32 = np.roll(x32, 3)
    checked = 0
    for name in ["avx512", "avx2", "neon", "scalar"]:
        try:
            gelu.set_isa(name)
        except ValueError:
            continue
        assert gelu.isa() == name
        checked += 1
        for form in FORMS:
            same_bits(gelu.gelu(x32, form), clib.forward("f32", form, x32))
            same_bits(gelu.gelu_cr(x32, form), clib.forward("f32", form, x32, cr=True))
            same_bits(gelu.gelu(x64, form), clib.forward("f64", form, x64))
            same_bits(gelu.gelu(x16, form, dtype="bfloat16"), clib.forward("bf16", form, x16))
            same_bits(gelu.gelu_backward(dy32, x32, form), clib.backward("f32", form, x32, dy32))
        same_bits(gelu.relu(x32), clib.forward("f32", "relu", x32))
    assert checked >= 2      # at least scalar and one SIMD ISA


@pytest.mark.parametrize("form", FORMS)
def test_fused_against_the_c_library(clib, form):
    rng = np.random.default_rng(12)
    rows, cols = 37, 70
    x = (rng.standard_normal((rows, cols)) * 3).astype(np.float32)
    bias = rng.standard_normal(cols).astype(np.float32)
    dy = rng.standard_normal((rows, cols)).astype(np.float32)
    y = np.empty_like(x)
    clib.fused("gelu_bias_forward_f32", form, [x, bias, y], rows, cols)
    same_bits(gelu.bias_gelu(x, bias, form), y)
    dx, dbias = np.empty_like(x), np.empty(cols, np.float32)
    clib.fused("gelu_bias_backward_f32", form, [x, bias, dy, dx, dbias], rows, cols)
    got = gelu.bias_gelu_backward(dy, x, bias, form)
    same_bits(got[0], dx)
    same_bits(got[1], dbias)
    half = cols // 2
    yg = np.empty((rows, half), np.float32)
    clib.fused("geglu_forward_f32", form, [x, yg], rows, half)
    same_bits(gelu.geglu(x, form), yg)
    dyg = dy[:, :half].copy()
    dxg = np.empty_like(x)
    clib.fused("geglu_backward_f32", form, [x, dyg, dxg], rows, half)
    same_bits(gelu.geglu_backward(dyg, x, form), dxg)
    xb = (x.view(np.uint32) >> 16).astype(np.uint16)
    dyb = (dy.view(np.uint32) >> 16).astype(np.uint16)
    yb = np.empty_like(xb)
    clib.fused("gelu_bias_forward_bf16", form, [xb, bias, yb], rows, cols)
    same_bits(gelu.bias_gelu(xb, bias, form, dtype="bfloat16"), yb)
    dxb, dbb = np.empty_like(xb), np.empty(cols, np.float32)
    clib.fused("gelu_bias_backward_bf16", form, [xb, bias, dyb, dxb, dbb], rows, cols)
    got = gelu.bias_gelu_backward(dyb, xb, bias, form, dtype="bfloat16")
    same_bits(got[0], dxb)
    same_bits(got[1], dbb)
    ygb = np.empty((rows, half), np.uint16)
    clib.fused("geglu_forward_bf16", form, [xb, ygb], rows, half)
    same_bits(gelu.geglu(xb, form, dtype="bfloat16"), ygb)
    dygb = dyb[:, :half].copy()
    dxgb = np.empty_like(xb)
    clib.fused("geglu_backward_bf16", form, [xb, dygb, dxgb], rows, half)
    same_bits(gelu.geglu_backward(dygb, xb, form, dtype="bfloat16"), dxgb)


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
