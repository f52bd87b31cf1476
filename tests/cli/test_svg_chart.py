"""tools/svg/svg_chart.c on its own, through tests/cli/svg_chart_driver.c (compiled here with
the C compiler that CC names, else cc): integer ticks for integer axes, hostile data that
must neither hang nor grow the file, the legend's place, sizes too small.  The chart code
is also what `gelu train` draws its learning curves with."""

import math
import os
import shutil
import subprocess

import pytest

from svg_layout import Chart

HERE = os.path.dirname(os.path.abspath(__file__))
SVG_DIR = os.path.join(HERE, "..", "..", "tools", "svg")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        pytest.fail("no C compiler (cc) to build svg_chart_driver with")
    exe = tmp_path_factory.mktemp("driver") / "svg_chart_driver"
    subprocess.run([cc, "-std=c11", "-O1", "-Wall", "-Wextra", "-Werror", "-I", SVG_DIR,
                    os.path.join(SVG_DIR, "svg_chart.c"), os.path.join(HERE, "svg_chart_driver.c"),
                    "-o", str(exe), "-lm"], check=True, timeout=120)
    return exe


def draw(driver, tmp_path, xs, series, width=800, height=500, x_integer=0, y_log=0,
         bottom_right=0):
    """Runs the driver; returns (exit code, stderr, Chart or None)."""
    lines = [f"{len(xs)} {len(series)}"]
    for i, x in enumerate(xs):
        lines.append(" ".join([repr(float(x)) if not isinstance(x, str) else x]
                              + [repr(float(s[i])) if not isinstance(s[i], str) else s[i]
                                 for s in series]))
    svg = tmp_path / "c.svg"
    with open(svg, "wb") as out:
        p = subprocess.run([str(driver), str(width), str(height), str(x_integer), str(y_log),
                            str(bottom_right)], input=("\n".join(lines) + "\n").encode(),
                           stdout=out, stderr=subprocess.PIPE, timeout=10)
    assert svg.stat().st_size < 2_000_000
    return p.returncode, p.stderr.decode(), Chart(svg) if p.returncode == 0 else None


@pytest.mark.parametrize("epochs", [1, 2, 3, 5, 7, 12, 30, 100])
def test_integer_axis_gets_integer_ticks(driver, tmp_path, epochs):
    """Learning curves over epochs first..E (a single epoch is drawn from 0, as train.c does)."""
    first = 1 if epochs > 1 else 0
    xs = list(range(first, epochs + 1))
    curves = [[80 + 9 * (1 - math.exp(-e / 3)) for e in xs],
              [79 + 9.5 * (1 - math.exp(-e / 4)) for e in xs]]
    code, err, chart = draw(driver, tmp_path, xs, curves, x_integer=1, bottom_right=1)
    assert code == 0, err
    labels = [label for label, _ in chart.x_ticks()]
    assert len(labels) >= 2, labels
    assert all(label.lstrip("-").isdigit() for label in labels), labels
    assert min(int(v) for v in labels) >= first and max(int(v) for v in labels) <= epochs
    assert chart.points_in_legend() == [] and chart.texts_outside_image() == []


def test_without_the_flag_the_same_axis_has_fractional_ticks(driver, tmp_path):
    """The test above can fail: over 1..3 the 1-2-5 steps are fractions."""
    code, err, chart = draw(driver, tmp_path, [1, 2, 3], [[1, 2, 3]])
    assert code == 0, err
    assert not all(label.isdigit() for label, _ in chart.x_ticks())


HOSTILE = {
    "a few ulps of x": ([1.0, 1.0000000000000002, 1.0000000000000004], [[1, 2, 3]]),
    "a few ulps of x at 1e5": ([1e5, 100000.00000000001, 100000.00000000003], [[0, 1, 2]]),
    "a few ulps of y": ([0, 1, 2], [[1.0, 1.0000000000000002, 1.0000000000000004]]),
    "a few ulps of y at 1e300": ([0, 1, 2], [[1e300, 1.0000000000000002e300, 1e300]]),
    "constant y": ([0, 1, 2, 3], [[5, 5, 5, 5]]),
    "all NaN": ([0, 1, 2], [["nan", "nan", "nan"]]),
    "infinities": ([0, 1, 2], [["inf", "-inf", "1"]]),
    "one point": ([3], [[4]]),
    "equal x": ([2, 2, 2], [[1, 2, 3]]),
    "subnormal x": ([0, 5e-324, 1e-323], [[0, 1, 2]]),
    "subnormal y": ([0, 1, 2], [[0, 5e-324, 1e-323]]),
    "huge": ([-1.7e308, 0, 1.7e308], [[-1.7e308, 0, 1.7976931348623157e308]]),
    "NaN x": (["nan", "nan", "nan"], [[1, 2, 3]]),
    "log of nothing positive": ([0, 1, 2], [[0, -1, -2]]),
    "log over 600 decades": ([0, 1, 2], [[1e-300, 1, 1e300]]),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("flags", [(0, 0), (1, 0), (0, 1)])
def test_hostile_data_draws_quickly_and_small(driver, tmp_path, name, flags):
    """No input can make the tick loops run without progress (they hung and wrote gigabytes
    on a range a few ulps wide): each of these ends within the timeout, below 2 MB, with
    valid XML, at most 32 ticks an axis, increasing and distinct."""
    xs, series = HOSTILE[name]
    code, err, chart = draw(driver, tmp_path, xs, series, x_integer=flags[0], y_log=flags[1])
    assert code == 0, (name, err)
    for ticks in (chart.x_ticks(), chart.y_ticks()):
        assert len(ticks) <= 32
        assert len({label for label, _ in ticks}) == len(ticks), (name, ticks)
    assert chart.texts_outside_image() == [], name


def test_legend_takes_a_free_corner(driver, tmp_path):
    """A line through the top left and the bottom right: the legend goes top right or
    bottom left, off the line; wanted bottom right, it does not go there either."""
    xs = list(range(100))
    for bottom_right in (0, 1):
        code, err, chart = draw(driver, tmp_path, xs, [[100 - x for x in xs]],
                                bottom_right=bottom_right)
        assert code == 0, err
        assert chart.points_in_legend() == []
        x0, y0, x1, y1 = chart.legend
        assert chart.left < x0 and x1 < chart.right and chart.top < y0 and y1 < chart.bottom


def test_legend_goes_beside_the_plot_when_every_corner_has_data(driver, tmp_path):
    xs = list(range(101))
    zigzag = [(x % 2) * 10 for x in xs]
    code, err, chart = draw(driver, tmp_path, xs, [zigzag, [5] * 101])
    assert code == 0, err
    assert chart.legend[0] > chart.right and chart.legend[2] <= chart.width
    assert chart.points_in_legend() == [] and chart.texts_outside_image() == []


def test_too_small_is_refused_with_the_size_it_needs(driver, tmp_path):
    xs = list(range(10))
    code, err, _ = draw(driver, tmp_path, xs, [xs, xs[::-1], xs, xs], width=200, height=150)
    assert code == 2 and "needs at least" in err and err.count("\n") == 1, err
    w, h = (int(v) for v in err.split("needs at least ")[1].split(" pixels")[0].split(" x "))
    code, err, chart = draw(driver, tmp_path, xs, [xs, xs[::-1], xs, xs], width=w, height=h)
    assert code == 0, err
    assert chart.points_in_legend() == [] and chart.texts_outside_image() == []


def test_text_is_escaped(driver, tmp_path):
    """Labels are XML character data: the driver's third label is "<third> & more"."""
    code, err, chart = draw(driver, tmp_path, [0, 1], [[0, 1], [1, 0], [0.5, 0.5]])
    assert code == 0, err
    assert len(chart.lines) == 3
    assert "<third> & more" in [t["text"] for t in chart.texts]
