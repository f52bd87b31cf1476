"""Test inputs: random values plus the special ones every kernel must get right, as bit
patterns per dtype, from a seeded generator."""

import numpy as np

SEED = 20261128


def f32_inputs(n=40000, seed=SEED):
    rng = np.random.default_rng(seed)
    special = np.array([0.0, -0.0, np.inf, -np.inf, 1e-45, -1e-45, 1e-38, -1e-38,
                        -0.7517915, -5.5, -9.0, -13.0, -14.5, -20.0, -100.0, 3.4e38, -3.4e38,
                        1.0, -1.0, 5.0, 10.0, 0.5, -0.5], dtype=np.float32)
    bits = rng.integers(0, 2**32, size=n // 2, dtype=np.uint64).astype(np.uint32)
    anywhere = bits.view(np.float32)               # every exponent, NaNs with payloads
    usual = (rng.standard_normal(n // 2) * 4).astype(np.float32)
    return np.concatenate([special, anywhere, usual])


def f64_inputs(n=20000, seed=SEED):
    rng = np.random.default_rng(seed)
    special = np.array([0.0, -0.0, np.inf, -np.inf, 5e-324, -5e-324, -0.75179152469,
                        -5.5, -20.0, -38.0, -40.0, 1.0, -1.0, 1e308, -1e308], dtype=np.float64)
    anywhere = rng.integers(0, 2**63, size=n // 2, dtype=np.int64).view(np.float64)
    anywhere = np.where(rng.integers(0, 2, size=n // 2) == 1, -anywhere, anywhere)
    usual = rng.standard_normal(n // 2) * 4
    return np.concatenate([special, anywhere, usual])


def all_u16():
    """Every 16-bit pattern: the whole bf16 or f16 input space."""
    return np.arange(65536, dtype=np.uint32).astype(np.uint16)


def same_bits(a, b):
    """Bit-for-bit equality (so -0.0 != +0.0 and NaN payloads count)."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape, (a.dtype, b.dtype, a.shape, b.shape)
    ua = a.view(f"u{a.dtype.itemsize}")
    ub = b.view(f"u{b.dtype.itemsize}")
    bad = np.flatnonzero(ua.ravel() != ub.ravel())
    assert bad.size == 0, (f"{bad.size} of {a.size} differ; first at {bad[0]}: "
                           f"{a.ravel()[bad[0]]!r} vs {b.ravel()[bad[0]]!r}")
