#!/usr/bin/python3
# Fits the float tail of the f32 GELU_ERF forward: for 3.5 < y = |x| <= 13,
# v(y) = exp(-y^2/2) S(y), S(y) = y Phi(-y) exp(y^2/2) (smooth: y times the Mills ratio over
# sqrt(2 pi)); f(x) = -v (x < 0), x - v (x > 0).  Pieces of width 1/2: i = round(2y) & 31,
# u = y - i/2, degree DEG, c0 and c1 as float pairs.  The derivative's tail
# (../fast_erf_derivative_f32/fit_tail.py) is the same scheme with R(y) = -f'(-y) exp(y^2/2).
# Writes tables_tail.c (a gelu_erf_tail_f32_table initialiser).  Usage: fit_tail.py [DEG]
import mpmath as mp, struct, sys
mp.mp.dps = 50
def S(y): return y * mp.erfc(y / mp.sqrt(2)) / 2 * mp.exp(y * y / 2)
def f32(v): return struct.unpack('f', struct.pack('f', float(v)))[0]
def hexf(v): return float(v).hex() + 'f'
DEG = int(sys.argv[1]) if len(sys.argv) > 1 else 5
rows = {}; worst_all = 0
for i in range(7, 28):  # centres 3.5 .. 13.5
    c = mp.mpf(i) / 2; h = mp.mpf(1) / 4
    co, _ = mp.chebyfit(lambda u: S(c + u), [-h, h], DEG + 1, error=True)
    co = co[::-1]
    c0h = f32(co[0]); c0l = f32(co[0] - mp.mpf(c0h)); c1h = f32(co[1]); c1l = f32(co[1] - mp.mpf(c1h))
    hi = [f32(v) for v in co[2:]]
    worst = 0; ster = 0
    for k in range(401):
        u = -h + 2 * h * mp.mpf(k) / 400
        p = mp.mpf(c0h) + c0l + (mp.mpf(c1h) + c1l) * u + sum(mp.mpf(hi[j]) * u**(j + 2) for j in range(len(hi)))
        worst = max(worst, abs(p / S(c + u) - 1)); ster = max(ster, abs(1 - (c0h + c1h * u) / c0h))
    worst_all = max(worst_all, worst)
    print(f"i={i} relerr=2^{float(mp.log(worst, 2)):.1f} |1-Sh/c0h|={float(ster):.3f}", file=sys.stderr)
    rows[i & 31] = [c0h, c0l, c1h, c1l] + hi
print(f"worst relerr 2^{float(mp.log(worst_all, 2)):.2f}", file=sys.stderr)
Z = [0.0] * (DEG + 3)
def arr(col): return '{' + ', '.join(hexf(rows.get(i, Z)[col]) for i in range(32)) + '}'
out = ['_Alignas(64) const gelu_erf_tail_f32_table gelu_erf_forward_tail_f32 = {',
       '  ' + ',\n  '.join(arr(c) for c in range(4)) + ',',
       '  {' + ',\n   '.join(arr(4 + j) for j in range(DEG - 1)) + '}};']
open('tables_tail.c', 'w').write('\n'.join(out) + '\n')
