#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/) from the byte
layout fuzz_engine.c and fuzz_config.c read.  Run from anywhere; it replaces the seed_*
files and leaves any other file (inputs kept from longer runs) in place."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

# Float patterns worth starting from: zeros, infinities, NaNs with payloads, subnormals,
# the GELU minimum, the tails, values that round near boundaries.
F32 = [0.0, -0.0, float("inf"), float("-inf"), 1.0, -1.0, -0.7517915, -5.5, -10.0, -13.9,
       9.0, 3.0, -3.0, 1e-40, -1e-40, 1.17549435e-38, -1e-30, 0.5, -0.5, 20.0]
F32_BITS = [struct.unpack("<I", struct.pack("<f", v))[0] for v in F32] + [
    0x7fc00001, 0xffa00000, 0x7f800001, 0x00000001, 0x807fffff]


def f32_data(k):
    bits = F32_BITS[k % len(F32_BITS):] + F32_BITS[:k % len(F32_BITS)]
    return b"".join(struct.pack("<I", b) for b in bits)


def f64_data():
    vals = [0.0, -0.0, float("inf"), float("-inf"), -0.75179152470222394, -38.0, -27.0,
            1e-310, -1e-310, 5e-324, 7.0, -7.0, 0.25]
    return b"".join(struct.pack("<d", v) for v in vals) + struct.pack("<Q", 0x7ff8000000000123)


def half_data():
    pats = [0x0000, 0x8000, 0x7f80, 0xff80, 0x7fc1, 0x0001, 0x8001, 0xbf40, 0xc0b0, 0x3f80,
            0x7c00, 0xfc00, 0x7e01, 0x03ff, 0xba04, 0xc580, 0x4900]
    return b"".join(struct.pack("<H", p) for p in pats)


def u16(v):
    return struct.pack("<H", v & 0xffff)


def engine_seed(op, fn, mode, v, w, cfg, places, data):
    """places: per array (p, q, d or None): p%8 0-4 own (p>>3 misalignment), 5 same as
    array q%i, 6 partial over array q%i shifted by d elements, 7 NULL/wild."""
    out = bytes([op, fn, mode]) + u16(v) + u16(w) + bytes([cfg])
    for p, q, d in places:
        out += bytes([p]) + u16(q)
        if p % 8 == 6 and d is not None:
            out += bytes([(d + 4) << 2 | 1])  # -4 <= d <= 4: one byte
    return out + data


def write(target, name, blob):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed_" + name), "wb") as f:
        f.write(blob)


def elementwise():
    kinds = ["fwd32", "fwdcr", "fwd64", "fwdbf", "fwdh", "bwd32", "bwd64", "bwdbf", "bwdh"]
    for op, kind in enumerate(kinds):
        count = 2 if kind.startswith("fwd") else 3
        data = f64_data() if "64" in kind else half_data() if kind[-1] in "fh" else f32_data(op)
        for fn in range(4):
            own = [(0, 0, None)] * count
            write("fuzz_elementwise", f"{kind}_fn{fn}_own", engine_seed(
                op, fn, 4, 37 + fn, 0, 0, own, data * 4))
        # in place, partial overlap, NULL, huge sizes, several threads, a bad gelu_fn
        inplace = [(0, 0, None)] * (count - 1) + [(5, 0, None)]
        write("fuzz_elementwise", f"{kind}_inplace", engine_seed(op, 1, 5, 300, 0, 9, inplace, data))
        partial = [(0, 0, None)] * (count - 1) + [(6, 0, 3)]
        write("fuzz_elementwise", f"{kind}_partial", engine_seed(op, 0, 6, 50, 0, 1, partial, data))
        null = [(7, 0, None)] + [(0, 0, None)] * (count - 1)
        write("fuzz_elementwise", f"{kind}_null", engine_seed(op, 2, 7, 8, 0, 2, null, data))
        write("fuzz_elementwise", f"{kind}_huge", engine_seed(op, 3, 0, 2, 0, 3,
                                                               [(0, 0, None)] * count, data))
        write("fuzz_elementwise", f"{kind}_threads", engine_seed(op, 0, 2, 100, 0, 2 + 8 * 2,
                                                                  [(8, 0, None)] * count, data))
        write("fuzz_elementwise", f"{kind}_badfn", engine_seed(op, 0xe1, 4, 10, 0, 0,
                                                                [(0, 0, None)] * count, data))


def fused():
    specs = [("biasfwd32", 3), ("biasbwd32", 5), ("geglufwd32", 2), ("geglubwd32", 3),
             ("biasfwdbf", 3), ("biasbwdbf", 5), ("geglufwdbf", 2), ("geglubwdbf", 3)]
    for op, (kind, count) in enumerate(specs):
        data = half_data() * 3 if kind.endswith("bf") else f32_data(op) * 2
        for fn in range(4):
            write("fuzz_fused", f"{kind}_fn{fn}_own", engine_seed(
                op, fn, 4, 3 + fn, 17 + 5 * fn, 0, [(0, 0, None)] * count, data))
        inplace = [(0, 0, None)] * count
        if kind.startswith("bias"):
            inplace[2 if count == 3 else 3] = (5, 0, None)  # y or dx is x
        else:
            inplace[-1] = (5, 0, None)
        write("fuzz_fused", f"{kind}_inplace", engine_seed(op, 1, 4, 4, 33, 9, inplace, data))
        partial = [(0, 0, None)] * (count - 1) + [(6, 0, 5)]
        write("fuzz_fused", f"{kind}_partial", engine_seed(op, 2, 4, 2, 9, 1, partial, data))
        write("fuzz_fused", f"{kind}_threads", engine_seed(op, 0, 2, 3, 40, 2 + 8 * 2,
                                                            [(8, 0, None)] * count, data))
        write("fuzz_fused", f"{kind}_huge", engine_seed(op, 0, 0, 8 + 1, 3, 0,
                                                         [(0, 0, None)] * count, data))
        write("fuzz_fused", f"{kind}_empty", engine_seed(op, 3, 1, 1, 5, 0,
                                                          [(7, 0, None)] * count, data))


def config():
    for name in ["auto", "scalar", "avx2", "avx512", "neon", "AVX2", "avx2 ", "", "sse4"]:
        write("fuzz_config", f"isa_{name.strip() or 'empty'}{'_space' if name.endswith(' ') else ''}",
              b"\x00" + name.encode())
    for v in [0, 1, 2, 256, 257, -1, 2**31 - 1, -2**31]:
        write("fuzz_config", f"threads_{v}", b"\x01" + struct.pack("<i", v))
    for v in [0, 5, 6, -1, 2**31 - 1]:
        write("fuzz_config", f"status_{v}", b"\x02" + struct.pack("<i", v))


if __name__ == "__main__":
    elementwise()
    fused()
    config()
