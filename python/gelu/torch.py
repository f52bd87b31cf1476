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
(torch's two) or 'sigmoid' (x * sigmoid(1.702 x)).  The backward is itself differentiable
(double backward: gradient penalties, Hessian-vector products), with gelu''(x) in closed form
(gelu_second_derivative), and torch.onnx.export writes GELU as standard ONNX operators.
"""

import math
import warnings

import torch

from . import _native

__all__ = ["GELU", "GELUFunction", "GELUBackwardFunction", "gelu", "gelu_second_derivative"]

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
    if t.layout != torch.strided:
        raise TypeError(f"gelu.torch: {name} is a {t.layout} tensor; libgelu takes dense "
                        "(torch.strided) tensors (use .to_dense())")
    if t.dtype not in _DTYPES:
        raise TypeError(f"gelu.torch: {name} is {t.dtype}; expected float32, float64, "
                        "bfloat16 or float16")


def _numpy_view(t):
    """(array, dtype argument): a numpy array sharing a contiguous tensor's memory."""
    if torch.jit.is_tracing():
        # torch.jit.trace and torch.onnx.export run the Function while tracing and warn that
        # .numpy() is not traced; the Function is recorded as one node (run as Python by a
        # traced module; exported through GELUFunction.symbolic), so the warning is moot.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            return _numpy_view_of(t)
    return _numpy_view_of(t)


def _numpy_view_of(t):
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy(), "bfloat16"
    return t.numpy(), None


def _contiguous(t):
    return t.detach().contiguous()


class GELUFunction(torch.autograd.Function):
    """y = gelu(x); backward dx = grad * gelu'(x), itself differentiable (double backward:
    d dx / dx = grad * gelu''(x) in closed form).  apply(x, approximate='none').
    Exports to ONNX as the composition of standard operators that torch's own GELU exports
    to (see symbolic)."""

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
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        # Without create_graph (grad mode is off here) this is one kernel call; with it, the
        # result is differentiable through GELUBackwardFunction.backward.
        if not torch.is_grad_enabled():
            return _backward_kernel(grad, x, ctx.approximate), None
        return GELUBackwardFunction.apply(grad, x, ctx.approximate), None

    @staticmethod
    def symbolic(g, x, approximate="none"):
        # torch 1.13 hands an autograd Function's symbolic a torch._C.Graph, whose g.op it
        # has deprecated (FutureWarning at every node) in favour of a GraphContext it does
        # not pass here; later versions pass the GraphContext.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            return _onnx_gelu(g, x, approximate)


class GELUBackwardFunction(torch.autograd.Function):
    """dx = grad * gelu'(x) with libgelu's backward kernel; apply(grad, x, approximate).
    Differentiable: d/dgrad is gelu'(x) (this function again), d/dx is grad * gelu''(x)."""

    @staticmethod
    def forward(ctx, grad, x, approximate="none"):
        _check_tensor(grad, "grad")
        _check_tensor(x, "x")
        _check_approximate(approximate)
        ctx.save_for_backward(grad, x)
        ctx.approximate = approximate
        return _backward_kernel(grad, x, approximate)

    @staticmethod
    def backward(ctx, gg):
        grad, x = ctx.saved_tensors
        d_grad = d_x = None
        if ctx.needs_input_grad[0]:
            d_grad = GELUBackwardFunction.apply(gg, x, ctx.approximate)
        if ctx.needs_input_grad[1]:
            d_x = (gg * grad * gelu_second_derivative(x, ctx.approximate)).to(x.dtype)
        return d_grad, d_x, None


def _backward_kernel(grad, x, approximate):
    """grad * gelu'(x) from libgelu's backward kernel, in x's dtype (not differentiable)."""
    if grad.dtype != x.dtype:
        grad = grad.to(x.dtype)
    gc = _contiguous(grad)
    xc = _contiguous(x)
    dx = torch.empty_like(xc, memory_format=torch.contiguous_format)
    gv, dtype = _numpy_view(gc)
    _native.gelu_backward(gv, _numpy_view(xc)[0], approximate,
                          out=_numpy_view(dx)[0], dtype=dtype)
    return dx


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TANH_C = 0.044715
_SIGMOID_A = 1.702


def gelu_second_derivative(x, approximate="none"):
    """f''(x) of a GELU form as a differentiable torch expression (computed in float32 for
    float16 and bfloat16 tensors, returned in x's dtype):
      'none':    phi(x) (2 - x^2), phi the standard normal density;
      'tanh':    (1 - t^2) (u' - x t u'^2 + x u''/2), with u = k (x + c x^3), t = tanh(u),
                 u' = k (1 + 3 c x^2), u'' = 6 k c x, k = sqrt(2/pi), c = 0.044715;
      'sigmoid': a s (1 - s) (2 + a x (1 - 2 s)), with s = sigmoid(a x), a = 1.702."""
    _check_approximate(approximate)
    xf = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    if approximate == "none":
        d2 = _INV_SQRT_2PI * torch.exp(-0.5 * xf * xf) * (2.0 - xf * xf)
    elif approximate == "tanh":
        x2 = xf * xf
        t = torch.tanh(_SQRT_2_OVER_PI * (xf + _TANH_C * x2 * xf))
        du = _SQRT_2_OVER_PI * (1.0 + 3.0 * _TANH_C * x2)
        d2u = 6.0 * _SQRT_2_OVER_PI * _TANH_C * xf
        d2 = (1.0 - t * t) * (du - xf * t * du * du + 0.5 * xf * d2u)
    else:
        s = torch.sigmoid(_SIGMOID_A * xf)
        d2 = _SIGMOID_A * s * (1.0 - s) * (2.0 + _SIGMOID_A * xf * (1.0 - 2.0 * s))
    return d2.to(x.dtype)


def _onnx_gelu(g, x, approximate):
    """The ONNX graph of a GELU form, from standard operators (opset 9 on):
    'none' as torch exports torch.nn.GELU: x * (Erf(x / sqrt 2) + 1) * 0.5; 'tanh' as torch
    exports GELU(approximate='tanh'): 0.5 * (x * (1 + Tanh(k * (x + c * x * x * x)))); 'sigmoid':
    x * Sigmoid(1.702 x).  (ONNX's own Gelu operator, with its approximate attribute, exists
    from opset 20 on, which torch 1.13 cannot emit.)  Constants have x's element type."""
    dtype = _onnx_dtype(x)

    def const(v):
        return g.op("Constant", value_t=torch.tensor(v, dtype=dtype))

    if approximate == "none":
        erf = g.op("Erf", g.op("Div", x, const(math.sqrt(2.0))))
        return g.op("Mul", g.op("Mul", x, g.op("Add", erf, const(1.0))), const(0.5))
    if approximate == "tanh":
        cube = g.op("Mul", x, g.op("Mul", x, x))
        inner = g.op("Mul", const(_SQRT_2_OVER_PI), g.op("Add", x, g.op("Mul", const(_TANH_C), cube)))
        return g.op("Mul", const(0.5), g.op("Mul", x, g.op("Add", const(1.0), g.op("Tanh", inner))))
    if approximate == "sigmoid":
        return g.op("Mul", x, g.op("Sigmoid", g.op("Mul", x, const(_SIGMOID_A))))
    raise ValueError(f"gelu.torch: cannot export approximate={approximate!r} to ONNX")


def _onnx_dtype(x):
    """The torch dtype of a traced value, float32 when the trace does not say."""
    names = {"Float": torch.float32, "Double": torch.float64, "Half": torch.float16,
             "BFloat16": torch.bfloat16}
    try:
        return names.get(x.type().scalarType(), torch.float32)
    except (AttributeError, RuntimeError):
        return torch.float32


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
