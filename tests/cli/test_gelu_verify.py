"""gelu verify: small real runs of the proof pass, a spoiled result fails it, the progress
line appears on a terminal (and only there), bad options are refused.  (The full proofs are
the accuracy_* CTest tests, which run gelu verify on every input.)"""

import os
import pty
import re
import select
import subprocess


def summary_rows(out):
    """{proof: (results, result)} from the summary table."""
    table = out[out.index("\nsummary:"):]
    return {m.group(1).strip(): (int(m.group(2)), m.group(3))
            for m in re.finditer(r"^(f32|f64|bf16 \w+|f16 \w+)\s+(\d+)\s.*\s(proven|passed|FAILED|ERROR)$",
                                 table, re.M)}


def test_verify_help(gelu_cli):
    r = gelu_cli("verify", "--help")
    assert r.code == 0 and r.out.startswith("usage: gelu verify")
    assert "--quick" in r.out and "--inject-error" in r.out


def test_verify_f32_relu_quick_is_proven(gelu_cli):
    r = gelu_cli("verify", "--quick", "--type", "f32", "--fn", "relu", "--direction", "forward")
    assert r.code == 0, r.out + r.err
    rows = summary_rows(r.out)
    # every 257th of the 2^32 patterns, less NaN, +-inf and +-0
    # a sample: "passed", not "proven"
    assert rows == {"f32": (rows["f32"][0], "passed")} and rows["f32"][0] > 16_000_000
    assert "every check passed" in r.out
    assert r.err == ""  # no progress line when stderr is not a terminal


def test_verify_half_forward_every_input(gelu_cli):
    r = gelu_cli("verify", "--type", "bf16", "--fn", "erf", "--direction", "forward")
    assert r.code == 0, r.out + r.err
    rows = summary_rows(r.out)
    assert set(rows) == {"bf16 forward"} and rows["bf16 forward"][1] == "proven"
    assert rows["bf16 forward"][0] % 65536 == 0  # every input, on each ISA of this CPU
    assert re.search(r"^bf16\s+erf\s+scalar\s+65536\s+65536\s+0$", r.out, re.M)


def test_verify_catches_a_spoiled_result(gelu_cli):
    r = gelu_cli("verify", "--quick", "--type", "f32", "--fn", "relu", "--direction", "forward",
                 "--inject-error")
    assert r.code == 1, r.out
    assert summary_rows(r.out)["f32"][1] == "FAILED" and "FAIL: 1 results >= 1 ulp" in r.out
    r = gelu_cli("verify", "--type", "f16", "--fn", "tanh", "--direction", "forward",
                 "--inject-error")
    assert r.code == 1, r.out
    assert "WRONG f16 tanh scalar: x = 0x3c00" in r.out
    assert summary_rows(r.out)["f16 forward"][1] == "FAILED"
    r = gelu_cli("verify", "--quick", "--type", "f64", "--fn", "sigmoid", "--inject-error")
    assert r.code == 1 and summary_rows(r.out)["f64"][1] == "FAILED", r.out
    r = gelu_cli("verify", "--quick", "--type", "bf16", "--fn", "relu", "--direction", "backward",
                 "--inject-error")
    assert r.code == 1 and summary_rows(r.out)["bf16 backward"][1] == "FAILED", r.out
    assert "FAIL: first at x = 0x0000, dy = 0x3f80" in r.out


def run_on_terminal(cmd):
    """Runs cmd with stderr on a pseudo-terminal; returns (exit code, stdout, stderr bytes)."""
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    err = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not data:
                break
            err += data
        elif p.poll() is not None:
            break
    out = p.stdout.read()
    p.wait(timeout=120)
    os.close(master)
    return p.returncode, out.decode(), err


def test_verify_progress_on_a_terminal():
    code, out, err = run_on_terminal([os.environ["GELU_CLI"], "verify", "--quick", "--type", "f32",
                                      "--fn", "erf", "--direction", "backward"])
    assert code == 0, out
    lines = [s for s in err.split(b"\r") if s.strip(b"\x1b[K")]
    assert lines, err
    for s in lines:
        assert re.match(rb"f32 erf backward +\[[#.]{20}\] +\d+\.\d% +[\d.]+( [kM])?/s  ETA "
                        rb"(\d+:\d\d|--:--)\x1b\[K$", s), s
    assert err.endswith(b"\r\x1b[K")  # erased at the end: stdout's table is not mixed with it


def test_verify_progress_forced_and_refused(gelu_cli):
    r = gelu_cli("verify", "--type", "bf16", "--fn", "relu", "--direction", "forward",
                 "--progress")
    assert r.code == 0 and "bf16 relu forward" in r.err and "ETA" in r.err
    r = gelu_cli("verify", "--type", "bf16", "--fn", "relu", "--direction", "forward",
                 "--no-progress")
    assert r.code == 0 and r.err == ""


def test_verify_errors(gelu_cli):
    for args, message in [(("--type", "f8"), "unknown --type 'f8'"),
                          (("--fn", "elu"), "unknown --fn 'elu'"),
                          (("--direction", "up"), "unknown --direction 'up'"),
                          (("--direction", "cr", "--type", "f64"), "--direction cr"),
                          (("--threads", "0"), "--threads '0'"),
                          (("--threads",), "--threads"),
                          (("--isa", "sse9"), "unknown --isa 'sse9'"),
                          (("--quick", "extra"), "unexpected argument 'extra'")]:
        r = gelu_cli("verify", *args)
        assert r.code == 2 and message in r.err and r.err.count("\n") == 1, (args, r.err)
        assert r.out == ""
