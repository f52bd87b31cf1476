#!/usr/bin/python3
"""Writes src/tables/gelu_exp_table_f64.c: the table 2^(j/16), j = 0..15, of exp(z) in double
(gelu_exp_table_f64, src/scalar/gelu_exp_table_f64.h), each
entry the double nearest the exact value.  Nothing is fitted: every value is computed with
mpmath at 40 digits and rounded to nearest once (checked against both neighbouring doubles),
so running this again writes the same bits.  Run with Debian's /usr/bin/python3
(python3-mpmath):
    tools/fit/fit_exp_table_f64.py > src/tables/gelu_exp_table_f64.c
"""
import math
import mpmath as mp

mp.mp.dps = 40


def nearest_double(v):
    """The double nearest v (an mpf far inside the normal range), checked."""
    with mp.workprec(53):
        d = float(+v)                     # +v rounds to 53 bits, to nearest
    err = abs(v - mp.mpf(d))
    for n in (math.nextafter(d, -math.inf), math.nextafter(d, math.inf)):
        assert err < abs(v - mp.mpf(n)), (v, d)
    return d


vals = [nearest_double(mp.power(2, mp.mpf(j) / 16)) for j in range(16)]
print('/* gelu_exp_table_f64.c -- 2^(j/16), j = 0..15, each the double nearest the exact value')
print(' * (computed with mpmath at 40 digits). */')
print('#include "scalar/gelu_exp_table_f64.h"')
print()
print('_Alignas(64) const double gelu_exp2_16[16] = {')
for i in range(0, 16, 4):
    print('    ' + ' '.join(v.hex() + ',' for v in vals[i:i + 4]))
print('};')
