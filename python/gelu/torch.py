"""GELU for torch: a torch.autograd.Function and a torch.nn.Module running libgelu's
kernels on CPU tensors (float32, float64, bfloat16, float16).

    >>> import torch, gelu.torch
    >>> layer = gelu.torch.GELU(approximate='tanh')
    >>> y = layer(torch.randn(4, 8, requires_grad=True))

The kernels read and write the tensors' own memory through numpy views (no copy) when the
tensors are contiguous; a non-contiguous input is made contiguous first (a copy).  Results
are the module's gelu / gelu_backward bits: float32 within 1 ulp of the exact value forward
and 2 ulp backward, float64 within 2 and 3 ulp, bfloat16 and float16 correctly rounded, including the left tail where
torch.nn.functional.gelu loses every digit (x below about -5).  approximate: 'none', 'tanh'
(torch's two) or 'sigmoid' (x * sigmoid(1.702 x)).  Double backward is not supported.
"""

import torch
from torch.autograd.function import once_differentiable

from . import _native

__all__ = ["GELU", "GELUFunction", "gelu"]

_APPROXIMATE = ("none", "tanh", "sigmoid")
_DTYPES = (torch.float32, torch.float64, torch.bfloat16, torch.float16)


def _check_approximate(approximate):
    if not isinstance(approximate, str):
        raise TypeError("gelu.torch: approximate must be a str ('none', 'tanh' or 'sigmoid'), "
                        f"not {type(approximate).__name__}")
    if approximate not in _APPROXIMATE:
        raise ValueError(
            f"gelu.torch: approximate must be 'none', 'tanh' or 'sigmoid', not {approximate!r}")


def _check_tensor(t, name):
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"gelu.torch: {name} must be a torch.Tensor, not {type(t).__name__}")
    if t.device.type != "cpu":
        raise TypeError(f"gelu.torch: {name} is on {t.device}; libgelu runs on CPU tensors "
                        "(use torch.nn.functional.gelu on other devices)")
    if t.dtype not in _DTYPES:
        raise TypeError(f"gelu.torch: {name} is {t.dtype}; expected float32, float64, "
                        "bfloat16 or float16")


def _numpy_view(t):
    """(array, dtype argument): a numpy array sharing a contiguous tensor's memory."""
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy(), "bfloat16"
    return t.numpy(), None


def _contiguous(t):
    return t.detach().contiguous()


class GELUFunction(torch.autograd.Function):
    """y = gelu(x); backward dx = grad * gelu'(x).  apply(x, approximate='none')."""

    @staticmethod
    def forward(ctx, x, approximate="none"):
        _check_tensor(x, "x")
        _check_approximate(approximate)
        xc = _contiguous(x)
        y = torch.empty_like(xc, memory_format=torch.contiguous_format)
        xv, dtype = _numpy_view(xc)
        _native.gelu(xv, approximate, out=_numpy_view(y)[0], dtype=dtype)
        ctx.save_for_backward(x)
        ctx.approximate = approximate
        return y

    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        if grad.dtype != x.dtype:
            grad = grad.to(x.dtype)
        gc = _contiguous(grad)
        xc = _contiguous(x)
        dx = torch.empty_like(xc, memory_format=torch.contiguous_format)
        gv, dtype = _numpy_view(gc)
        _native.gelu_backward(gv, _numpy_view(xc)[0], ctx.approximate,
                              out=_numpy_view(dx)[0], dtype=dtype)
        return dx, None


def gelu(x, approximate="none"):
    """torch.nn.functional.gelu with libgelu's kernels (CPU tensors); differentiable."""
    return GELUFunction.apply(x, approximate)


class GELU(torch.nn.Module):
    """torch.nn.GELU with libgelu's kernels: GELU(approximate='none' | 'tanh' | 'sigmoid')."""

    def __init__(self, approximate="none"):
        super().__init__()
        _check_approximate(approximate)
        self.approximate = approximate

    def forward(self, x):
        return GELUFunction.apply(x, self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"
