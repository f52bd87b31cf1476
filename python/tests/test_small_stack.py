"""Every function of the module from a Python thread with a small stack.

threading.stack_size(32768) is the size a user may choose for many threads; CPython's own
frames need part of it, and libgelu promises to need at most 8 KiB of the caller's stack
(gelu.h, section 3).  Before that promise, gelu_cr and the bf16 backward took up to 52 KiB
and crashed the interpreter here.  The calls run in a child interpreter so that a crash is
a failed test, not a dead test run; each result must equal the same call on the main thread.
"""

import os
import subprocess
import sys

from conftest import need

CHILD = r"""
import threading
import numpy as np
import gelu

rng = np.random.default_rng(7)
n = 40000                      # above the size at which the library splits across threads
x = (rng.standard_normal(n) * 3).astype(np.float32)
dy = rng.standard_normal(n).astype(np.float32)
bx = (x.view(np.uint32) >> 16).astype(np.uint16)
bdy = (dy.view(np.uint32) >> 16).astype(np.uint16)
rows, cols = 40, 1000
m = x.reshape(rows, cols)
bias = rng.standard_normal(cols).astype(np.float32)
bm = bx.reshape(rows, cols)
calls = {
    "gelu_f32": lambda: gelu.gelu(x),
    "gelu_f64": lambda: gelu.gelu(x.astype(np.float64), approximate="tanh"),
    "gelu_f16": lambda: gelu.gelu(x.astype(np.float16), approximate="sigmoid"),
    "gelu_bf16": lambda: gelu.gelu(bx, dtype="bfloat16"),
    "gelu_cr": lambda: gelu.gelu_cr(x),
    "backward_f32": lambda: gelu.gelu_backward(dy, x),
    "backward_bf16": lambda: gelu.gelu_backward(bdy, bx, dtype="bfloat16"),
    "backward_f16": lambda: gelu.gelu_backward(dy.astype(np.float16), x.astype(np.float16)),
    "relu": lambda: gelu.relu(x),
    "bias_gelu": lambda: gelu.bias_gelu(m, bias),
    "bias_gelu_backward": lambda: gelu.bias_gelu_backward(dy.reshape(rows, cols), m, bias),
    "bias_gelu_bf16": lambda: gelu.bias_gelu(bm, bias, dtype="bfloat16"),
    "bias_gelu_backward_bf16": lambda: gelu.bias_gelu_backward(
        bdy.reshape(rows, cols), bm, bias, dtype="bfloat16"),
    "geglu": lambda: gelu.geglu(m),
    "geglu_backward": lambda: gelu.geglu_backward(dy.reshape(rows, cols)[:, :500], m),
    "geglu_bf16": lambda: gelu.geglu(bm, dtype="bfloat16"),
    "geglu_backward_bf16": lambda: gelu.geglu_backward(
        bdy.reshape(rows, cols)[:, :500], bm, dtype="bfloat16"),
}

def as_bytes(r):
    parts = r if isinstance(r, tuple) else (r,)
    return b"".join(np.ascontiguousarray(p).tobytes() for p in parts)

want = {name: as_bytes(call()) for name, call in calls.items()}
got = {}
def run():
    for name, call in calls.items():
        got[name] = as_bytes(call())

for threads in (1, 2):
    gelu.set_num_threads(threads)
    threading.stack_size(32768)
    t = threading.Thread(target=run)
    t.start()
    t.join()
    threading.stack_size(0)
    missing = sorted(set(calls) - set(got))
    assert not missing, f"{threads} threads: not run: {missing}"
    wrong = sorted(name for name in calls if got[name] != want[name])
    assert not wrong, f"{threads} threads: results differ on a small stack: {wrong}"
    got.clear()
print("small stack: ok")
"""


def test_every_function_on_a_32k_thread_stack():
    need("numpy")
    r = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                       timeout=300, env=dict(os.environ))
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr[-3000:])
    assert "small stack: ok" in r.stdout
