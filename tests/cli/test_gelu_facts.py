"""gelu facts against high-precision values.

The reference values were computed with mpmath at 40 digits (mp.dps = 40) from the forms'
definitions: x*ncdf(x); x/(1+exp(-2 sqrt(2/pi)(x+0.044715x^3))); x/(1+exp(-1.702x)); the
extremes with findroot on mp.diff, the largest differences by a 0.01 scan refined with
findroot.  They are test data, not the tool's: the tool computes its numbers with the
library's float64 kernels.  At least 9 significant digits must agree (issue 7 asks for 7)."""

import re

import pytest

REFERENCE = {
    "GELU_ERF": {
        "minimum": (-0.169971207479904, -0.751791524693564),
        "f' minimum": (-0.128904145185155, -1.4142135623731),
        "f' maximum": (1.12890414518515, 1.4142135623731),
        "f(-6)": -5.91952587022619e-9, "f(-10)": -7.61985302416053e-23,
    },
    "GELU_TANH": {
        "minimum": (-0.170040750571254, -0.752461422071016),
        "f' minimum": (-0.128993068658772, -1.41850400879083),
        "f' maximum": (1.12899306865877, 1.41850400879083),
        "largest f - GELU": (0.000473235520687285, 2.69894138637727),
        "f(-6)": -8.4396467007623e-11, "f(-10)": -1.20409234820981e-37,
    },
    "GELU_SIGMOID": {
        "minimum": (-0.163610189636354, -0.751154255441289),
        "f' minimum": (-0.0998393201288669, -1.40972813191273),
        "f' maximum": (1.09983932012887, 1.40972813191273),
        "largest f - GELU": (-0.0203348722092392, 2.27039773719661),
        "f(-6)": -0.000220353549787392, "f(-10)": -4.05796129485531e-7,
    },
}
NUMBER = r"(?<![A-Za-z0-9_.])(-?[0-9][0-9.]*(?:e[-+]?[0-9]+)?)"


@pytest.fixture(scope="module")
def sections(gelu_cli):
    r = gelu_cli("facts")
    assert r.code == 0, r.err
    parts = {}
    for block in r.out.split("\n\n"):
        head = block.strip().split()[0] if block.strip() else ""
        parts[head] = block
    return parts


def close(got, want, digits=9):
    return abs(got - want) <= 10.0 ** (1 - digits) * abs(want)


@pytest.mark.parametrize("form", sorted(REFERENCE))
def test_facts_match_high_precision_values(sections, form):
    block = sections[form]
    for label, want in REFERENCE[form].items():
        line = next((ln for ln in block.split("\n") if ln.strip().startswith(label)), None)
        assert line is not None, (form, label)
        numbers = [float(n) for n in re.findall(NUMBER, line.split(label, 1)[1])]
        if isinstance(want, tuple):
            value, where = want
            assert close(numbers[0], value), (form, label, numbers, want)
            assert any(close(abs(n), abs(where)) for n in numbers[1:]), (form, label, numbers)
        else:
            assert close(numbers[0], want), (form, label, numbers, want)
            assert numbers[0] < 0 and numbers[1] < 0       # float32 too: negative, not 0
    assert "decreasing on" in block and "increasing on" in block and "range" in block


def test_facts_say_how(sections):
    for form in REFERENCE:
        assert "bisection" in sections[form]
    assert "RELU" in sections


# Where each form's facts are, to 25 digits: mpmath at mp.dps = 40, findroot on mp.diff of
# the forms' definitions (as above): the zero of f' near -0.75, the zeros of f'' near +-1.41,
# the zero of f' - GELU' near 2.70 (tanh) and 2.27 (sigmoid).  For GELU_ERF the zeros of
# f'' = phi(x) (2 - x^2) are +-sqrt(2) exactly.
LOCATIONS = {
    "GELU_ERF": {"argmin": "-0.7517915246935644574579049",
                 "f'": "1.414213562373095048801689"},
    "GELU_TANH": {"argmin": "-0.7524614220710162584879544",
                  "f'": "1.418504008790828355548034",
                  "largest": "2.698941386377270300478040"},
    "GELU_SIGMOID": {"argmin": "-0.7511542554412889512980956",
                     "f'": "1.409728131912730709654959",
                     "largest": "2.270397737196610174547907"},
}


def printed_locations(line):
    """Every x the line names: after "at x =", and the ends of "(-inf, X]" and "[X, +inf)"."""
    return ([float(v) for v in re.findall(r"at x = (-?[0-9.]+(?:e[-+]?[0-9]+)?)", line)]
            + [float(v) for v in re.findall(r"\(-inf, (-?[0-9.e+-]+)\]", line)]
            + [float(v) for v in re.findall(r"\[(-?[0-9.e+-]+), \+inf\)", line)])


@pytest.mark.parametrize("form", sorted(LOCATIONS))
def test_facts_locations_to_1e_12(sections, form):
    """Every printed location within 1e-12 (relative) of the true one: the extremes of f'
    were 1e-11 off (a difference quotient of f'), and 10-digit interval ends 5e-11."""
    want = {k: float(v) for k, v in LOCATIONS[form].items()}
    expected = {"minimum": [want["argmin"]], "decreasing on": [want["argmin"]],
                "increasing on": [want["argmin"]], "f' minimum": [-want["f'"]],
                "f' maximum": [want["f'"]]}
    if "largest" in want:
        expected["largest f - GELU"] = [-want["largest"], want["largest"]]
    block = sections[form]
    for label, where in expected.items():
        line = next(ln for ln in block.split("\n") if ln.strip().startswith(label))
        got = printed_locations(line)
        assert len(got) == len(where), (form, label, line)
        for g, w in zip(got, where):
            assert abs(g - w) <= 1e-12 * abs(w), (form, label, g, w, abs(g - w) / abs(w))
    # no location left unchecked ("range [min, +inf)" is of values, not of x)
    assert sum(len(printed_locations(ln)) for ln in block.split("\n")
               if not ln.strip().startswith("range")) \
        == sum(len(v) for v in expected.values()), block


def test_facts_differences_print_only_digits_they_have(sections):
    """f - GELU is a difference of two values each within 2 ulp: the tanh form's 4.7e-4 at
    x ~ 2.7 has about 11 good digits, not 15 (0.000473235520687343 had 4 wrong ones)."""
    line = next(ln for ln in sections["GELU_TANH"].split("\n") if "largest f - GELU" in ln)
    value = re.search(NUMBER, line.split("largest f - GELU", 1)[1]).group(1)
    digits = len(value.replace("-", "").replace(".", "").lstrip("0"))
    assert digits <= 12, value
    assert abs(float(value) - 0.0004732355206872848771139823) <= 0.5 * 10 ** (-3 - digits + 1), value
