"""gelu.torch: the autograd Function and nn.Module on CPU tensors."""

import math

import pytest

from conftest import need

torch = need("torch")
np = need("numpy")
import gelu  # noqa: E402
import gelu.torch as gt  # noqa: E402
from values import f32_inputs, same_bits  # noqa: E402

FORMS = ["none", "tanh", "sigmoid"]


@pytest.mark.parametrize("form", FORMS)
def test_gradcheck_float64(form):
    torch.manual_seed(0)
    x = (torch.randn(4, 7, dtype=torch.float64) * 3).requires_grad_()
    assert torch.autograd.gradcheck(lambda t: gt.gelu(t, form), (x,))
    assert torch.autograd.gradcheck(lambda t: gt.GELU(form)(t), (x,))


@pytest.mark.parametrize("dtype,kw", [
    (torch.float32, {}), (torch.float64, {}),
    (torch.float16, {}), (torch.bfloat16, {"dtype": "bfloat16"})])
@pytest.mark.parametrize("form", FORMS)
def test_same_bits_as_the_numpy_path(dtype, kw, form):
    x = (torch.randn(3, 50, generator=torch.Generator().manual_seed(3)) * 4).to(dtype)
    x.requires_grad_()
    y = gt.gelu(x, form)
    assert y.dtype == dtype and y.shape == x.shape
    g = torch.randn(3, 50, generator=torch.Generator().manual_seed(4)).to(dtype)
    y.backward(g)

    def bits(t):
        return t.detach().view(torch.int16).numpy() if dtype == torch.bfloat16 \
            else t.detach().numpy()
    xn, gn = bits(x), bits(g)
    same_bits(bits(y), gelu.gelu(xn, form, **kw))
    same_bits(bits(x.grad), gelu.gelu_backward(gn, xn, form, **kw))


def test_module():
    m = gt.GELU(approximate="tanh")
    assert isinstance(m, torch.nn.Module) and "approximate='tanh'" in repr(m)
    net = torch.nn.Sequential(torch.nn.Linear(8, 16), gt.GELU(), torch.nn.Linear(16, 2))
    out = net(torch.randn(5, 8))
    out.sum().backward()
    assert net[0].weight.grad is not None and torch.isfinite(net[0].weight.grad).all()
    with pytest.raises(ValueError, match="approximate"):
        gt.GELU(approximate="erf")


def test_no_copy_for_contiguous_tensors(monkeypatch):
    """The kernels get the tensors' own memory: every array handed to the module in a
    forward and backward pass lives at one of the tensors' data pointers."""
    for dtype in (torch.float32, torch.float64, torch.bfloat16, torch.float16):
        seen = []
        real = gt._numpy_view

        def spy(t):
            view, kw = real(t)
            seen.append(view.ctypes.data)
            return view, kw

        monkeypatch.setattr(gt, "_numpy_view", spy)
        x = torch.randn(64, dtype=torch.float32).to(dtype).requires_grad_()
        g = torch.randn(64).to(dtype)
        y = gt.gelu(x)
        y.backward(g)
        monkeypatch.setattr(gt, "_numpy_view", real)
        assert seen[:2] == [x.data_ptr(), y.data_ptr()]
        assert set(seen[2:]) == {g.data_ptr(), x.data_ptr(), x.grad.data_ptr()}


def test_backward_with_unusual_gradients():
    x = torch.linspace(-4, 4, 33, requires_grad=True)
    gt.gelu(x).backward(torch.ones(1).expand(33))          # stride-0 grad
    same_bits(x.grad.numpy(), gelu.gelu_backward(np.ones(33, np.float32), x.detach().numpy()))
    x64 = torch.linspace(-4, 4, 33, dtype=torch.float64, requires_grad=True)
    y = gt.gelu(x64)
    (y.float() * 2).sum().backward()                        # the grad arrives as float64
    same_bits(x64.grad.numpy(), gelu.gelu_backward(np.full(33, 2.0), x64.detach().numpy()))


def test_torch_as_an_attribute_of_gelu():
    import subprocess
    import sys
    code = ("import gelu, torch; m = gelu.torch.GELU(); "
            "print(type(m).__module__, m(torch.ones(2)).shape)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.split() == ["gelu.torch", "torch.Size([2])"], r.stderr


def test_non_contiguous_and_0d_tensors():
    x = torch.randn(6, 8).t()
    same_bits(gt.gelu(x).detach().numpy(), gelu.gelu(np.ascontiguousarray(x.numpy())))
    s = gt.gelu(torch.tensor(1.0))
    assert s.shape == () and abs(s.item() - 0.8413447460685429) < 1e-7


def test_bad_tensors():
    with pytest.raises(TypeError, match="torch.int32"):
        gt.gelu(torch.zeros(3, dtype=torch.int32))
    with pytest.raises(TypeError, match="must be a torch.Tensor"):
        gt.gelu(np.zeros(3, np.float32))
    with pytest.raises(ValueError, match="approximate"):
        gt.gelu(torch.zeros(3), "bogus")
    with pytest.raises(TypeError, match="approximate must be a str"):
        gt.GELU(approximate=None)
    with pytest.raises(TypeError, match="CPU"):
        gt.gelu(torch.zeros(3, device="meta"))


def test_sparse_tensors_are_type_errors():
    """A sparse tensor is a wrong type of argument: TypeError, as documented (issue 18: it
    was a RuntimeError from inside torch)."""
    dense = torch.tensor([[0.0, -1.5, 0.0], [2.0, 0.0, 0.5]])
    for sparse in (dense.to_sparse(), dense.to_sparse_csr()):
        with pytest.raises(TypeError, match="sparse"):
            gt.gelu(sparse)
        with pytest.raises(TypeError, match="sparse"):
            gt.GELU("tanh")(sparse)
    same_bits(gt.gelu(dense.to_sparse().to_dense()).numpy(), gelu.gelu(dense.numpy()))


def exact_gelu(x):
    """x Phi(x) in double, without cancellation (erfc): the reference for float32."""
    return 0.5 * x * math.erfc(-x / math.sqrt(2.0))


def ulp_errors(got, exact):
    """|got - exact| in units of the float32 spacing at exact (exact computed in double)."""
    exact = np.asarray(exact, dtype=np.float64)
    spacing = np.spacing(np.abs(exact).astype(np.float32)).astype(np.float64)
    return np.abs(got.astype(np.float64) - exact) / spacing


def test_accuracy_against_torch():
    """Against an exact reference, ours have the smaller maximum and mean error; where
    torch is accurate (x > -5), both agree within torch's own measured error plus 1 ulp."""
    x = f32_inputs(200_000)
    x = x[np.isfinite(x) & (np.abs(x) < 30) & (np.abs(x) > 1e-30)]
    exact = np.array([exact_gelu(v) for v in x.astype(np.float64).tolist()])
    ours = gt.gelu(torch.from_numpy(x)).numpy()
    theirs = torch.nn.functional.gelu(torch.from_numpy(x)).numpy()
    e_ours, e_theirs = ulp_errors(ours, exact), ulp_errors(theirs, exact)
    assert e_ours.max() <= 1.0, f"ours off by {e_ours.max()} ulp"
    assert e_ours.max() <= e_theirs.max() and e_ours.mean() <= e_theirs.mean()
    tail = (x < -6) & (x > -13)          # gelu(-13) ~ -8e-38; below -14 even f32 underflows
    assert tail.sum() > 100 and (ours[tail] < 0).all()          # tiny, negative, not 0
    assert e_theirs[tail].max() > 1000                         # torch loses the tail
    body = x > -5
    agree = np.abs(ours[body].astype(np.float64) - theirs[body].astype(np.float64))
    allowed = (e_theirs[body].max() + 1.0) * np.spacing(np.abs(exact[body]).astype(np.float32))
    assert (agree <= allowed).all()
