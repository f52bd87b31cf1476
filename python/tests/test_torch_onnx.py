"""torch.onnx.export of gelu.torch.GELU (issue 18, item 5): the exported graph computes the
model (before the fix it was the trace of the output's torch.empty_like: constant zeros).
onnx 1.12 has no onnx.reference, so the graph is run by a small numpy evaluator of the
operators such a model exports to; an operator it does not know fails the test."""

import io
import math

import pytest

from conftest import need

torch = need("torch")
np = need("numpy")
onnx = need("onnx")
from onnx import numpy_helper  # noqa: E402

import gelu.torch as gt  # noqa: E402

FORMS = ["none", "tanh", "sigmoid"]
_erf = np.vectorize(math.erf, otypes=[np.float64])


def _gemm(inputs, attrs):
    a, b = inputs[0], inputs[1]
    if attrs.get("transA", 0):
        a = a.T
    if attrs.get("transB", 0):
        b = b.T
    y = attrs.get("alpha", 1.0) * (a @ b)
    if len(inputs) > 2:
        y = y + attrs.get("beta", 1.0) * inputs[2]
    return y


OPS = {
    "Add": lambda i, a: i[0] + i[1],
    "Sub": lambda i, a: i[0] - i[1],
    "Mul": lambda i, a: i[0] * i[1],
    "Div": lambda i, a: i[0] / i[1],
    "Pow": lambda i, a: i[0] ** i[1],
    "Erf": lambda i, a: _erf(i[0]).astype(i[0].dtype),
    "Tanh": lambda i, a: np.tanh(i[0]),
    "Sigmoid": lambda i, a: 1 / (1 + np.exp(-i[0])),
    "Relu": lambda i, a: np.maximum(i[0], 0),
    "MatMul": lambda i, a: i[0] @ i[1],
    "Gemm": _gemm,
    "Identity": lambda i, a: i[0],
}


def run_onnx(model, feeds):
    """Evaluates the graph's nodes in order (ONNX graphs are topologically sorted)."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values.update(feeds)
    for node in model.graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "Constant":
            out = numpy_helper.to_array(attrs["value"])
        elif node.op_type in OPS:
            out = np.asarray(OPS[node.op_type]([values[n] for n in node.input], attrs))
        else:
            raise NotImplementedError(f"the test's evaluator has no {node.op_type}")
        values[node.output[0]] = out
    return [values[o.name] for o in model.graph.output]


def export(model, example):
    buf = io.BytesIO()
    torch.onnx.export(model, (example,), buf, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    m = onnx.load_from_string(buf.getvalue())
    onnx.checker.check_model(m)
    return m


@pytest.mark.parametrize("form", FORMS)
def test_export_computes_the_model(form):
    torch.manual_seed(11)
    net = torch.nn.Sequential(torch.nn.Linear(8, 16), gt.GELU(approximate=form),
                              torch.nn.Linear(16, 4)).eval()
    m = export(net, torch.randn(3, 8))
    ops = {n.op_type for n in m.graph.node}
    assert "ConstantOfShape" not in ops
    assert {"none": "Erf", "tanh": "Tanh", "sigmoid": "Sigmoid"}[form] in ops
    for seed in range(3):
        x = torch.randn(5 + seed, 8, generator=torch.Generator().manual_seed(seed)) * 3
        with torch.no_grad():
            want = net(x).numpy()
        (got,) = run_onnx(m, {"x": x.numpy()})
        assert got.dtype == np.float32 and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        assert np.abs(want).max() > 0.1


@pytest.mark.parametrize("form", ["none", "tanh"])
def test_export_matches_torch_gelu_export(form):
    """The same operators (in the same order) as torch.nn.GELU's own export."""
    x = torch.randn(2, 5)
    ours = export(torch.nn.Sequential(gt.GELU(form)), x)
    theirs = export(torch.nn.Sequential(torch.nn.GELU(approximate=form)), x)
    assert [n.op_type for n in ours.graph.node] == [n.op_type for n in theirs.graph.node]
    xs = np.linspace(-8, 8, 161, dtype=np.float32).reshape(1, -1)
    (a,) = run_onnx(ours, {"x": xs})
    (b,) = run_onnx(theirs, {"x": xs})
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(a, gt.gelu(torch.from_numpy(xs), form).numpy(), rtol=1e-5,
                               atol=1e-6)


def test_export_of_float64_model():
    net = torch.nn.Sequential(gt.GELU("sigmoid")).double()
    x = torch.linspace(-5, 5, 21, dtype=torch.float64).reshape(3, 7)
    m = export(net, x)
    (got,) = run_onnx(m, {"x": x.numpy()})
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, gt.gelu(x, "sigmoid").numpy(), rtol=1e-13, atol=1e-15)
