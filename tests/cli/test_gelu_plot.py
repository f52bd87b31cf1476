"""gelu plot: valid SVG (an XML parser reads it), the chart's parts are there, and
rsvg-convert (librsvg2-bin) renders it to a non-blank PNG of the stated size."""

import math
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from png_pixels import read_png
from svg_layout import Chart

SVG = "{http://www.w3.org/2000/svg}"


def rsvg():
    path = shutil.which("rsvg-convert")
    if path is None:
        pytest.fail("rsvg-convert not found (Debian: apt-get install librsvg2-bin)")
    return path


@pytest.mark.parametrize("mode,series", [((), 4), (("--derivative",), 4), (("--error",), 2)])
def test_plot_is_valid_svg_and_renders(gelu_cli, tmp_path, mode, series):
    svg = tmp_path / "chart.svg"
    r = gelu_cli("plot", "-o", str(svg), "--from", "-5", "--to", "3", "--width", "640",
                 "--height", "400", *mode)
    assert r.code == 0, r.err
    assert str(svg) in r.out
    root = ET.parse(svg).getroot()
    assert root.tag == SVG + "svg"
    assert root.get("width") == "640" and root.get("height") == "400"
    texts = [t.text for t in root.iter(SVG + "text")]
    title = root.find(SVG + "title").text
    assert title in texts                                         # drawn title
    assert any(t == "x" for t in texts)                           # axis label
    assert {"-4", "-2", "0", "2"} <= set(texts)                   # x tick labels
    lines = list(root.iter(SVG + "polyline"))
    assert len({p.get("stroke") for p in lines}) == series        # one colour per series
    legend = [t for t in texts if "form" in t or "GELU" in t or "ReLU" in t]
    assert len(legend) >= series
    grid = [ln for ln in root.iter(SVG + "line") if ln.get("x1") == ln.get("x2")]
    assert len(grid) >= 5                                         # vertical grid lines
    png = tmp_path / "chart.png"
    subprocess.run([rsvg(), str(svg), "-o", str(png)], check=True, timeout=60)
    width, height, rows = read_png(png)
    assert (width, height) == (640, 400)
    colored = sum(1 for row in rows for k in range(0, len(row), 4)
                  if row[k + 3] > 0 and (row[k] != row[k + 1] or row[k + 1] != row[k + 2]))
    dark = sum(1 for row in rows for k in range(0, len(row), 4)
               if row[k + 3] > 0 and row[k] < 128 and row[k + 1] < 128 and row[k + 2] < 128)
    assert colored > 1000, f"only {colored} coloured pixels: the curves are missing"
    assert dark > 500, f"only {dark} dark pixels: text and axes are missing"


def test_plot_curve_passes_through_the_minimum(gelu_cli, tmp_path):
    """The exact-GELU polyline's lowest point is at x ~ -0.75 (in pixels: the frame maps
    [-4, 4] onto the plot area), i.e. the chart shows the dip below zero."""
    svg = tmp_path / "g.svg"
    assert gelu_cli("plot", "-o", str(svg)).code == 0
    root = ET.parse(svg).getroot()
    first = next(root.iter(SVG + "polyline"))
    points = [tuple(map(float, p.split(","))) for p in first.get("points").split()]
    lowest = max(points, key=lambda p: p[1])             # SVG y grows downwards
    xs = [p[0] for p in points]
    x_at = -4 + 8 * (lowest[0] - min(xs)) / (max(xs) - min(xs))
    assert abs(x_at - -0.75) < 0.02, x_at


def test_plot_errors(gelu_cli, tmp_path):
    cases = [(("plot",), "no output file"),
             (("plot", "-o", "x.svg", "--derivative", "--error"), "two different charts"),
             (("plot", "-o", "x.svg", "--from", "2", "--to", "1"), "--from must be below --to"),
             (("plot", "-o", "x.svg", "--width", "12"), "--width '12' is not a whole number"),
             (("plot", "-o", "x.svg", "--from", "zz"), "--from 'zz' is not a number"),
             (("plot", "--bogus"), "unexpected argument '--bogus'")]
    for args, message in cases:
        r = gelu_cli(*args)
        assert r.code == 2 and message in r.err and r.err.count("\n") == 1, (args, r.err)
    r = gelu_cli("plot", "-o", str(tmp_path / "no" / "such" / "dir.svg"))
    assert r.code == 1 and "cannot write" in r.err
    assert not os.path.exists(tmp_path / "no")


def test_readme_plots_are_current(gelu_cli, tmp_path):
    """The plots README.md shows (docs/images/) are what gelu plot draws now."""
    images = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "images")
    for name, args in [("gelu.svg", ()), ("gelu-derivative.svg", ("--derivative",)),
                       ("gelu-error.svg", ("--error",)),
                       ("gelu-error-log.svg", ("--error", "--log"))]:
        fresh = tmp_path / name
        r = gelu_cli("plot", *args, "-o", str(fresh))
        assert r.code == 0, r.err
        with open(os.path.join(images, name), encoding="utf-8") as f:
            assert f.read() == fresh.read_text(encoding="utf-8"), (
                f"docs/images/{name} is stale: regenerate it with "
                f"build/tools/gelu plot {' '.join(args)} -o docs/images/{name}")


# --- ranges too narrow to draw: refused at once, nothing written (issue 18, item 3) -------

@pytest.mark.parametrize("bounds", [("1", "1.0000000000000004"), ("1e5", "100000.00000000003"),
                                    ("0", "5e-324"), ("-1e6", "-999999.9999999999")])
def test_plot_refuses_a_range_too_narrow_to_draw(tmp_path, bounds):
    svg = tmp_path / "narrow.svg"
    p = subprocess.run([os.environ["GELU_CLI"], "plot", "-o", str(svg), "--from", bounds[0],
                        "--to", bounds[1]], capture_output=True, text=True, timeout=10)
    assert p.returncode == 2, (bounds, p.returncode, p.stderr)
    assert "too narrow to draw" in p.stderr and p.stderr.count("\n") == 1, p.stderr
    assert not svg.exists()


@pytest.mark.parametrize("args", [("--from", "1", "--to", "1.000000001"),
                                  ("--from", "8", "--to", "8.001", "--derivative"),
                                  ("--from", "30", "--to", "30.5", "--derivative"),
                                  ("--from", "20", "--to", "21", "--error"),
                                  ("--from", "99999.9999", "--to", "100000")])
def test_plot_of_a_narrow_or_flat_range_finishes_small(tmp_path, args):
    """Ranges just wide enough, and y values (nearly) constant: drawn, quickly, a small file,
    ticks that are distinct and increasing."""
    svg = tmp_path / "n.svg"
    p = subprocess.run([os.environ["GELU_CLI"], "plot", "-o", str(svg), *args],
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 0, (args, p.stderr)
    assert svg.stat().st_size < 200_000
    chart = Chart(svg)
    xs = chart.x_ticks()
    assert 2 <= len(xs) <= 32 and len({label for label, _ in xs}) == len(xs), xs
    assert [x for _, x in xs] == sorted(x for _, x in xs)
    values = [float(label) for label, _ in xs]
    assert values == sorted(values) and len(set(values)) == len(values), xs
    assert not chart.texts_outside_image()


# --- the layout: legend off the data, labels inside the image (item 17) ------------------

LAYOUTS = [(), ("--derivative",), ("--error",), ("--error", "--log"),
           ("--from", "-5", "--to", "3", "--width", "640", "--height", "400"),
           ("--from", "0", "--to", "1"), ("--from", "-10", "--to", "-1"),
           ("--from", "-1", "--to", "1", "--derivative"),
           ("--from", "-6", "--to", "6", "--error", "--width", "520", "--height", "300"),
           ("--from", "99999.9999", "--to", "100000"), ("--from", "-1e6", "--to", "1e6"),
           ("--from", "1e-7", "--to", "2e-7"), ("--from", "-0.3", "--to", "-0.2", "--error")]


@pytest.mark.parametrize("args", LAYOUTS)
def test_plot_legend_covers_no_data_and_labels_fit(gelu_cli, tmp_path, args):
    svg = tmp_path / "l.svg"
    r = gelu_cli("plot", "-o", str(svg), *args)
    assert r.code == 0, r.err
    chart = Chart(svg)
    assert chart.legend is not None and chart.lines
    assert chart.points_in_legend() == [], (args, chart.legend, chart.points_in_legend()[:5])
    assert chart.texts_outside_image() == [], args
    assert chart.x_ticks() and chart.y_ticks()


def test_plot_legend_leaves_the_plot_area_when_every_corner_has_data(gelu_cli, tmp_path):
    """f'(x) over [8, 8.001]: ReLU' and GELU' at 1, the sigmoid form's above: lines at the
    top and the bottom of the plot area, so the legend goes beside it."""
    svg = tmp_path / "o.svg"
    assert gelu_cli("plot", "-o", str(svg), "--derivative", "--from", "8", "--to", "8.001").code == 0
    chart = Chart(svg)
    assert chart.legend[0] > chart.right and chart.legend[2] <= chart.width
    assert chart.points_in_legend() == [] and chart.texts_outside_image() == []


def test_plot_error_log_scale_has_decade_ticks(gelu_cli, tmp_path):
    svg = tmp_path / "log.svg"
    r = gelu_cli("plot", "--error", "--log", "-o", str(svg))
    assert r.code == 0, r.err
    chart = Chart(svg)
    ticks = chart.y_ticks()
    assert len(ticks) >= 3
    exponents = [math.log10(float(label)) for label, _ in ticks]
    assert all(abs(e - round(e)) < 1e-12 for e in exponents), ticks
    # the grid lines of those ticks, evenly spaced: a log scale (decades equally far apart)
    grid = next(g for g in chart.root.iter(SVG + "g") if g.get("stroke") == "#dddddd")
    ys = [float(ln.get("y1")) for ln in grid if ln.get("y1") == ln.get("y2")]
    assert len(ys) == len(ticks)
    per_decade = [(ys[k] - ys[k + 1]) / (exponents[k + 1] - exponents[k])
                  for k in range(len(ys) - 1)]
    assert max(per_decade) - min(per_decade) < 0.05 and min(per_decade) > 0, per_decade

    def value_at(y):   # the data value at pixel row y, from the ticks' grid lines
        return 10 ** (exponents[0] + (ys[0] - y) / per_decade[0])
    tanh, sigmoid = chart.lines[0], chart.lines[1:]
    top_tanh = value_at(min(y for _, y in tanh))
    top_sigmoid = value_at(min(y for line in sigmoid for _, y in line))
    assert abs(top_tanh / 4.73e-4 - 1) < 0.05, top_tanh       # gelu facts: 0.000473
    assert abs(top_sigmoid / 0.0203 - 1) < 0.05, top_sigmoid  # and 0.0203
    assert "log" in chart.root.find(SVG + "title").text


def test_plot_refuses_a_size_too_small_for_the_chart(gelu_cli, tmp_path):
    for args in [("--width", "300"), ("--derivative", "--width", "400"),
                 ("--error", "--width", "300", "--height", "300")]:
        r = gelu_cli("plot", "-o", str(tmp_path / "s.svg"), *args)
        assert r.code == 2 and "too small" in r.err and r.err.count("\n") == 1, (args, r.err)
        need = re.search(r"needs at least (\d+) x (\d+) pixels", r.err)
        assert need, r.err
        assert not (tmp_path / "s.svg").exists()
        # the size it names is enough
        fits = gelu_cli("plot", "-o", str(tmp_path / "s.svg"), *args, "--width", need.group(1),
                        "--height", need.group(2))
        assert fits.code == 0, fits.err
        assert Chart(tmp_path / "s.svg").texts_outside_image() == []
        os.remove(tmp_path / "s.svg")


def test_plot_log_needs_error(gelu_cli, tmp_path):
    r = gelu_cli("plot", "-o", str(tmp_path / "x.svg"), "--log")
    assert r.code == 2 and "--log is for the --error chart" in r.err and r.err.count("\n") == 1
