"""libgelu from Python: GELU (exact, tanh, sigmoid) and ReLU, forward and backward, on
numpy arrays and any other buffer-protocol array, with the library's SIMD kernels.

    >>> import numpy as np, gelu
    >>> y = gelu.gelu(np.linspace(-3, 3, 7, dtype=np.float32))

The functions follow torch.nn.functional where it has them (gelu, relu, approximate=).
Accuracy (include/gelu.h): float32 forward within 1 ulp (gelu_cr: correctly rounded) and
backward within 2 ulp, float64 within 2 and 3 ulp, float16 and bfloat16 correctly rounded;
every result the same bits on every ISA and thread count.

Inputs: numpy arrays (float32, float64, float16, and bfloat16 as uint16 or int16 bit
patterns with dtype='bfloat16'), array.array, memoryview, of any shape.  Non-contiguous
or misaligned arrays are read through a contiguous copy.  The result is a new array of the
input's kind (numpy in, numpy out; array.array in, array.array out; any other buffer in,
memoryview out), shape and dtype, or out= when given (then out itself is returned).  An out
may be the input itself (in place) or share memory with an input in any other way: the
result is then what a separate out would get (numpy's semantics; the input is read through
a copy where needed).  numpy.ma masked arrays are refused (TypeError).  The GIL is released
while a kernel that takes about a microsecond or more runs (float32 forward: 4,096 elements).

gelu.torch (imported on first use; needs torch) has GELU as a torch.nn.Module and
torch.autograd.Function on CPU tensors.  See docs/python.md.
"""

from ._native import (  # noqa: F401
    __version__,
    bias_gelu,
    bias_gelu_backward,
    geglu,
    geglu_backward,
    gelu,
    gelu_backward,
    gelu_cr,
    isa,
    num_threads,
    relu,
    relu_backward,
    set_isa,
    set_num_threads,
)

__all__ = [
    "gelu", "gelu_cr", "relu", "gelu_backward", "relu_backward",
    "bias_gelu", "bias_gelu_backward", "geglu", "geglu_backward",
    "isa", "set_isa", "num_threads", "set_num_threads",
    "__version__",
]


def __getattr__(name):
    # gelu.torch without an explicit import, and without importing torch before that.
    if name == "torch":
        import importlib
        return importlib.import_module(".torch", __name__)
    raise AttributeError(f"module 'gelu' has no attribute {name!r}")
