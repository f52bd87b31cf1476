"""Shared fixtures for the gelu module's tests.

Environment (set by CTest, see python/CMakeLists.txt):
  GELU_LIBRARY       the shared libgelu whose bits the module must reproduce (ctypes)
  GELU_TEST_REQUIRE  comma-separated modules (numpy, torch, ...) whose absence is a failure
                     instead of a skip
"""

import ctypes
import importlib
import os

import pytest

REQUIRED = {m for m in os.environ.get("GELU_TEST_REQUIRE", "").split(",") if m}


def need(module):
    """Imports module; skips the test when it is missing, unless GELU_TEST_REQUIRE names it."""
    if module in REQUIRED:
        return importlib.import_module(module)
    return pytest.importorskip(module)


class CLibrary:
    """The C library through ctypes: the reference the module's results must equal."""

    FN = {"none": 0, "tanh": 1, "sigmoid": 2, "relu": 3}

    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        for name in ("gelu_isa",):
            getattr(self.lib, name).restype = ctypes.c_char_p
        self.lib.gelu_set_isa.argtypes = [ctypes.c_char_p]

    def _call(self, name, fn, arrays, *sizes):
        np = need("numpy")
        f = getattr(self.lib, name)
        f.restype = ctypes.c_int
        ptrs = [ctypes.c_void_p(a.ctypes.data) for a in arrays]
        status = f(ctypes.c_int(self.FN[fn]), *ptrs, *[ctypes.c_size_t(s) for s in sizes])
        assert status == 0, f"{name} returned {status}"
        del np

    def forward(self, suffix, fn, x, cr=False):
        np = need("numpy")
        x = np.ascontiguousarray(x)
        y = np.empty_like(x)
        self._call(f"gelu_forward{'_cr' if cr else ''}_{suffix}", fn, [x, y], x.size)
        return y

    def backward(self, suffix, fn, x, dy):
        np = need("numpy")
        x, dy = np.ascontiguousarray(x), np.ascontiguousarray(dy)
        dx = np.empty_like(x)
        self._call(f"gelu_backward_{suffix}", fn, [x, dy, dx], x.size)
        return dx

    def fused(self, name, fn, arrays, rows, cols):
        """A fused entry point (gelu.h section 6) on contiguous numpy arrays, in place."""
        self._call(name, fn, arrays, rows, cols)

    def set_isa(self, name):
        return self.lib.gelu_set_isa(name.encode())


@pytest.fixture(scope="session")
def clib():
    path = os.environ.get("GELU_LIBRARY")
    if not path:
        if "numpy" in REQUIRED:
            pytest.fail("GELU_LIBRARY is not set: the bit-for-bit comparison cannot run")
        pytest.skip("GELU_LIBRARY not set (the path of libgelu.so to compare against)")
    return CLibrary(path)


@pytest.fixture(autouse=True)
def default_settings():
    """Every test starts and ends with the default ISA and thread count."""
    import gelu
    gelu.set_isa("auto")
    gelu.set_num_threads(0)
    yield
    gelu.set_isa("auto")
    gelu.set_num_threads(0)
