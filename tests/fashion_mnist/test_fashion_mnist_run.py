"""The Fashion-MNIST example run as a program (FASHION_MNIST: its path; GELU_CLI: the gelu
command, for `gelu train`): --quick reaches 80 % test accuracy with each GELU form and
writes its CSV and SVG; a seed gives the same numbers on a rerun; missing or damaged data
and bad usage are refused with a clear message.  On small data sets made here: a training
set of constant pixels and a diverging loss are refused (exit 1, one line, no NaN result);
an output that cannot be written (stdout, CSV, SVG) fails with one line; control bytes in
option values and file names are written as \\xNN."""

import csv
import gzip
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


def write_idx(path, dims, data):
    """A gzip-compressed IDX file of unsigned bytes."""
    head = bytes([0, 0, 8, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims)
    path.write_bytes(gzip.compress(head + bytes(data), mtime=0))


def make_data(directory, train_pixels, n_train=64, n_test=16):
    """A small data set in directory: n_train training images whose pixels train_pixels(i)
    gives (784 values for image i), n_test test images of varied pixels, labels i % 10."""
    directory.mkdir(exist_ok=True)
    varied = lambda i: [(i * 37 + k * 11) % 256 for k in range(784)]
    write_idx(directory / FILES[0], [n_train, 28, 28],
              [v for i in range(n_train) for v in train_pixels(i)])
    write_idx(directory / FILES[1], [n_train], [i % 10 for i in range(n_train)])
    write_idx(directory / FILES[2], [n_test, 28, 28],
              [v for i in range(n_test) for v in varied(i)])
    write_idx(directory / FILES[3], [n_test], [i % 10 for i in range(n_test)])
    return directory


SMALL = ["--activation", "relu", "--hidden", "8", "--epochs", "2", "--batch", "16"]


def out_args(tmp_path):
    return ["--csv", str(tmp_path / "x.csv"), "--svg", str(tmp_path / "x.svg")]


def test_constant_pixels_refused(tmp_path):
    """A training set whose pixels all have one value has no variance to scale by: refused
    with one line naming the file, never trained on NaN."""
    for value in (0, 7, 137, 255):
        data = make_data(tmp_path / f"const{value}", lambda i: [value] * 784)
        r = run("--data", str(data), *SMALL, *out_args(tmp_path))
        assert r.returncode == 1, (value, r.stdout, r.stderr)
        assert r.stderr.count("\n") == 1, r.stderr
        assert str(data / FILES[0]) in r.stderr and "same value" in r.stderr, r.stderr
        assert "nan" not in r.stdout.lower() and "digest" not in r.stdout, r.stdout
    # the first 16 images constant, the rest not: refused with --train-subset 16 only
    data = make_data(tmp_path / "prefix", lambda i: [9] * 784 if i < 16 else [i % 256] * 784)
    r = run("--data", str(data), *SMALL, "--train-subset", "16", *out_args(tmp_path))
    assert r.returncode == 1 and "same value" in r.stderr and "first 16" in r.stderr, r.stderr
    r = run("--data", str(data), *SMALL, *out_args(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "nan" not in r.stdout.lower() and "digest" in r.stdout, r.stdout
    # every image the same, with varied pixels: variance, so trained (to nothing useful)
    data = make_data(tmp_path / "same", lambda i: [(k * 7) % 256 for k in range(784)])
    r = run("--data", str(data), *SMALL, *out_args(tmp_path))
    assert r.returncode == 0 and "nan" not in r.stdout.lower(), r.stdout + r.stderr


def test_diverging_loss_refused(tmp_path):
    """A learning rate that blows the weights up: the run stops at the first loss that is
    not finite, with one line and exit 1, and reports no result."""
    data = make_data(tmp_path / "d", lambda i: [(i * 37 + k * 11) % 256 for k in range(784)])
    r = run("--data", str(data), "--activation", "erf", "--hidden", "32", "--epochs", "3",
            "--batch", "16", "--optimizer", "sgd", "--lr", "100", "--schedule", "constant",
            *out_args(tmp_path))
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.count("\n") == 1 and "not finite" in r.stderr, r.stderr
    assert "nan" not in r.stdout.lower() and "inf " not in r.stdout.lower(), r.stdout
    assert "digest" not in r.stdout and "wrote" not in r.stdout, r.stdout
    assert not (tmp_path / "x.svg").exists()


def full_stdout(*args, cmd=None):
    with open("/dev/full", "w") as full:
        return subprocess.run([*(cmd or [program()]), *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=600)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_output_errors(tmp_path):
    """Standard output, the CSV or the SVG on a full device: exit 1, one line on stderr."""
    data = make_data(tmp_path / "d", lambda i: [(i * 37 + k * 11) % 256 for k in range(784)])
    commands = [None]
    if os.environ.get("GELU_CLI"):
        commands.append([os.environ["GELU_CLI"], "train"])
    for cmd in commands:
        r = full_stdout("--data", str(data), *SMALL, *out_args(tmp_path), cmd=cmd)
        assert r.returncode == 1, (cmd, r.stderr)
        assert r.stderr.count("\n") == 1 and "standard output" in r.stderr, (cmd, r.stderr)
        r = full_stdout("--help", cmd=cmd)
        assert r.returncode == 1 and r.stderr.count("\n") == 1, (cmd, r.stderr)
    for which in ("--csv", "--svg"):
        args = {"--csv": str(tmp_path / "y.csv"), "--svg": str(tmp_path / "y.svg")}
        args[which] = "/dev/full"
        r = run("--data", str(data), *SMALL, "--csv", args["--csv"], "--svg", args["--svg"])
        assert r.returncode == 1, (which, r.stdout, r.stderr)
        assert r.stderr.count("\n") == 1 and "error writing /dev/full" in r.stderr, r.stderr


def test_control_bytes_escaped(tmp_path):
    """A value with a newline (or another control byte) cannot forge a line: it is written
    as \\xNN."""
    forged = "\nfashion_mnist: forged line"
    for args in [("--activation", "elu" + forged), ("--epochs", "1" + forged),
                 ("--hidden", "8," + forged), ("--lr", "x" + forged),
                 ("--optimizer", "a\x1b[2J" + forged), ("--frobnicate" + forged, "1"),
                 ("extra" + forged,), ("--seed=" + forged,)]:
        r = run(*args)
        assert r.returncode == 2 and r.stderr.count("\n") == 1, (args, r.stderr)
        assert "\\x0a" in r.stderr and "\x1b" not in r.stderr, (args, r.stderr)
    # a C1 control as UTF-8 (U+009B, CSI) and a backslash (so that \x0a written by the user
    # cannot pass for an escaped newline): escaped too; other UTF-8 kept
    r = run("--activation", "\u00e9\u009b2J\\x0a")
    assert r.returncode == 2 and "'\u00e9\\xc2\\x9b2J\\x5cx0a'" in r.stderr, r.stderr
    # file names: --data (the message and its advice: two lines), --csv
    r = run("--data", str(tmp_path / ("no\nwhere")), "--csv", str(tmp_path / "x.csv"))
    assert r.returncode == 1 and r.stderr.count("\n") == 2, r.stderr
    assert "no\\x0awhere/train-images" in r.stderr, r.stderr
    data = make_data(tmp_path / "d", lambda i: [(i * 37 + k * 11) % 256 for k in range(784)])
    bad = str(tmp_path / "missing\ndir" / "x.csv")
    r = run("--data", str(data), *SMALL, "--csv", bad, "--svg", str(tmp_path / "x.svg"))
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "missing\\x0adir/x.csv" in r.stderr, r.stderr
