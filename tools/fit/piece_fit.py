"""piece_fit.py -- the fits shared by the f32 generators under tools/fit/ (imported by them).

fit_piece: one fast-path piece, a Chebyshev interpolant (mpmath.chebyfit) of F(u) on
[-h, h], low coefficient first.  split_piece: its two leading coefficients as float pairs
(c0h + c0l, c1h + c1l), the rest as floats, and what the kernels' error analysis needs,
measured on samples + 1 points: the relative error, the largest |1 - Ph/c0h| (Ph = c0h +
c1h u: the Sterbenz condition of c0h - Ph) and the largest |P - Ph| / F.
fit_slow_tail: the double tails' g on 16 pieces of width 3/4 centred at -15 + 3j/4
(a = max(-|x|, -15) in [-15, -3]), degree sd, coefficients rounded to double."""
import struct
import sys

import mpmath as mp


def f32(v):
    return struct.unpack('f', struct.pack('f', float(v)))[0]


def fit_piece(F, h, deg):
    co, _ = mp.chebyfit(F, [-h, h], deg + 1, error=True)
    return co[::-1]


def split_piece(co, F, h, samples):
    """(c0h, c0l, c1h, c1l, hi, worst, ster, lo_ratio)"""
    c0h = f32(co[0]); c0l = f32(co[0] - mp.mpf(c0h))
    c1h = f32(co[1]); c1l = f32(co[1] - mp.mpf(c1h))
    hi = [f32(v) for v in co[2:]]
    worst = ster = lo_ratio = 0
    for i in range(samples + 1):
        u = -h + 2 * h * mp.mpf(i) / samples
        p = (mp.mpf(c0h) + c0l + (mp.mpf(c1h) + c1l) * u
             + sum(mp.mpf(hi[j]) * u**(j + 2) for j in range(len(hi))))
        ex = F(u)
        ph = mp.mpf(c0h) + mp.mpf(c1h) * u
        worst = max(worst, abs(p / ex - 1))
        ster = max(ster, abs(1 - ph / c0h))
        lo_ratio = max(lo_ratio, abs((p - ph) / ex))
    return c0h, c0l, c1h, c1l, hi, worst, ster, lo_ratio


def fit_slow_tail(g, sd):
    """(mids, coefficient rows); each piece's absolute error on stderr"""
    gtab = []; mids = []
    for j in range(16):
        m = -15 + mp.mpf(3) / 4 * j
        hw = mp.mpf(3) / 8 + mp.mpf(1) / 64
        co, _ = mp.chebyfit(lambda t: g(m + t), [-hw, hw], sd + 1, error=True)
        co = co[::-1]; cd = [float(v) for v in co]
        w = 0
        for i in range(201):
            t = -hw + 2 * hw * mp.mpf(i) / 200
            w = max(w, abs(sum(mp.mpf(cd[q]) * t**q for q in range(len(cd))) - g(m + t)))
        print(f"slow j={j} mid={float(m)} abserr=2^{float(mp.log(w, 2)):.1f}", file=sys.stderr)
        gtab.append(cd); mids.append(float(m))
    return mids, gtab
