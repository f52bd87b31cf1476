"""Error messages that quote user input show control bytes, quotes, backslashes and non-ASCII
bytes as \\xNN: an argument with a newline in it cannot forge a second line, and every
message stays one line of printable ASCII."""

import os
import subprocess

import pytest

FORGED = "1\nlibgelu: forged"

CASES = [
    (("eval", FORGED), "argument 1: '1\\x0alibgelu: forged' is not a number"),
    (("eval", "--fo\no"), "unknown option '--fo\\x0ao'"),
    (("eval", "--fn", "e\nrf", "1"), "unknown --fn 'e\\x0arf'"),
    (("eval", "--type", "f\x1b[2J32", "1"), "unknown --type 'f\\x1b[2J32'"),
    (("eval", "it's"), "argument 1: 'it\\x27s' is not a number"),
    (("eval", 'a"b\\c'), "argument 1: 'a\\x22b\\x5cc' is not a number"),
    (("eval", "\u00e9\t"), "argument 1: '\\xc3\\xa9\\x09' is not a number"),
    (("table", "--from", "0\nx", "--to", "1", "--step", "1"), "--from '0\\x0ax' is not"),
    (("table", "--from", "0", "--to", "1", "--step", "-1\r"), None),
    (("table", "--from", "1", "--to", "0", "--step", "1", "--fn", "x\ny"), "unknown --fn 'x\\x0ay'"),
    (("table", "x\ny"), "unexpected argument 'x\\x0ay'"),
    (("facts", "a\nb"), "unexpected argument 'a\\x0ab'"),
    (("plot", "-o", "p.svg", "--from", "1\n2"), "--from '1\\x0a2' is not a number"),
    (("plot", "--width\n"), "unexpected argument '--width\\x0a'"),
    (("plot", "-o", "p.svg", "--width", "9\n9"), "--width '9\\x0a9'"),
    (("bench", "--n", "\n"), "--n '\\x0a'"),
    (("bench", "--fn", "\n"), "unknown --fn '\\x0a'"),
    (("verify", "--type", "f\n8"), "unknown --type 'f\\x0a8'"),
    (("verify", "--isa", "sse\n9"), "unknown --isa 'sse\\x0a9'"),
    (("verify", "--threads", "\n"), "--threads '\\x0a'"),
    (("verify", "x\ny"), "unexpected argument 'x\\x0ay'"),
    (("fro\nbnicate",), "unknown command 'fro\\x0abnicate'"),
]


def run(args):
    p = subprocess.run([os.environ["GELU_CLI"], *args], capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


@pytest.mark.parametrize("args,message", CASES, ids=[repr(c[0]) for c in CASES])
def test_user_input_in_errors_is_escaped(args, message, tmp_path):
    os.chdir(tmp_path)
    code, _, err = run(args)
    assert code == 2, (args, code, err)
    assert err.count(b"\n") == 1 and err.endswith(b"\n"), err
    assert all(0x20 <= b < 0x7f for b in err[:-1]), err     # one line of printable ASCII
    if message is not None:
        assert message in err.decode(), err


def test_a_long_argument_is_cut():
    code, _, err = run(("eval", "7" * 100000 + "x"))
    assert code == 2 and err.count(b"\n") == 1 and len(err) < 1000 and b"...'" in err, err[:300]


def test_stdin_line_with_control_bytes_is_escaped(gelu_cli):
    r = gelu_cli("eval", stdin="1\n2\x1b]0;title\x07\n")
    assert r.code == 2 and r.out.split() == ["0.8413448"]
    assert "line 2: '2\\x1b]0;title\\x07' is not a number" in r.err and r.err.count("\n") == 1
