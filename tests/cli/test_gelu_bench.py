"""gelu bench: runs, prints its four rows with positive rates for each input distribution asked
for, refuses bad options.  (Its numbers are measurements; no speed is asserted here.)"""

import re


def test_bench_runs(gelu_cli):
    r = gelu_cli("bench", "--n", "4k", "--reps", "1", "--threads", "1", "--fn", "tanh")
    assert r.code == 0, r.err
    assert "f32 tanh, n = 4096" in r.out and "1 library thread," in r.out
    rows = {m.group(1).strip(): float(m.group(2))
            for m in re.finditer(r"^\| ([a-z][^|]*)\|\s*([0-9.]+) \|", r.out, re.M)}
    assert set(rows) == {"memcpy (same bytes)", "libgelu forward", "libgelu backward",
                         "naive libm formula"}, rows
    assert all(v > 0 for v in rows.values())


def test_bench_distributions(gelu_cli):
    r = gelu_cli("bench", "--dist", "u10,t3", "--n", "4096", "--reps", "3", "--threads", "1")
    assert r.code == 0, r.err
    # one table each, in the fixed order of the help text, each headed by its name
    headings = re.findall(r"^inputs ([a-z0-9.]+): ", r.out, re.M)
    assert headings == ["t3", "u10"], r.out
    assert "uniform [-10, 10]" in r.out and "Student t" in r.out
    rates = [float(m.group(1))
             for m in re.finditer(r"^\| [a-z][^|]*\|\s*([0-9.]+) \|", r.out, re.M)]
    assert len(rates) == 8 and all(v > 0 for v in rates), r.out
    # the old names still work
    r = gelu_cli("bench", "--dist", "normal", "--n", "1k", "--reps", "1", "--threads", "1")
    assert r.code == 0 and re.findall(r"^inputs ([a-z0-9.]+): ", r.out, re.M) == ["n1"], r.out


def test_bench_errors(gelu_cli):
    for args, message in [(("--n", "0"), "--n '0'"), (("--n", "1.5"), "--n '1.5'"),
                          (("--threads", "0"), "--threads '0'"), (("--reps", "65"), "--reps '65'"),
                          (("--fn", "elu"), "unknown --fn 'elu'"), (("extra",), "unexpected"),
                          (("--dist", "bogus"), "unknown --dist item 'bogus' (n0.5, n1,"),
                          (("--dist", "n1,,u10"), "--dist 'n1,,u10' has an empty item")]:
        r = gelu_cli("bench", *args)
        assert r.code == 2 and message in r.err and r.err.count("\n") == 1, (args, r.err)
