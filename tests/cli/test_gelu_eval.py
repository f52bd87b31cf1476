"""gelu eval, gelu table, and the command's usage rules (--help everywhere, exit codes)."""

import math
import struct

import pytest

COMMANDS = ["eval", "table", "facts", "plot", "bench", "verify"]


def f32(text):
    return struct.unpack("<f", struct.pack("<f", float(text)))[0]


def f32_bits(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


def exact_erf(x):
    return 0.5 * x * math.erfc(-x / math.sqrt(2.0))


def ulp32(v):
    """The float32 spacing at |v| (for v in the normal range)."""
    e = math.frexp(abs(v))[1]
    return 2.0 ** (max(e, -125) - 24)


def is_shortest_f32(text):
    """text reads back to its float32, and one digit fewer would not."""
    value = f32(text)
    digits = len(text.lstrip("-").split("e")[0].replace(".", "").lstrip("0"))
    if digits <= 1:
        return True
    return f32("%.*g" % (digits - 1, value)) != value


def test_help_on_every_command(gelu_cli):
    top = gelu_cli("--help")
    assert top.code == 0 and "usage: gelu <command>" in top.out
    for c in COMMANDS:
        assert f"  {c} " in top.out
        r = gelu_cli(c, "--help")
        assert r.code == 0 and r.out.startswith(f"usage: gelu {c}"), (c, r.err)
        assert r.err == "", c
        if c != "eval":                       # (to eval, "-h" is a number that does not parse)
            assert gelu_cli(c, "-h").out == r.out, c
    # train: its usage, or (a gelu built without the example) a line saying so; exit 0
    r = gelu_cli("train", "--help")
    assert "  train " in top.out and r.code == 0 and r.err == "", r.err
    assert r.out.startswith("usage: gelu train") or "built without" in r.out, r.out


def test_usage_errors_are_one_line_and_exit_2(gelu_cli):
    cases = [
        ((), "usage"),
        (("frobnicate",), "unknown command 'frobnicate'"),
        (("eval", "--frob"), "unknown option '--frob'"),
        (("eval", "--fn", "gauss", "1"), "unknown --fn 'gauss'"),
        (("eval", "--type", "f8", "1"), "unknown --type 'f8'"),
        (("eval", "--fn"), "option --fn needs a value"),
        (("eval", "--cr", "--type", "f64", "1"), "--cr needs --type f32"),
        (("eval", "--cr", "--backward", "1"), "cannot go with --backward"),
        (("table", "--from", "0", "--to", "1"), "--from, --to and --step are all needed"),
        (("table", "--from", "0", "--to", "1", "--step", "0"), "--step must be positive"),
        (("table", "--from", "1", "--to", "0", "--step", "0.5"), "is below --from"),
        (("table", "--from", "a", "--to", "1", "--step", "1"), "--from 'a' is not a finite"),
        (("table", "--from", "0", "--to", "1e9", "--step", "1"), "more than 10000000 rows"),
        (("facts", "--now"), "unexpected argument '--now'"),
    ]
    for args, message in cases:
        r = gelu_cli(*args)
        assert r.code == 2, (args, r.code, r.err)
        if args:
            assert r.err.count("\n") == 1 and message in r.err, (args, r.err)
        else:
            assert message in r.err


def test_eval_float32_values(gelu_cli):
    xs = ["-10", "-5.5", "-0.75", "0", "-0", "1e-40", "1", "3.5", "10"]
    r = gelu_cli("eval", *xs)
    assert r.code == 0, r.err
    lines = r.out.split()
    assert len(lines) == len(xs)
    for x, text in zip(xs, lines):
        assert is_shortest_f32(text), text
        got, want = f32(text), exact_erf(f32(x))
        if want == 0:
            assert text == ("-0" if x.startswith("-") else "0"), (x, text)
        else:
            assert abs(got - want) <= ulp32(want), (x, text, want)
    assert lines[0] == "-7.619853e-23"          # not 0: the tail is kept


def test_eval_types_modes_and_hex(gelu_cli):
    r = gelu_cli("eval", "--type", "f64", "-10", "1")
    assert r.code == 0
    a, b = (float(t) for t in r.out.split())
    # mpmath, 40 digits: x*ncdf(x) at -10 and 1 (math.erfc in double is ~40 ulp off at -10)
    assert abs(a - -7.61985302416052606597e-23) <= 2 * 2 ** -52 * abs(a)
    assert abs(b - 0.841344746068542948585) <= 2 * 2 ** -52
    assert gelu_cli("eval", "--type", "bf16", "--hex", "1").out.split() == ["0x3f57"]
    assert gelu_cli("eval", "--type", "bf16", "1").out.split() == ["0.84"]
    # f16: 0.8413447 rounds to 0x3abb (0.84130859375), the nearest binary16
    assert gelu_cli("eval", "--type", "f16", "--hex", "1").out.split() == ["0x3abb"]
    assert gelu_cli("eval", "--hex", "1").out.split() == [hex(f32_bits(f32("0.8413448")))]
    r = gelu_cli("eval", "--cr", "-5.5", "1")
    assert r.code == 0 and len(r.out.split()) == 2
    # f'(argmin) ~ 0 and f'(0) = 0.5 exactly
    d = gelu_cli("eval", "--backward", "--type", "f64", "0", "-0.751791524693564").out.split()
    assert d[0] == "0.5" and abs(float(d[1])) < 1e-14
    assert gelu_cli("eval", "--fn", "relu", "-2", "2").out.split() == ["0", "2"]
    assert gelu_cli("eval", "nan", "inf", "-inf").out.split() == ["nan", "inf", "-0"]
    assert gelu_cli("eval", "--", "-1").code == 0


def test_eval_stdin_reports_the_bad_line_after_the_good_ones(gelu_cli):
    r = gelu_cli("eval", stdin="1\n\n  -1  \nabc\n2\n")
    assert r.code == 2
    assert r.out.split() == ["0.8413448", "-0.15865526"]
    assert "line 4: 'abc' is not a number" in r.err and r.err.count("\n") == 1
    r = gelu_cli("eval", "1", "x", "2")
    assert r.code == 2 and r.out.split() == ["0.8413448"]
    assert "argument 2: 'x' is not a number" in r.err


def test_table(gelu_cli):
    r = gelu_cli("table", "--from", "-3", "--to", "3", "--step", "0.25")
    assert r.code == 0, r.err
    lines = r.out.strip().split("\n")
    assert lines[0] == ("x,erf,erf_derivative,tanh,tanh_derivative,sigmoid,"
                        "sigmoid_derivative,relu,relu_derivative")
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == 25 and rows[0][0] == "-3" and rows[-1][0] == "3"
    for row in rows:
        x = float(row[0])
        assert abs(float(row[1]) - exact_erf(x)) <= 1e-15 * max(1, abs(x))
        assert float(row[7]) == max(0.0, x)
    one = gelu_cli("table", "--from", "-1", "--to", "-1", "--step", "1", "--fn", "tanh",
                   "--type", "f32").out.strip().split("\n")
    assert one[0] == "x,tanh,tanh_derivative" and len(one) == 2
    assert one[1].split(",")[1] == gelu_cli("eval", "--fn", "tanh", "-1").out.strip()


def test_eval_stdin_line_with_a_nul_byte_is_a_bad_line(gelu_cli):
    """A NUL inside a line is part of it: "1\\0garbage" is not the number 1."""
    r = gelu_cli("eval", stdin="1\n1\0garbage\n2\n")
    assert r.code == 2, (r.code, r.out)
    assert r.out.split() == ["0.8413448"]
    assert "line 2: '1\\x00garbage' is not a number" in r.err and r.err.count("\n") == 1, r.err
    r = gelu_cli("eval", stdin="\0\n")
    assert r.code == 2 and r.out == "" and "line 1: '\\x00' is not a number" in r.err, r.err


def test_eval_stdin_long_line_with_a_nul_is_one_bad_line(gelu_cli):
    """513 bytes with a NUL at 300: one line too long (line 1), not two lines whose second
    half parses as a number."""
    line = " " * 299 + "1\0" + "2" * 211
    assert len(line) == 512
    r = gelu_cli("eval", stdin=line + "\n3\n")
    assert r.code == 2 and r.out == "", r.out
    assert "line 1: longer than 510 characters" in r.err and r.err.count("\n") == 1, r.err
    # a line of 510 bytes is read whole: the NUL in it is seen
    r = gelu_cli("eval", stdin="1\0" + "2" * 508 + "\n")
    assert r.code == 2 and r.out == "" and "line 1: '1\\x00222" in r.err, r.err
    r = gelu_cli("eval", stdin="0" * 509 + "1\n")          # 510 bytes, no NUL: a number
    assert r.code == 0 and r.out.split() == ["0.8413448"], r.err


def test_eval_stdin_crlf_and_last_line_without_newline(gelu_cli):
    r = gelu_cli("eval", stdin="1\r\n-1")
    assert r.code == 0 and r.out.split() == ["0.8413448", "-0.15865526"], r.err
