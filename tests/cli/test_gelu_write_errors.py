"""Every command exits non-zero with one line on stderr when its output cannot be written
(stdout on /dev/full, a full disk; plot's -o /dev/full), instead of exiting 0 with the
output lost."""

import os
import subprocess

import pytest

if not os.path.exists("/dev/full"):
    pytest.fail("these tests need /dev/full (Linux)")

COMMANDS = [
    ("--version",), ("--help",), ("help",),
    ("eval", "1"), ("eval", "--help"), ("eval", "--fn", "tanh", "-1", "2"),
    ("facts",), ("facts", "--help"),
    ("table", "--from", "0", "--to", "1", "--step", "0.5"),
    ("table", "--from", "0", "--to", "100000", "--step", "1"),     # past stdio's buffer
    ("table", "--help"),
    ("plot", "-o", os.devnull), ("plot", "--help"),
    ("bench", "--n", "1k", "--reps", "1", "--threads", "1"), ("bench", "--help"),
    ("verify", "--quick", "--type", "bf16", "--fn", "relu", "--direction", "forward"),
    ("verify", "--help"),
    ("train", "--help"),
]


def run_to_full(args, stdin=None):
    with open("/dev/full", "w") as full:
        p = subprocess.run([os.environ["GELU_CLI"], *args], stdout=full, stderr=subprocess.PIPE,
                           input=stdin, text=True, timeout=300)
    return p.returncode, p.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_stdout_write_failure_is_an_error(args):
    code, err = run_to_full(args)
    assert code == 1, (args, code, err)
    assert err.count("\n") == 1 and "No space left on device" in err, (args, err)
    assert err.startswith("gelu"), err


def test_eval_from_stdin_stops_when_stdout_fails():
    code, err = run_to_full(("eval",), stdin="1\n" * 50000)
    assert code == 1 and err.count("\n") == 1 and "No space left" in err, err


def test_plot_to_a_full_file_is_an_error(gelu_cli):
    r = gelu_cli("plot", "-o", "/dev/full")
    assert r.code == 1 and r.err.count("\n") == 1, r.err
    assert "writing '/dev/full' failed: No space left on device" in r.err
    assert "wrote" not in r.out


def test_success_is_still_zero(gelu_cli):
    """The same commands with a working stdout: exit 0, nothing on stderr."""
    for args in [("--version",), ("eval", "1"), ("facts",),
                 ("table", "--from", "0", "--to", "1", "--step", "0.5")]:
        r = gelu_cli(*args)
        assert r.code == 0 and r.err == "" and r.out, (args, r.err)
