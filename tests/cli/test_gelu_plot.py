"""gelu plot: valid SVG (an XML parser reads it), the chart's parts are there, and
rsvg-convert (librsvg2-bin) renders it to a non-blank PNG of the stated size."""

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from png_pixels import read_png

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
                       ("gelu-error.svg", ("--error",))]:
        fresh = tmp_path / name
        r = gelu_cli("plot", *args, "-o", str(fresh))
        assert r.code == 0, r.err
        with open(os.path.join(images, name), encoding="utf-8") as f:
            assert f.read() == fresh.read_text(encoding="utf-8"), (
                f"docs/images/{name} is stale: regenerate it with "
                f"build/tools/gelu plot {' '.join(args)} -o docs/images/{name}")
