#!/usr/bin/env python3
"""dist_summary.py -- one table across the input distributions from bench_gelu's output.

bench_gelu prints one Markdown table per size and distribution (issue 19, item 4).  This
reads that output (stdin or a file) and prints, for one size, a table per libgelu f32 kernel
row (erf, tanh, sigmoid forward and backward, the ISA given) with its rate at each
distribution, its ratio over oneDNN's op of the same form and direction (swish(1.702) for
the sigmoid form) and over the XNNPACK rational 12/10 row (erf forward), and its slowest
rate over its rate at N(0,1): the targets of issue 19.

    taskset -c 1 build/bench/bench_gelu --sizes 262144 --isa avx512 --skip f64,bf16 > run.md
    python3 bench/dist_summary.py run.md [--isa avx512] [--n 262144]
"""
import argparse
import re
import sys

DISTS = ["n0.5", "n1", "n2", "n3", "n5", "t3", "u10"]
FORMS = [("erf", "gelu_erf"), ("tanh", "gelu_tanh"), ("sigmoid", "swish(1.702)")]


def parse(text):
    """{(n, dist): {row name: Gelem/s}}"""
    tables, key = {}, None
    for line in text.splitlines():
        m = re.match(r"^#+ n = (\d+), (\S+):", line)
        if m:
            key = (int(m.group(1)), m.group(2))
            tables[key] = {}
            continue
        if key and line.startswith("| ") and not line.startswith("| kernel"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            try:
                tables[key][cells[0]] = float(cells[1])
            except (IndexError, ValueError):
                pass
    return tables


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?", help="bench_gelu output (default: stdin)")
    ap.add_argument("--isa", default="avx512")
    ap.add_argument("--n", type=int, default=262144)
    a = ap.parse_args()
    text = open(a.file).read() if a.file else sys.stdin.read()
    tables = parse(text)
    dists = [d for d in DISTS if (a.n, d) in tables]
    if not dists:
        sys.exit("dist_summary: no table for n = %d in the input" % a.n)
    print("| kernel (%s, n = %d) | %s | slowest / N(0,1) |" % (a.isa, a.n, " | ".join(dists)))
    print("|:--|" + "--:|" * (len(dists) + 1))
    for form, peer in FORMS:
        for d_short, d_long in (("fwd", "fwd"), ("bwd", "bwd")):
            row = "libgelu %s %s %s f32" % (a.isa, form, d_short)
            cells, rates = [], {}
            for d in dists:
                t = tables[(a.n, d)]
                r = t.get(row)
                if r is None:
                    cells.append("-")
                    continue
                rates[d] = r
                o = t.get("oneDNN %s %s f32" % (peer, d_long))
                cell = "%.2f" % r
                if o:
                    cell += " (%.2f x oneDNN" % (r / o)
                    x = next((v for k, v in t.items() if k.startswith("XNNPACK")), None)
                    if form == "erf" and d_short == "fwd" and x:
                        cell += ", %.2f x XNNPACK" % (r / x)
                    cell += ")"
                cells.append(cell)
            ratio = "%.2f" % (min(rates.values()) / rates["n1"]) if "n1" in rates else "-"
            print("| %s %s | %s | %s |" % (form, d_short, " | ".join(cells), ratio))


if __name__ == "__main__":
    main()
