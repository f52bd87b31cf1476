"""The Fashion-MNIST example run as a program (FASHION_MNIST: its path; GELU_CLI: the gelu
command, for `gelu train`): --quick reaches 80 % test accuracy with each GELU form and
writes its CSV and SVG; a seed gives the same numbers on a rerun; missing or damaged data
and bad usage are refused with a clear message."""

import csv
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

DATA = "/usr/share/datasets/fashion-mnist"
FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]


def program():
    return os.environ["FASHION_MNIST"]


def run(*args, cmd=None, timeout=600):
    return subprocess.run([*(cmd or [program()]), *args], capture_output=True, text=True,
                          timeout=timeout)


def final_table(out):
    """{activation: (final accuracy, best accuracy)} from the closing table."""
    return {m.group(1): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^\| (\w+) +\| +([\d.]+) % \| +([\d.]+) % \(\d+\) \|", out, re.M)}


@pytest.fixture(scope="module")
def data_installed():
    missing = [f for f in FILES if not os.path.exists(os.path.join(DATA, f))]
    assert not missing, ("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist;"
                         " make test installs it)")


def test_quick_run(data_installed, tmp_path):
    out_csv, out_svg = tmp_path / "q.csv", tmp_path / "q.svg"
    r = run("--quick", "--csv", str(out_csv), "--svg", str(out_svg))
    assert r.returncode == 0, r.stdout + r.stderr
    table = final_table(r.stdout)
    assert set(table) == {"erf", "tanh", "sigmoid", "relu"}, r.stdout
    for form in ("erf", "tanh", "sigmoid"):
        assert table[form][0] >= 80.0, (form, table)
    assert "10000 training images" in r.stdout and "10000 test images" in r.stdout
    rows = list(csv.DictReader(out_csv.open()))
    assert [(row["activation"], row["epoch"]) for row in rows] == [
        (a, str(e)) for a in ("erf", "tanh", "sigmoid", "relu") for e in range(3)]
    assert all(0 <= float(row["dead_layer1"]) <= 100 for row in rows)
    assert rows[2]["test_accuracy"] == f"{table['erf'][0]:.2f}"
    root = ET.parse(out_svg).getroot()
    assert root.tag.endswith("svg")
    text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    for form in ("erf", "tanh", "sigmoid", "relu", "epoch", "test accuracy"):
        assert form in text


def strip_times(out):
    """The output without its timings (seconds), which differ between runs, and without
    the closing line naming the files written."""
    out = re.sub(r"^.*: wrote .*$", "", out, flags=re.M)
    out = re.sub(r"\(read in [\d.]+ s\)", "", out)
    out = re.sub(r" +[\d.]+ s$", "", out, flags=re.M)
    return re.sub(r"\| +[\d.]+ \|$", "|", out, flags=re.M)


def test_same_seed_same_numbers(data_installed, tmp_path):
    args = ["--activation", "erf", "--train-subset", "3000", "--epochs", "2", "--hidden", "64,32",
            "--svg", str(tmp_path / "a.svg")]
    a = run(*args, "--csv", str(tmp_path / "a.csv"))
    assert a.returncode == 0, a.stderr
    b = run(*args, "--csv", str(tmp_path / "b.csv"), "--threads", "1")
    assert b.returncode == 0, b.stderr
    assert strip_times(a.stdout) == strip_times(b.stdout)
    digest = re.search(r"^erf +trained weights: digest ([0-9a-f]{16})$", a.stdout, re.M)
    assert digest, a.stdout  # equal outputs include equal digests: the same bits
    c = run(*args, "--csv", str(tmp_path / "c.csv"), "--seed", "2")
    other = re.search(r"^erf +trained weights: digest ([0-9a-f]{16})$", c.stdout, re.M)
    assert other and other.group(1) != digest.group(1)  # the seed matters
    epochs = lambda out: re.findall(r"^erf +epoch .*% ", out, re.M)
    assert epochs(a.stdout) != epochs(c.stdout)
    if os.environ.get("GELU_CLI"):  # the same program as `gelu train`
        g = run(*args, "--csv", str(tmp_path / "g.csv"), cmd=[os.environ["GELU_CLI"], "train"])
        assert g.returncode == 0, g.stderr
        assert strip_times(g.stdout) == strip_times(a.stdout)


def test_missing_data(tmp_path):
    r = run("--data", str(tmp_path / "nowhere"), "--csv", str(tmp_path / "x.csv"))
    assert r.returncode == 1
    assert "cannot open" in r.stderr and "nowhere/train-images-idx3-ubyte.gz" in r.stderr
    assert "dataset-fashion-mnist" in r.stderr
    assert not (tmp_path / "x.csv").exists()


def test_damaged_data(data_installed, tmp_path):
    for name in FILES:
        shutil.copy(os.path.join(DATA, name), tmp_path / name)
    images = tmp_path / "t10k-images-idx3-ubyte.gz"
    data = images.read_bytes()
    images.write_bytes(data[: len(data) // 3])  # cut short
    r = run("--data", str(tmp_path), "--csv", str(tmp_path / "x.csv"))
    assert r.returncode == 1 and "t10k-images-idx3-ubyte.gz" in r.stderr, r.stderr
    assert "truncated" in r.stderr and "dataset-fashion-mnist" in r.stderr
    labels = tmp_path / "t10k-labels-idx1-ubyte.gz"
    shutil.copy(os.path.join(DATA, "t10k-images-idx3-ubyte.gz"), images)
    shutil.copy(os.path.join(DATA, "train-labels-idx1-ubyte.gz"), labels)  # 60,000 labels
    r = run("--data", str(tmp_path), "--csv", str(tmp_path / "x.csv"))
    assert r.returncode == 1 and "not as many labels as images" in r.stderr, r.stderr


def test_usage_errors():
    for args, message in [(("--activation", "elu"), "unknown --activation 'elu'"),
                          (("--epochs", "0"), "--epochs '0'"),
                          (("--hidden", "512,,256"), "--hidden '512,,256'"),
                          (("--lr", "-1"), "--lr '-1'"),
                          (("--optimizer", "rmsprop"), "unknown --optimizer"),
                          (("--batch",), "--batch needs a value"),
                          (("--frobnicate", "1"), "unknown option '--frobnicate'"),
                          (("extra",), "unexpected argument 'extra'")]:
        r = run(*args)
        assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1, (args, r.stderr)
    r = run("--help")
    assert r.returncode == 0 and "--stress" in r.stdout and "dead units" in r.stdout
