"""Threads: the library's thread count, the GIL released during long kernels, and calls
from many Python threads at once."""

import threading
import time

import pytest

from conftest import need

np = need("numpy")
import gelu  # noqa: E402
from values import same_bits  # noqa: E402


def test_thread_count_does_not_change_bits():
    x = np.random.default_rng(5).standard_normal(300_000).astype(np.float32)
    g = np.random.default_rng(6).standard_normal(300_000).astype(np.float32)
    gelu.set_num_threads(1)
    assert gelu.num_threads() == 1
    want = [gelu.gelu(x), gelu.gelu_backward(g, x, "tanh"), gelu.geglu(x.reshape(-1, 100)),
            gelu.gelu_cr(x)]
    for n in (2, 3, 4):
        gelu.set_num_threads(n)
        assert gelu.num_threads() == n
        got = [gelu.gelu(x), gelu.gelu_backward(g, x, "tanh"), gelu.geglu(x.reshape(-1, 100)),
               gelu.gelu_cr(x)]
        for a, b in zip(got, want):
            same_bits(a, b)
    gelu.set_num_threads(0)
    assert gelu.num_threads() >= 1


def pause_during_kernel(kernel):
    """(longest pause of a Python thread while another runs kernel(), the kernel's time)."""
    span = {}
    go = threading.Event()

    def worker():
        go.wait()
        time.sleep(0.01)                      # let the main thread start stamping
        t0 = time.perf_counter()
        kernel()
        span["t"] = (t0, time.perf_counter())

    thread = threading.Thread(target=worker)
    thread.start()
    stamps = []
    go.set()
    while thread.is_alive():
        stamps.append(time.perf_counter())
    thread.join()
    t0, t1 = span["t"]
    window = [t0] + [t for t in stamps if t0 < t < t1] + [t1]
    return max(b - a for a, b in zip(window, window[1:])), t1 - t0


def long_kernels():
    """A few calls of 30 to 100 ms on one thread: elementwise float64, a fused backward."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal(4_000_000)
    y = np.empty_like(x)
    xb = (rng.standard_normal((4096, 4096)).astype(np.float32).view(np.uint32) >> 16)
    xb = xb.astype(np.uint16)
    bias = np.zeros(4096, np.float32)
    dx, db = np.empty_like(xb), np.empty(4096, np.float32)
    return {
        "gelu float64": lambda: gelu.gelu(x, out=y),
        "bias_gelu_backward bfloat16": lambda: gelu.bias_gelu_backward(
            xb, xb, bias, dtype="bfloat16", out=(dx, db)),
    }


@pytest.mark.parametrize("name", ["gelu float64", "bias_gelu_backward bfloat16"])
def test_gil_is_released_during_a_long_kernel(name):
    """While one thread runs a long kernel, another runs Python code.  With the GIL held
    through the kernel, the other thread could not take a single step until it returned:
    its longest pause would be the kernel's whole duration, every time.  (Three tries, so
    that a busy machine descheduling the stamping thread once does not fail the test.)"""
    gelu.set_num_threads(1)
    kernel = long_kernels()[name]
    kernel()                                  # warm up (ISA choice, first touch)
    tries = []
    for _ in range(3):
        pause, seconds = pause_during_kernel(kernel)
        assert seconds > 0.01, "kernel too short to tell"
        tries.append(f"{pause:.4f} s of {seconds:.4f} s")
        if pause < 0.5 * seconds:
            return
    raise AssertionError("the other thread stopped for most of each kernel: " + ", ".join(tries))


def test_many_python_threads_at_once():
    rng = np.random.default_rng(9)
    inputs = [rng.standard_normal(50_000 + 997 * i).astype(np.float32) for i in range(8)]
    want = [gelu.gelu(a, "sigmoid") for a in inputs]
    errors = []

    def run(i):
        try:
            for _ in range(20):
                same_bits(gelu.gelu(inputs[i], "sigmoid"), want[i])
        except AssertionError as e:      # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
