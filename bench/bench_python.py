#!/usr/bin/env python3
"""The Python module against what Python users run today, one thread, same machine, same run.

    PYTHONPATH=build/python taskset -c 0 /usr/bin/python3 bench/bench_python.py

Rows (float32, n = 1,048,576 by default, N(0,1) inputs, every library set to one thread):
  gelu.gelu(x, out=y)            ours, no allocation
  gelu.gelu(x)                   ours, allocating the result (numpy.empty)
  gelu.gelu_cr(x, out=y)         ours, correctly rounded
  gelu.gelu(x, 'tanh', out=y)    ours, tanh form
  numpy tutorial (tanh)          0.5*x*(1+np.tanh(np.sqrt(2/np.pi)*(x+0.044715*x**3)))
  scipy erf form                 0.5*x*(1+scipy.special.erf(x/np.sqrt(2)))   (python3-scipy)
  torch F.gelu(x)                torch.nn.functional.gelu, allocating
  torch._C._nn.gelu(x, out=y)    F.gelu without its allocation
  torch F.gelu(x, 'tanh')        torch's tanh form, allocating
  numpy copyto(y, x)             a copy of the same bytes: the memory-bound floor
Then the call overhead at n = 16: time per call of gelu.gelu(x, out=y) at n = 16 and n = 0
(nothing to compute: arguments, buffers, checks), and the kernel's own time at n = 16
estimated from the per-element time at n = 4,000.

--accuracy adds a table of each row's error against the exact function (computed in double
without cancellation: 0.5 x erfc(-x/sqrt 2), and x/(1+exp(-2u)) for the tanh form), in
float32 ulps, max and mean, on N(0,1) inputs and on x in [-10, -5] (the left tail).

Each row: --reps samples (median taken), each a loop of calls lasting at least --min-time.
Missing peers (scipy, torch) are skipped with a note.  The process pins itself to one CPU
(--cpu; default the first it may run on) unless --no-pin.
"""

import argparse
import os
import platform
import statistics
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    p.add_argument("--n", type=int, default=1_048_576, help="elements (default 1048576)")
    p.add_argument("--reps", type=int, default=15, help="samples per row (default 15)")
    p.add_argument("--min-time", type=float, default=0.02,
                   help="shortest sample in seconds (default 0.02)")
    p.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: first allowed)")
    p.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    p.add_argument("--skip", default="", help="comma-separated: scipy, torch, tutorial")
    p.add_argument("--accuracy", action="store_true",
                   help="also print each formula's error against the exact function")
    a = p.parse_args()
    if a.n < 1 or a.reps < 1 or a.min_time <= 0:
        p.error("--n and --reps must be positive, --min-time > 0")
    return a


def time_per_call(fn, reps, min_time):
    """Median over reps samples of the time of one call, a sample lasting >= min_time."""
    fn()                                   # warm: first-touch, caches, lazy imports
    loops = 1
    while True:                            # calibrate
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        elapsed = time.perf_counter() - t0
        if elapsed >= min_time:
            break
        loops = max(loops * 2, int(loops * min_time / max(elapsed, 1e-9) * 1.2))
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        samples.append((time.perf_counter() - t0) / loops)
    return statistics.median(samples)


def exact_erf_form(x):
    import math
    return 0.5 * x * math.erfc(-x / math.sqrt(2.0))


def exact_tanh_form(x):
    import math
    u = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)
    return x / (1.0 + math.exp(-2.0 * u)) if u > -300 else 0.0 * x


def accuracy_table(np, formulas):
    """formulas: (name, 'erf' | 'tanh', f(x float32 array) -> float32 array)."""
    rng = np.random.default_rng(2)
    inputs = {"N(0,1)": rng.standard_normal(100_000).astype(np.float32),
              "[-10, -5]": rng.uniform(-10, -5, 100_000).astype(np.float32)}
    exact = {}
    for label, x in inputs.items():
        xs = x.astype(np.float64).tolist()
        exact[(label, "erf")] = np.array([exact_erf_form(v) for v in xs])
        exact[(label, "tanh")] = np.array([exact_tanh_form(v) for v in xs])
    print("\nError against the exact function, float32 ulps (of the exact value), max / mean:")
    print(f"| {'formula':<30} | {'N(0,1)':>21} | {'x in [-10, -5]':>21} |")
    print(f"|{'-' * 32}|{'-' * 23}|{'-' * 23}|")
    for name, form, f in formulas:
        cells = []
        for label, x in inputs.items():
            e = exact[(label, form)]
            got = np.asarray(f(x), dtype=np.float64)
            ulp = np.spacing(np.abs(e).astype(np.float32)).astype(np.float64)
            err = np.abs(got - e) / ulp
            cells.append(f"{err.max():10.3g} / {err.mean():8.3g}")
        print(f"| {name:<30} | {cells[0]:>21} | {cells[1]:>21} |")


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    a = parse_args()
    skip = set(filter(None, a.skip.split(",")))
    if not a.no_pin and hasattr(os, "sched_setaffinity"):
        cpu = a.cpu if a.cpu is not None else min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    import numpy as np
    import gelu
    gelu.set_num_threads(1)

    torch = None
    if "torch" not in skip:
        try:
            import torch
            torch.set_num_threads(1)
        except ImportError:
            print("note: torch not installed (Debian: python3-torch); its rows are skipped")
    erf = None
    if "scipy" not in skip:
        try:
            from scipy.special import erf
        except ImportError:
            print("note: scipy not installed (Debian: python3-scipy); its row is skipped")

    n = a.n
    rng = np.random.default_rng(1)
    x = rng.standard_normal(n).astype(np.float32)
    y = np.empty_like(x)
    c_tanh = np.float32(np.sqrt(2 / np.pi))
    rows = [
        ("gelu.gelu(x, out=y)", lambda: gelu.gelu(x, out=y)),
        ("gelu.gelu(x)", lambda: gelu.gelu(x)),
        ("gelu.gelu_cr(x, out=y)", lambda: gelu.gelu_cr(x, out=y)),
        ("gelu.gelu(x, 'tanh', out=y)", lambda: gelu.gelu(x, "tanh", out=y)),
    ]
    if "tutorial" not in skip:
        rows.append(("numpy tutorial (tanh)",
                     lambda: 0.5 * x * (1 + np.tanh(c_tanh * (x + 0.044715 * x ** 3)))))
    if erf is not None:
        inv_sqrt2 = np.float32(1 / np.sqrt(2))
        rows.append(("scipy erf form", lambda: 0.5 * x * (1 + erf(x * inv_sqrt2))))
    if torch is not None:
        xt, yt = torch.from_numpy(x), torch.empty(n)
        F = torch.nn.functional
        rows += [
            ("torch F.gelu(x)", lambda: F.gelu(xt)),
            ("torch._C._nn.gelu(x, out=y)", lambda: torch._C._nn.gelu(xt, out=yt)),
            ("torch F.gelu(x, 'tanh')", lambda: F.gelu(xt, approximate="tanh")),
        ]
    rows.append(("numpy copyto(y, x)", lambda: np.copyto(y, x)))

    print(f"# libgelu Python benchmark: {cpu_name()}, {os.cpu_count()} CPUs, "
          f"pinned: {'no' if a.no_pin else sorted(os.sched_getaffinity(0))}")
    print(f"# gelu {gelu.__version__} ({gelu.isa()}, {gelu.num_threads()} thread), "
          f"numpy {np.__version__}"
          + (f", torch {torch.__version__} ({torch.get_num_threads()} thread)" if torch else "")
          + f", Python {platform.python_version()}")
    print(f"# float32, n = {n:,}, N(0,1); median of {a.reps} samples of >= "
          f"{a.min_time * 1e3:.0f} ms\n")
    results = {}
    print(f"| {'call':<30} | {'Gelem/s':>8} | {'ns/elem':>8} | {'ours(out=) is x faster':>22} |")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 10}|{'-' * 24}|")
    for name, fn in rows:
        t = time_per_call(fn, a.reps, a.min_time)
        results[name] = t
        base = results["gelu.gelu(x, out=y)"]
        print(f"| {name:<30} | {n / t / 1e9:8.3f} | {t / n * 1e9:8.3f} | {t / base:22.2f} |",
              flush=True)

    print("\nTargets (issue 6):")
    ours = results["gelu.gelu(x, out=y)"]
    if "torch._C._nn.gelu(x, out=y)" in results:
        r = results["torch._C._nn.gelu(x, out=y)"] / ours
        print(f"  gelu.gelu(x, out=y) vs torch._C._nn.gelu(x, out=y): {r:.2f}x "
              f"(target >= 2x: {'met' if r >= 2 else 'MISSED'})")
    if "numpy tutorial (tanh)" in results:
        r = results["numpy tutorial (tanh)"] / results["gelu.gelu(x)"]
        print(f"  gelu.gelu(x) vs the numpy tutorial formula: {r:.1f}x "
              f"(target >= 100x: {'met' if r >= 100 else 'MISSED'})")

    if a.accuracy:
        formulas = [("gelu.gelu", "erf", lambda v: gelu.gelu(v)),
                    ("gelu.gelu_cr", "erf", lambda v: gelu.gelu_cr(v)),
                    ("gelu.gelu 'tanh'", "tanh", lambda v: gelu.gelu(v, "tanh")),
                    ("numpy tutorial (tanh)", "tanh",
                     lambda v: 0.5 * v * (1 + np.tanh(c_tanh * (v + 0.044715 * v ** 3))))]
        if erf is not None:
            formulas.append(("scipy erf form", "erf",
                             lambda v: 0.5 * v * (1 + erf(v * np.float32(1 / np.sqrt(2))))))
        if torch is not None:
            F = torch.nn.functional
            formulas += [("torch F.gelu", "erf", lambda v: F.gelu(torch.from_numpy(v)).numpy()),
                         ("torch F.gelu 'tanh'", "tanh",
                          lambda v: F.gelu(torch.from_numpy(v), approximate="tanh").numpy())]
        accuracy_table(np, formulas)

    x16, y16 = x[:16].copy(), np.empty(16, np.float32)
    x0, y0 = x[:0].copy(), np.empty(0, np.float32)
    # 4,000: just under the size where the GIL is released, so no GIL cost in the estimate
    x4k, y4k = x[:4000].copy(), np.empty(4000, np.float32)
    t16 = time_per_call(lambda: gelu.gelu(x16, out=y16), a.reps, a.min_time)
    t16_alloc = time_per_call(lambda: gelu.gelu(x16), a.reps, a.min_time)
    t0 = time_per_call(lambda: gelu.gelu(x0, out=y0), a.reps, a.min_time)
    t4k = time_per_call(lambda: gelu.gelu(x4k, out=y4k), a.reps, a.min_time)
    kernel16 = 16 * (t4k - t0) / 4000
    print("\nCall overhead (n = 16):")
    print(f"  gelu.gelu(x, out=y), n = 16: {t16 * 1e9:7.1f} ns a call")
    print(f"  gelu.gelu(x), n = 16:        {t16_alloc * 1e9:7.1f} ns a call (with numpy.empty)")
    print(f"  gelu.gelu(x, out=y), n = 0:  {t0 * 1e9:7.1f} ns a call (no kernel work)")
    print(f"  kernel time for 16 elements, from n = 4,000: {kernel16 * 1e9:.1f} ns")
    over = t16 - kernel16
    print(f"  overhead above the kernel: {over * 1e9:.1f} ns "
          f"(target < 1000 ns: {'met' if over < 1e-6 else 'MISSED'})")
    if torch is not None:
        xt16, yt16 = torch.from_numpy(x16), torch.empty(16)
        tt = time_per_call(lambda: torch._C._nn.gelu(xt16, out=yt16), a.reps, a.min_time)
        print(f"  torch._C._nn.gelu(x, out=y), n = 16: {tt * 1e9:7.1f} ns a call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
