"""Threads: the library's thread count, the GIL released during long kernels, and calls
from many Python threads at once."""

import threading
import time

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


def pause_during_kernel(x, y):
    """(longest pause of a Python thread while another runs gelu(x, out=y), kernel time)."""
    span = {}
    go = threading.Event()

    def worker():
        go.wait()
        time.sleep(0.01)                      # let the main thread start stamping
        t0 = time.perf_counter()
        gelu.gelu(x, out=y)
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


def test_gil_is_released_during_a_long_kernel():
    """While one thread runs a long kernel, another runs Python code.  With the GIL held
    through the kernel, the other thread could not take a single step until it returned:
    its longest pause would be the kernel's whole duration, every time.  (Three tries, so
    that a busy machine descheduling the stamping thread once does not fail the test.)"""
    gelu.set_num_threads(1)
    x = np.random.default_rng(1).standard_normal(4_000_000).astype(np.float64)
    y = np.empty_like(x)
    gelu.gelu(x[:1000])                       # warm up (ISA choice)
    tries = []
    for _ in range(3):
        pause, kernel = pause_during_kernel(x, y)
        assert kernel > 0.01, "kernel too short to tell"
        tries.append(f"{pause:.4f} s of {kernel:.4f} s")
        if pause < 0.5 * kernel:
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
