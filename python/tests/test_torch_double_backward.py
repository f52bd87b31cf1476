"""gelu.torch's backward is differentiable (issue 18, item 4): double backward gives
grad * f''(x), checked against finite differences (gradgradcheck), torch's own GELU, and
the closed forms of f''."""

import math

import pytest

from conftest import need

torch = need("torch")
import gelu.torch as gt  # noqa: E402

FORMS = ["none", "tanh", "sigmoid"]


def reference(x, form):
    """The form as a plain torch expression (autograd differentiates it any number of times)."""
    if form == "none":
        return 0.5 * x * (1 + torch.erf(x / math.sqrt(2.0)))
    if form == "tanh":
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    return x * torch.sigmoid(1.702 * x)


def points(n=40, seed=0):
    # float64, spread over [-6, 6], including the neighbourhood of f's minimum (-0.75).
    g = torch.Generator().manual_seed(seed)
    return torch.cat([torch.randn(n, generator=g, dtype=torch.float64) * 3,
                      torch.tensor([-0.7518, -2.0, 0.3, 4.0], dtype=torch.float64)])


@pytest.mark.parametrize("form", FORMS)
def test_gradgradcheck_float64(form):
    x = points().reshape(4, 11).requires_grad_()
    assert torch.autograd.gradcheck(lambda t: gt.gelu(t, form), (x,))
    assert torch.autograd.gradgradcheck(lambda t: gt.gelu(t, form), (x,))
    assert torch.autograd.gradgradcheck(lambda t: gt.GELU(form)(t), (x,))


@pytest.mark.parametrize("form", FORMS)
def test_backward_function_gradcheck_and_gradgradcheck(form):
    """dx = grad * f'(x) as a function of both grad and x, and its own second derivatives."""
    x = points(seed=1).reshape(4, 11).requires_grad_()
    grad = torch.randn(4, 11, dtype=torch.float64,
                       generator=torch.Generator().manual_seed(2)).requires_grad_()
    fn = lambda a, b: gt.GELUBackwardFunction.apply(a, b, form)    # noqa: E731
    assert torch.autograd.gradcheck(fn, (grad, x))
    assert torch.autograd.gradgradcheck(fn, (grad, x))


@pytest.mark.parametrize("form", FORMS)
def test_hessian_diagonal_is_the_second_derivative(form):
    """Before (once_differentiable): the first derivative did not require grad, so this
    second grad raised, and torch.autograd.functional.hessian gave zeros."""
    x = points(seed=3).requires_grad_()
    (d1,) = torch.autograd.grad(gt.gelu(x, form).sum(), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1.sum(), x)
    xr = x.detach().clone().requires_grad_()
    (r1,) = torch.autograd.grad(reference(xr, form).sum(), xr, create_graph=True)
    (r2,) = torch.autograd.grad(r1.sum(), xr)
    assert torch.allclose(d1, r1, rtol=1e-12, atol=1e-14)
    assert torch.allclose(d2, r2, rtol=1e-10, atol=1e-13), (d2 - r2).abs().max()
    assert torch.allclose(d2, gt.gelu_second_derivative(x.detach(), form), rtol=0, atol=0)
    assert d2.abs().max() > 0.3                        # f''(0) = 0.8 (erf), far from zero


def test_closed_forms_of_the_second_derivative():
    x = torch.linspace(-6, 6, 241, dtype=torch.float64)
    phi = torch.exp(-x * x / 2) / math.sqrt(2 * math.pi)
    assert torch.allclose(gt.gelu_second_derivative(x, "none"), phi * (2 - x * x),
                          rtol=1e-14, atol=1e-16)
    for form in FORMS:                     # against autograd of the reference expression
        xr = x.clone().requires_grad_()
        (r1,) = torch.autograd.grad(reference(xr, form).sum(), xr, create_graph=True)
        (r2,) = torch.autograd.grad(r1.sum(), xr)
        assert torch.allclose(gt.gelu_second_derivative(x, form), r2, rtol=1e-10, atol=1e-14)
    # f''(0): 2 phi(0) (erf); sqrt(2/pi) (tanh); 2 * 1.702 / 4 (sigmoid)
    zero = torch.zeros(1, dtype=torch.float64)
    assert gt.gelu_second_derivative(zero, "none").item() == pytest.approx(2 / math.sqrt(2 * math.pi))
    assert gt.gelu_second_derivative(zero, "tanh").item() == pytest.approx(math.sqrt(2 / math.pi))
    assert gt.gelu_second_derivative(zero, "sigmoid").item() == pytest.approx(0.851)


@pytest.mark.parametrize("form", FORMS)
def test_gradient_penalty_matches_torch_reference(form):
    """A gradient penalty ||d out / d input||^2 trained through a network: the weights'
    gradients equal those of the same network with the reference expression."""
    torch.manual_seed(5)
    lin1, lin2 = torch.nn.Linear(6, 9).double(), torch.nn.Linear(9, 1).double()
    x = torch.randn(7, 6, dtype=torch.float64, requires_grad=True)

    def penalty_grads(act):
        lin1.zero_grad()
        lin2.zero_grad()
        out = lin2(act(lin1(x))).sum()
        (gx,) = torch.autograd.grad(out, x, create_graph=True)
        (gx * gx).sum().backward()
        return lin1.weight.grad.clone(), lin2.weight.grad.clone()

    ours = penalty_grads(lambda t: gt.gelu(t, form))
    want = penalty_grads(lambda t: reference(t, form))
    for a, b in zip(ours, want):
        assert torch.allclose(a, b, rtol=1e-10, atol=1e-12), (a - b).abs().max()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
def test_double_backward_in_low_precision(dtype):
    x = torch.linspace(-3, 3, 13).to(dtype).requires_grad_()
    (d1,) = torch.autograd.grad(gt.gelu(x).sum(), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1.sum(), x)
    assert d2.dtype == dtype
    want = gt.gelu_second_derivative(x.detach().double(), "none")
    tol = {torch.float32: 1e-6, torch.float16: 2e-3, torch.bfloat16: 1e-2}[dtype]
    assert torch.allclose(d2.double(), want, rtol=tol, atol=tol)


def test_first_backward_still_uses_the_kernel_without_create_graph(monkeypatch):
    """Without create_graph, the backward is the one gelu_backward kernel call, as before."""
    import gelu
    calls = []
    real = gt._native.gelu_backward
    monkeypatch.setattr(gt._native, "gelu_backward",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    x = torch.randn(10, requires_grad=True)
    gt.gelu(x).sum().backward()
    assert calls == [1]
    assert torch.equal(x.grad, torch.from_numpy(
        gelu.gelu_backward(torch.ones(10).numpy(), x.detach().numpy())))


@pytest.mark.parametrize("form", FORMS)
def test_functional_hessian(form):
    """torch.autograd.functional.hessian of sum(gelu(x)): diagonal f''(x), zeros elsewhere
    (before: all zeros)."""
    x = torch.tensor([-2.5, -0.75, 0.0, 0.4, 3.0], dtype=torch.float64)
    h = torch.autograd.functional.hessian(lambda t: gt.gelu(t, form).sum(), x)
    assert torch.equal(h, torch.diag(torch.diagonal(h)))
    assert torch.allclose(torch.diagonal(h), gt.gelu_second_derivative(x, form), rtol=0, atol=0)
    hr = torch.autograd.functional.hessian(lambda t: reference(t, form).sum(), x)
    assert torch.allclose(h, hr, rtol=1e-10, atol=1e-13)
