/* gelu_exact_dd.c -- f(x) and f'(x) in double-double (about 2^-95 relative, f' near its
 * zero keeping about 2^-95 of the two terms' size), for the exact paths of the correctly
 * rounded kernels: gelu_forward_cr_f32 (src/scalar/gelu_cr_exact_f32.c) and the bf16/f16
 * backward (src/half_kernels.c).  Slow (microseconds) and rarely taken.  Plain series and
 * continued fractions, chosen for a simple error argument rather than speed:
 *
 *   GELU_ERF, x >= -3.5:  Phi(x) = 1/2 + x phi(x) sum_{n>=0} x^(2n) / (2n+1)!!
 *                         (every term positive; x^2 is exact in double);
 *             x < -3.5:   Phi(x) = phi(t) / (t + 1/(t + 2/(t + 3/(t + ...)))), t = -x, 200
 *                         levels (Laplace's continued fraction for the Mills ratio; its
 *                         truncation error at t = 3.5 is below 2^-130);
 *             f = x Phi(x), f' = Phi(x) + x phi(x) (= phi(t) (1/R - t) on the left tail).
 *   GELU_TANH, GELU_SIGMOID: s = 1 / (1 + E), E = exp(-v), v = 2 sqrt(2/pi) x (1 + 0.044715 x^2)
 *                         or 1.702 x; f = x s, f' = s + x s (1 - s) v', 1 - s = E / (1 + E).
 *   exp in double-double: k = round(a / ln 2), r = a - k ln 2 (ln 2 as a triple), exp(r / 2^10)
 *                         by its Taylor series to r^10, squared 10 times, times 2^k.
 * The constants (1/sqrt(2 pi), sqrt(2/pi), 0.044715, 1.702, ln 2) are double-doubles or
 * triples correct to about 2^-106.  Valid for |x| <= 40 (erf), |v| <= 700 (tanh, sigmoid);
 * the callers settle larger |x| without evaluation. */
#include <math.h>
#include <stdint.h>

#include "scalar/gelu_common_f64.h"
#include "scalar/gelu_exact_dd.h"

typedef struct { double h, l; } dd;

static dd dd_norm(double h, double l) { dd r; r.h = gelu_fast_two_sum(h, l, &r.l); return r; }
static dd dd_from(double a) { dd r = {a, 0.0}; return r; }

static dd dd_add(dd a, dd b)
{
    double e;
    double s = gelu_two_sum(a.h, b.h, &e);
    return dd_norm(s, e + (a.l + b.l));
}

static dd dd_mul(dd a, dd b)
{
    double e;
    double p = gelu_two_prod(a.h, b.h, &e);
    return dd_norm(p, e + fma(a.h, b.l, a.l * b.h));
}

static dd dd_div(dd a, dd b)
{
    double l, q = gelu_div_dd(a.h, a.l, b.h, b.l, &l);
    return dd_norm(q, l);
}

/* double-double constants */
static const dd INV_SQRT_2PI = {0x1.9884533d43651p-2, -0x1.cbc0d30ebfd15p-56};
static const dd SQRT_2_OVER_PI = {0x1.9884533d43651p-1, -0x1.cbc0d30ebfd15p-55};
static const dd TANH_CUBIC = {0x1.6e4e26d4801f7p-5, 0x1.441355475a31ap-59}; /* 0.044715 */
static const dd SIGMOID_SCALE = {0x1.b3b645a1cac08p+0, 0x1.89374bc6a7efap-55}; /* 1.702 */
static const double LN2_1 = 0x1.62e42fefa3800p-1, LN2_2 = 0x1.ef35793c76000p-45,
                    LN2_3 = 0x1.cc01f97b57a08p-87; /* ln 2 = LN2_1 + LN2_2 + LN2_3 */

/* exp(a) for a double-double a with |a.h| <= 700 */
static dd dd_exp(dd a)
{
    double k = nearbyint(a.h / LN2_1);
    /* k LN2_1 and k LN2_2 are exact (|k| < 2^11, 43 and 43 significant bits) */
    dd r = dd_add(dd_from(a.h - k * LN2_1), dd_from(-k * LN2_2));
    r = dd_add(r, dd_from(a.l - k * LN2_3));
    r.h = ldexp(r.h, -10);
    r.l = ldexp(r.l, -10);
    /* Taylor: 1 + r (1 + r/2 (1 + r/3 (... (1 + r/14)))) */
    dd s = dd_from(1.0);
    for (int i = 10; i >= 1; i--) {
        s = dd_div(dd_mul(s, r), dd_from((double)i));
        s = dd_add(s, dd_from(1.0));
    }
    for (int i = 0; i < 10; i++) s = dd_mul(s, s);
    s.h = ldexp(s.h, (int)k);
    s.l = ldexp(s.l, (int)k);
    return s;
}

/* x Phi(x) or Phi(x) + x phi(x), |x| <= 40 */
static dd exact_erf(double x, int derivative)
{
    dd x2h = dd_from(x * x); /* exact: x is a float */
    dd phi = dd_mul(dd_exp(dd_from(-0.5 * x * x)), INV_SQRT_2PI);
    dd Phi;
    if (x >= -3.5) {
        dd term = dd_from(1.0), sum = dd_from(1.0);
        for (int n = 1; n < 400; n++) {
            term = dd_div(dd_mul(term, x2h), dd_from(2.0 * n + 1.0));
            sum = dd_add(sum, term);
            if (term.h < 0x1p-110 * sum.h) break;
        }
        Phi = dd_add(dd_from(0.5), dd_mul(dd_mul(dd_from(x), phi), sum));
        if (derivative) return dd_add(Phi, dd_mul(dd_from(x), phi));
    } else {
        dd t = dd_from(-x), r = t;
        for (int k = 200; k >= 1; k--) r = dd_add(t, dd_div(dd_from((double)k), r));
        if (derivative) /* phi (1/R - t) */
            return dd_mul(phi, dd_add(dd_div(dd_from(1.0), r), dd_from(x)));
        Phi = dd_div(phi, r);
    }
    return dd_mul(dd_from(x), Phi);
}


/* s (1 - s) v' + s/x, as the pieces for f' = s + x s (1 - s) v' */
static dd logistic_value(double x, dd v, dd dv, int derivative)
{
    dd E = dd_exp(dd_from(-v.h));
    E = dd_mul(E, dd_add(dd_from(1.0), dd_from(-v.l))); /* exp(-v.l) = 1 - v.l to 2^-100 */
    dd one_plus = dd_add(dd_from(1.0), E);
    dd s = dd_div(dd_from(1.0), one_plus);
    if (!derivative) return dd_mul(dd_from(x), s);
    dd one_minus_s = dd_div(E, one_plus);
    dd t = dd_mul(dd_mul(dd_mul(dd_from(x), s), one_minus_s), dv);
    return dd_add(s, t);
}

void gelu_exact_dd(gelu_fn f, int derivative, double x, double *hi, double *lo)
{
    dd r;
    if (f == GELU_ERF) {
        r = exact_erf(x, derivative);
    } else if (f == GELU_TANH) {
        dd x2a = dd_mul(TANH_CUBIC, dd_from(x * x));
        dd u = dd_mul(dd_mul(SQRT_2_OVER_PI, dd_from(x)), dd_add(dd_from(1.0), x2a));
        u.h *= 2.0;
        u.l *= 2.0;
        /* v' = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2) */
        dd dv = dd_mul(SQRT_2_OVER_PI, dd_add(dd_from(1.0), dd_mul(dd_from(3.0), x2a)));
        dv.h *= 2.0;
        dv.l *= 2.0;
        r = logistic_value(x, u, dv, derivative);
    } else if (f == GELU_SIGMOID) {
        r = logistic_value(x, dd_mul(SIGMOID_SCALE, dd_from(x)), SIGMOID_SCALE, derivative);
    } else {
        r = dd_from(derivative ? (x > 0 ? 1.0 : 0.0) : (x > 0 ? x : 0.0));
    }
    *hi = r.h;
    *lo = r.l;
}
