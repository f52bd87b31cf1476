/* test_api.c -- unit tests of the public contract of libgelu (include/gelu.h).
 *
 * A standalone program that uses only the public header.  It exits 0 when every check
 * passes; otherwise it prints one line per failing check (entry point, form, type, input
 * bits, got bits, expected bits) and exits 1.
 *
 * What it covers (gelu.h section 3 is the reference for every expectation):
 *   1. special values, bit for bit, every form, forward and backward, f32 and f64: NaN
 *      (payloads, signs, signalling and quiet), NaN precedence in backward, inf * 0 giving
 *      the default NaN, +-inf, +-0, f'(+-0) = 0.5, ReLU conventions, the far left tail
 *      (-0.0, never +0.0), subnormal inputs (not flushed), large x (f = x, f' = 1);
 *   2. values at chosen points against long double references (2 ulp for f32, 4 for f64;
 *      the exhaustive tests elsewhere prove the tight bounds);
 *   3. every n in [0, 100] at element offsets 0..15 from a 64-byte aligned base, with
 *      canaries around every array, each element compared with the n = 1 call;
 *   4. in place (y == x; dx == dy, dx == x, all three the same);
 *   5. every error code, in the documented order, with nothing written on error;
 *   6. status strings, version, ISA selection;
 *   and that the caller's rounding mode is left as it was.
 * Sections 1 to 5 run once for every ISA that gelu_set_isa accepts, and every ISA's
 * results are compared bit for bit with the scalar kernels'.
 */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gelu.h"

/* ======================================================================================
 * Reporting
 * ==================================================================================== */

static unsigned long g_checks;
static unsigned long g_failures;
static const char *g_isa = "?";      /* the ISA the current checks run on */
#define MAX_PRINTED_FAILURES 2000ul

static void failf(const char *fmt, ...)
{
    g_failures++;
    if (g_failures > MAX_PRINTED_FAILURES) {
        if (g_failures == MAX_PRINTED_FAILURES + 1)
            printf("FAIL ... (further failures counted, not printed)\n");
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL [isa %s] ", g_isa);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

#define CHECK(cond, ...)                  \
    do {                                  \
        g_checks++;                       \
        if (!(cond)) failf(__VA_ARGS__);  \
    } while (0)

static const char *fn_name(gelu_fn f)
{
    switch (f) {
    case GELU_ERF: return "GELU_ERF";
    case GELU_TANH: return "GELU_TANH";
    case GELU_SIGMOID: return "GELU_SIGMOID";
    case GELU_RELU: return "GELU_RELU";
    }
    return "(invalid gelu_fn)";
}

static const gelu_fn k_fns[4] = {GELU_ERF, GELU_TANH, GELU_SIGMOID, GELU_RELU};

/* ======================================================================================
 * The two element types, handled through their bits (uint64_t holds either)
 * ==================================================================================== */

typedef enum ftype { F32 = 0, F64 = 1 } ftype;
static const ftype k_types[2] = {F32, F64};

static const char *type_name(ftype t) { return t == F32 ? "f32" : "f64"; }
static size_t type_size(ftype t) { return t == F32 ? sizeof(float) : sizeof(double); }
static int hex_digits(ftype t) { return t == F32 ? 8 : 16; }

static uint32_t bits_of_float(float v) { uint32_t u; memcpy(&u, &v, sizeof u); return u; }
static float float_of_bits(uint32_t u) { float v; memcpy(&v, &u, sizeof v); return v; }
static uint64_t bits_of_double(double v) { uint64_t u; memcpy(&u, &v, sizeof u); return u; }
static double double_of_bits(uint64_t u) { double v; memcpy(&v, &u, sizeof v); return v; }

/* The value as a double (exact for both types), for messages and references. */
static double value_of(ftype t, uint64_t b)
{
    return t == F32 ? (double)float_of_bits((uint32_t)b) : double_of_bits(b);
}

/* Bits of the double v rounded to the type. */
static uint64_t bits_from_double(ftype t, double v)
{
    return t == F32 ? bits_of_float((float)v) : bits_of_double(v);
}

/* Bits of the long double v rounded (once) to the type. */
static uint64_t bits_from_ld(ftype t, long double v)
{
    return t == F32 ? bits_of_float((float)v) : bits_of_double((double)v);
}

static uint64_t sign_mask(ftype t) { return t == F32 ? 0x80000000u : 0x8000000000000000u; }
static uint64_t abs_mask(ftype t) { return sign_mask(t) - 1u; }
static uint64_t inf_bits(ftype t) { return t == F32 ? 0x7f800000u : 0x7ff0000000000000u; }
static uint64_t quiet_bit(ftype t) { return t == F32 ? 0x00400000u : 0x0008000000000000u; }
static uint64_t default_nan(ftype t) { return inf_bits(t) | quiet_bit(t); }
static uint64_t pos_zero(void) { return 0u; }
static uint64_t neg_zero(ftype t) { return sign_mask(t); }
static uint64_t one_bits(ftype t) { return bits_from_double(t, 1.0); }
static uint64_t half_bits(ftype t) { return bits_from_double(t, 0.5); }

static int is_nan(ftype t, uint64_t b) { return (b & abs_mask(t)) > inf_bits(t); }
static int is_inf(ftype t, uint64_t b) { return (b & abs_mask(t)) == inf_bits(t); }
static int is_neg(ftype t, uint64_t b) { return (b & sign_mask(t)) != 0; }
static uint64_t quieted(ftype t, uint64_t b) { return b | quiet_bit(t); }

/* The IEEE product a * b in the type, computed here in the default environment. */
static uint64_t ieee_mul(ftype t, uint64_t a, uint64_t b)
{
    if (t == F32)
        return bits_of_float(float_of_bits((uint32_t)a) * float_of_bits((uint32_t)b));
    return bits_of_double(double_of_bits(a) * double_of_bits(b));
}

/* What gelu.h section 3 says dx is, given the already rounded f'(x) = d. */
static uint64_t expected_dx(ftype t, uint64_t x, uint64_t dy, uint64_t d)
{
    if (is_nan(t, x)) return quieted(t, x);
    if (is_nan(t, dy)) return quieted(t, dy);
    uint64_t p = ieee_mul(t, dy, d);
    return is_nan(t, p) ? default_nan(t) : p;
}

/* Element i of an array of the type, through its bits. */
static uint64_t load(ftype t, const void *base, size_t i)
{
    const unsigned char *p = (const unsigned char *)base + i * type_size(t);
    if (t == F32) {
        uint32_t u;
        memcpy(&u, p, sizeof u);
        return u;
    }
    uint64_t u;
    memcpy(&u, p, sizeof u);
    return u;
}

static void store(ftype t, void *base, size_t i, uint64_t b)
{
    unsigned char *p = (unsigned char *)base + i * type_size(t);
    if (t == F32) {
        uint32_t u = (uint32_t)b;
        memcpy(p, &u, sizeof u);
    } else {
        memcpy(p, &b, sizeof b);
    }
}

/* The entry points, by type. */
static gelu_status call_forward(ftype t, gelu_fn f, const void *x, void *y, size_t n)
{
    if (t == F32) return gelu_forward_f32(f, (const float *)x, (float *)y, n);
    return gelu_forward_f64(f, (const double *)x, (double *)y, n);
}

static gelu_status call_backward(ftype t, gelu_fn f, const void *x, const void *dy, void *dx,
                                 size_t n)
{
    if (t == F32)
        return gelu_backward_f32(f, (const float *)x, (const float *)dy, (float *)dx, n);
    return gelu_backward_f64(f, (const double *)x, (const double *)dy, (double *)dx, n);
}

static const char *forward_name(ftype t)
{
    return t == F32 ? "gelu_forward_f32" : "gelu_forward_f64";
}

static const char *backward_name(ftype t)
{
    return t == F32 ? "gelu_backward_f32" : "gelu_backward_f64";
}

/* One element through the API (n = 1), from and to bits.  A status other than GELU_OK is
 * a failure; the result is then the canary. */
static uint64_t forward1(ftype t, gelu_fn f, uint64_t x)
{
    union { float f32; double f64; } in, out;
    store(t, &in, 0, x);
    store(t, &out, 0, 0x5a5a5a5a5a5a5a5au);
    gelu_status s = call_forward(t, f, &in, &out, 1);
    CHECK(s == GELU_OK, "%s(%s, n=1) returned %d", forward_name(t), fn_name(f), (int)s);
    CHECK(load(t, &in, 0) == x, "%s(%s, n=1) modified its input", forward_name(t),
          fn_name(f));
    return load(t, &out, 0);
}

static uint64_t backward1(ftype t, gelu_fn f, uint64_t x, uint64_t dy)
{
    union { float f32; double f64; } in, gin, out;
    store(t, &in, 0, x);
    store(t, &gin, 0, dy);
    store(t, &out, 0, 0x5a5a5a5a5a5a5a5au);
    gelu_status s = call_backward(t, f, &in, &gin, &out, 1);
    CHECK(s == GELU_OK, "%s(%s, n=1) returned %d", backward_name(t), fn_name(f), (int)s);
    CHECK(load(t, &in, 0) == x && load(t, &gin, 0) == dy,
          "%s(%s, n=1) modified an input", backward_name(t), fn_name(f));
    return load(t, &out, 0);
}

/* Bit-exact checks, with the standard message. */
static void check_fwd_bits(ftype t, gelu_fn f, uint64_t x, uint64_t got, uint64_t want,
                           const char *what)
{
    int w = hex_digits(t);
    CHECK(got == want, "%s(%s) x=0x%0*" PRIx64 " (%.17g): got 0x%0*" PRIx64
          " (%.17g), expected 0x%0*" PRIx64 " (%.17g) [%s]",
          forward_name(t), fn_name(f), w, x, value_of(t, x), w, got, value_of(t, got), w,
          want, value_of(t, want), what);
}

static void check_bwd_bits(ftype t, gelu_fn f, uint64_t x, uint64_t dy, uint64_t got,
                           uint64_t want, const char *what)
{
    int w = hex_digits(t);
    CHECK(got == want, "%s(%s) x=0x%0*" PRIx64 " (%.17g) dy=0x%0*" PRIx64
          " (%.17g): got 0x%0*" PRIx64 " (%.17g), expected 0x%0*" PRIx64 " (%.17g) [%s]",
          backward_name(t), fn_name(f), w, x, value_of(t, x), w, dy, value_of(t, dy), w,
          got, value_of(t, got), w, want, value_of(t, want), what);
}

/* ======================================================================================
 * Long double references (x86: 64-bit significand, 11 bits more than double)
 * ==================================================================================== */

#define SQRT1_2_L     0.707106781186547524400844362104849039284835937688L /* 1/sqrt(2)  */
#define INV_SQRT2PI_L 0.398942280401432677939946059934381868475858631164L /* 1/sqrt(2pi)*/
#define SQRT2_PI_L    0.797884560802865355879892119868763736951717262329L /* sqrt(2/pi) */
#define TANH_A_L      0.044715L
#define SIGMOID_K_L   1.702L

/* f(x), written without cancellation (erfc for the left tail, the logistic form of
 * 1 + tanh). */
static long double ref_f(gelu_fn f, long double x)
{
    switch (f) {
    case GELU_ERF: return 0.5L * x * erfcl(-x * SQRT1_2_L);
    case GELU_TANH: {
        long double u = SQRT2_PI_L * (x + TANH_A_L * x * x * x);
        return x / (1.0L + expl(-2.0L * u)); /* 0.5 (1 + tanh u) = 1 / (1 + e^-2u) */
    }
    case GELU_SIGMOID: return x / (1.0L + expl(-SIGMOID_K_L * x));
    case GELU_RELU: return x > 0.0L ? x : 0.0L;
    }
    return NAN;
}

/* f'(x).  Only used away from the zero of f' near x = -0.75, where the sum cancels. */
static long double ref_d(gelu_fn f, long double x)
{
    switch (f) {
    case GELU_ERF:
        return 0.5L * erfcl(-x * SQRT1_2_L) + x * INV_SQRT2PI_L * expl(-0.5L * x * x);
    case GELU_TANH: {
        long double u = SQRT2_PI_L * (x + TANH_A_L * x * x * x);
        long double s = 1.0L / (1.0L + expl(-2.0L * u)); /* (1 + tanh u) / 2 */
        long double sm = 1.0L / (1.0L + expl(2.0L * u)); /* (1 - tanh u) / 2 */
        /* f' = (1 + tanh u)/2 + x/2 sech^2(u) u', sech^2 u = 4 s sm */
        return s + 2.0L * x * s * sm * SQRT2_PI_L * (1.0L + 3.0L * TANH_A_L * x * x);
    }
    case GELU_SIGMOID: {
        long double s = 1.0L / (1.0L + expl(-SIGMOID_K_L * x));
        long double sm = 1.0L / (1.0L + expl(SIGMOID_K_L * x));
        return s + SIGMOID_K_L * x * s * sm;
    }
    case GELU_RELU: return x > 0.0L ? 1.0L : 0.0L;
    }
    return NAN;
}

/* The ulp of the type at |r| (the spacing of the binade of r; the subnormal spacing below
 * the smallest normal). */
static long double ulp_at(ftype t, long double r)
{
    int mant = t == F32 ? FLT_MANT_DIG : DBL_MANT_DIG;
    int emin = t == F32 ? FLT_MIN_EXP : DBL_MIN_EXP; /* 2^(emin-1) is the smallest normal */
    r = fabsl(r);
    int e = emin;
    if (r >= ldexpl(1.0L, emin - 1)) (void)frexpl(r, &e); /* r in [2^(e-1), 2^e) */
    return ldexpl(1.0L, e - mant);
}

/* got (bits) against the reference ref: |got - ref| <= tol ulp(ref) + slack, and a zero or
 * non-zero result of the sign of ref.  slack is the absolute error the contract allows
 * beyond the ulp bound (backward: |dy| times the subnormal spacing, for f'(x) rounded to a
 * subnormal before the product). */
static void check_close(const char *func, ftype t, gelu_fn f, uint64_t x, const uint64_t *dy,
                        uint64_t got, long double ref, double tol, long double slack,
                        const char *what)
{
    uint64_t want = bits_from_ld(t, ref);
    int w = hex_digits(t);
    char dys[64] = "";
    if (dy) snprintf(dys, sizeof dys, " dy=0x%0*" PRIx64 " (%.17g)", w, *dy, value_of(t, *dy));
    g_checks++;
    long double err;
    if (is_nan(t, got) || is_inf(t, got) || is_inf(t, want))
        err = got == want ? 0.0L : INFINITY;
    else
        err = fmaxl(fabsl((long double)value_of(t, got) - ref) - slack, 0.0L) /
              ulp_at(t, ref);
    int sign_ok = !(ref < 0.0L && !is_neg(t, got)) && !(ref > 0.0L && is_neg(t, got));
    if (!(err <= tol) || !sign_ok)
        failf("%s(%s) x=0x%0*" PRIx64 " (%.17g)%s: got 0x%0*" PRIx64 " (%.17g), expected "
              "0x%0*" PRIx64 " (%.17Lg), error %.3Lg ulp (tolerance %.3g)%s [%s]",
              func, fn_name(f), w, x, value_of(t, x), dys, w, got, value_of(t, got), w, want,
              ref, err, tol, sign_ok ? "" : ", WRONG SIGN", what);
}

/* ======================================================================================
 * Input lists
 * ==================================================================================== */

static const uint32_t k_nan32[] = {
    0x7f800001u, 0x7f812345u, 0x7fa00000u, 0x7fbfffffu,             /* +sNaN */
    0xff800001u, 0xffb12345u, 0xffbfffffu,                          /* -sNaN */
    0x7fc00000u, 0x7fc00001u, 0x7fd55555u, 0x7fffffffu,             /* +qNaN */
    0xffc00000u, 0xffc0abcdu, 0xffffffffu,                          /* -qNaN */
};
static const uint64_t k_nan64[] = {
    0x7ff0000000000001u, 0x7ff123456789abcdu, 0x7ff4000000000000u, 0x7ff7ffffffffffffu,
    0xfff0000000000001u, 0xfff5555555555555u, 0xfff7ffffffffffffu,
    0x7ff8000000000000u, 0x7ff8000000000001u, 0x7ffc0000deadbeefu, 0x7fffffffffffffffu,
    0xfff8000000000000u, 0xfff8765432100000u, 0xffffffffffffffffu,
};
#define N_NANS (sizeof k_nan32 / sizeof k_nan32[0])

static uint64_t nan_at(ftype t, size_t i) { return t == F32 ? k_nan32[i] : k_nan64[i]; }

/* Far left: every GELU form's f and f' are far below the smallest subnormal in magnitude,
 * so both round to -0.0 (the exact values are negative). */
static const double k_far_left32[] = {-100.0, -1e3, -1e10, -1e30, -(double)FLT_MAX};
static const double k_far_left64[] = {-1000.0, -1e10, -1e100, -1e300, -DBL_MAX};
/* Large: f(x) = x and f'(x) = 1 exactly (the exact values differ by far less than an
 * ulp); also where x^3 or x^2 overflow. */
static const double k_large32[] = {50.0, 100.0, 1e3, 1e6, 1e10, 1e20, 1e30, (double)FLT_MAX};
static const double k_large64[] = {50.0, 100.0, 1e3, 1e6, 1e10, 1e100, 1e200, 1e300,
                                   DBL_MAX};
#define N_FAR32 (sizeof k_far_left32 / sizeof k_far_left32[0])
#define N_FAR64 (sizeof k_far_left64 / sizeof k_far_left64[0])
#define N_LARGE32 (sizeof k_large32 / sizeof k_large32[0])
#define N_LARGE64 (sizeof k_large64 / sizeof k_large64[0])

/* A special input and what f and f' (rounded to the type) are there. */
typedef struct special_case {
    uint64_t x, f, d;
    const char *what;
} special_case;

#define MAX_SPECIAL 64

/* The special inputs of one form and type, with f(x) and f'(x) that gelu.h pins down. */
static size_t special_cases(ftype t, gelu_fn f, special_case *c)
{
    size_t k = 0;
    int relu = f == GELU_RELU;
    uint64_t one = one_bits(t), half = half_bits(t);
    uint64_t pinf = inf_bits(t), ninf = inf_bits(t) | sign_mask(t);
    uint64_t nz = neg_zero(t), pz = pos_zero();

    c[k++] = (special_case){pz, pz, relu ? pz : half, "+0"};
    c[k++] = (special_case){nz, relu ? pz : nz, relu ? pz : half, "-0"};
    c[k++] = (special_case){pinf, pinf, one, "+inf"};
    c[k++] = (special_case){ninf, relu ? pz : nz, relu ? pz : nz, "-inf"};
    size_t nfar = t == F32 ? N_FAR32 : N_FAR64;
    for (size_t i = 0; i < nfar; i++) {
        uint64_t x = bits_from_double(t, t == F32 ? k_far_left32[i] : k_far_left64[i]);
        c[k++] = (special_case){x, relu ? pz : nz, relu ? pz : nz, "far left tail"};
    }
    if (!relu) {
        /* just past where f and f' of this form round to -0.0 */
        static const double near32[3] = {-16.0, -12.0, -70.0};   /* ERF, TANH, SIGMOID */
        static const double near64[3] = {-40.0, -23.0, -450.0};
        uint64_t x = bits_from_double(t, t == F32 ? near32[f] : near64[f]);
        c[k++] = (special_case){x, nz, nz, "left tail, f and f' round to -0"};
    }
    size_t nlarge = t == F32 ? N_LARGE32 : N_LARGE64;
    for (size_t i = 0; i < nlarge; i++) {
        uint64_t x = bits_from_double(t, t == F32 ? k_large32[i] : k_large64[i]);
        c[k++] = (special_case){x, x, one, "large x"};
    }
    if (relu) {
        /* relu(x) = x, relu' = 1 for x > 0; +0 and +0 for x <= 0. */
        static const double pts[] = {1.5, 0.75, 1e-30, 3.0, 1e-300};
        for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
            uint64_t x = bits_from_double(t, pts[i]);
            if (x == 0) continue;
            c[k++] = (special_case){x, x, one, "relu x > 0"};
            c[k++] = (special_case){x | sign_mask(t), pz, pz, "relu x < 0"};
        }
        uint64_t sub[] = {1u, 2u, 3u, t == F32 ? 0x007fffffu : 0x000fffffffffffffu};
        for (size_t i = 0; i < 4; i++) {
            c[k++] = (special_case){sub[i], sub[i], one, "relu subnormal x > 0"};
            c[k++] = (special_case){sub[i] | sign_mask(t), pz, pz, "relu subnormal x < 0"};
        }
    }
    return k;
}

/* dy values for the backward grid (not NaN). */
static size_t dy_values(ftype t, uint64_t *v)
{
    size_t k = 0;
    uint64_t s = sign_mask(t);
    uint64_t maxb = t == F32 ? bits_of_float(FLT_MAX) : bits_of_double(DBL_MAX);
    uint64_t minn = t == F32 ? bits_of_float(FLT_MIN) : bits_of_double(DBL_MIN);
    static const double pts[] = {1.0, 0.5, 3.0, 0.1, 1e-20, 1e20};
    v[k++] = 0;
    v[k++] = s;
    v[k++] = inf_bits(t);
    v[k++] = inf_bits(t) | s;
    v[k++] = maxb;
    v[k++] = maxb | s;
    v[k++] = minn;
    v[k++] = minn | s;
    for (uint64_t m = 1; m <= 3; m++) { v[k++] = m; v[k++] = m | s; } /* subnormals */
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        v[k++] = bits_from_double(t, pts[i]);
        v[k++] = bits_from_double(t, -pts[i]);
    }
    return k;
}

/* ======================================================================================
 * 1. Special values
 * ==================================================================================== */

static void test_special_values(void)
{
    special_case cases[MAX_SPECIAL];
    uint64_t dys[64];
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        size_t ndy = dy_values(t, dys);
        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            size_t nc = special_cases(t, f, cases);

            /* NaN in, that NaN out, quieted, sign and payload kept. */
            for (size_t i = 0; i < N_NANS; i++) {
                uint64_t x = nan_at(t, i);
                check_fwd_bits(t, f, x, forward1(t, f, x), quieted(t, x), "NaN forward");
                /* backward: x's NaN wins over everything, dy's NaN included */
                for (size_t j = 0; j < ndy; j++)
                    check_bwd_bits(t, f, x, dys[j], backward1(t, f, x, dys[j]),
                                   quieted(t, x), "x NaN");
                for (size_t j = 0; j < N_NANS; j++) {
                    uint64_t dy = nan_at(t, j);
                    check_bwd_bits(t, f, x, dy, backward1(t, f, x, dy), quieted(t, x),
                                   "x NaN and dy NaN: x's NaN");
                }
            }

            for (size_t i = 0; i < nc; i++) {
                uint64_t x = cases[i].x;
                check_fwd_bits(t, f, x, forward1(t, f, x), cases[i].f, cases[i].what);
                /* f'(x) itself, with dy = 1 */
                check_bwd_bits(t, f, x, one_bits(t), backward1(t, f, x, one_bits(t)),
                               cases[i].d, cases[i].what);
                /* dx = dy * f'(x) as an IEEE product: signs of zeros, inf * 0 = the
                 * default NaN, subnormal products rounded, overflow */
                for (size_t j = 0; j < ndy; j++)
                    check_bwd_bits(t, f, x, dys[j], backward1(t, f, x, dys[j]),
                                   expected_dx(t, x, dys[j], cases[i].d), cases[i].what);
                /* dy's NaN when x is not NaN */
                for (size_t j = 0; j < N_NANS; j++) {
                    uint64_t dy = nan_at(t, j);
                    check_bwd_bits(t, f, x, dy, backward1(t, f, x, dy), quieted(t, dy),
                                   "dy NaN");
                }
            }

            /* The default NaN, spelled out (not through expected_dx). */
            uint64_t dn = t == F32 ? 0x7fc00000u : 0x7ff8000000000000u;
            uint64_t ninf = inf_bits(t) | sign_mask(t), pinf = inf_bits(t);
            uint64_t far = bits_from_double(t, t == F32 ? -1e3 : -1e10);
            check_bwd_bits(t, f, ninf, pinf, backward1(t, f, ninf, pinf), dn,
                           "dy=+inf, f'(-inf)=0: default NaN");
            check_bwd_bits(t, f, ninf, ninf, backward1(t, f, ninf, ninf), dn,
                           "dy=-inf, f'(-inf)=0: default NaN");
            check_bwd_bits(t, f, far, pinf, backward1(t, f, far, pinf), dn,
                           "dy=+inf, f'(far left) rounds to 0: default NaN");
            check_bwd_bits(t, f, far, ninf, backward1(t, f, far, ninf), dn,
                           "dy=-inf, f'(far left) rounds to 0: default NaN");
            if (f == GELU_RELU) {
                uint64_t m1 = bits_from_double(t, -1.0);
                check_bwd_bits(t, f, 0, pinf, backward1(t, f, 0, pinf), dn,
                               "relu'(+0)=0, dy=+inf: default NaN");
                check_bwd_bits(t, f, neg_zero(t), ninf, backward1(t, f, neg_zero(t), ninf),
                               dn, "relu'(-0)=0, dy=-inf: default NaN");
                check_bwd_bits(t, f, m1, ninf, backward1(t, f, m1, ninf), dn,
                               "relu'(-1)=0, dy=-inf: default NaN");
                check_bwd_bits(t, f, m1, one_bits(t), backward1(t, f, m1, one_bits(t)), 0,
                               "relu'(-1) = +0");
                check_bwd_bits(t, f, neg_zero(t), one_bits(t),
                               backward1(t, f, neg_zero(t), one_bits(t)), 0, "relu'(-0) = +0");
                check_fwd_bits(t, f, neg_zero(t), forward1(t, f, neg_zero(t)), 0,
                               "relu(-0) = +0");
            } else {
                check_bwd_bits(t, f, 0, one_bits(t), backward1(t, f, 0, one_bits(t)),
                               half_bits(t), "f'(+0) = 0.5");
                check_bwd_bits(t, f, neg_zero(t), one_bits(t),
                               backward1(t, f, neg_zero(t), one_bits(t)), half_bits(t),
                               "f'(-0) = 0.5");
            }
        }
    }

    /* GELU_ERF at -10 is about -7.6e-23: negative and not zero (f32 and f64). */
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        uint64_t x = bits_from_double(t, -10.0);
        uint64_t got = forward1(t, GELU_ERF, x);
        double v = value_of(t, got);
        CHECK(v < -7.0e-23 && v > -8.0e-23,
              "%s(GELU_ERF) x=-10: got 0x%0*" PRIx64 " (%.17g), expected about -7.62e-23",
              forward_name(t), hex_digits(t), got, v);
    }
}

/* Subnormal inputs: results computed, not flushed.  For tiny x, f(x) = x/2 rounded (plus a
 * term far below the subnormal spacing), negative for x < 0; f'(x) = 0.5. */
static void test_subnormal_inputs(void)
{
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        uint64_t maxsub = t == F32 ? 0x007fffffu : 0x000fffffffffffffu;
        uint64_t minnorm = maxsub + 1u;
        uint64_t xs[] = {1u, 2u, 3u, 4u, 5u, 7u, 8u, 1000u, 0x12345u, maxsub >> 1, maxsub - 1u,
                         maxsub, minnorm, minnorm + 12345u, bits_from_double(t, 1e-30),
                         bits_from_double(t, t == F32 ? 1e-10 : 1e-200)};
        for (size_t fi = 0; fi < 3; fi++) {
            gelu_fn f = k_fns[fi];
            for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
                for (int neg = 0; neg <= 1; neg++) {
                    uint64_t x = xs[i] | (neg ? sign_mask(t) : 0u);
                    long double lx = (long double)value_of(t, x);
                    uint64_t got = forward1(t, f, x);
                    /* faithful: within 1 ulp of the exact value, sign of the exact value */
                    check_close(forward_name(t), t, f, x, NULL, got, ref_f(f, lx), 1.0, 0.0L,
                                "subnormal/tiny input");
                    /* not flushed: x/2 is at least the smallest subnormal from x = 2 up */
                    if (xs[i] >= 2u)
                        CHECK((got & abs_mask(t)) != 0,
                              "%s(%s) x=0x%0*" PRIx64 ": result flushed to zero",
                              forward_name(t), fn_name(f), hex_digits(t), x);
                    /* x/2 exact (even multiple of the spacing): that is the result,
                     * the x^2 term being far below half the spacing */
                    if (xs[i] <= maxsub && xs[i] % 2u == 0u)
                        check_fwd_bits(t, f, x, got, (xs[i] / 2u) | (x & sign_mask(t)),
                                       "tiny x: f(x) = x/2");
                    uint64_t one = one_bits(t);
                    uint64_t d = backward1(t, f, x, one);
                    check_close(backward_name(t), t, f, x, &one, d, ref_d(f, lx), 1.0, 0.0L,
                                "subnormal/tiny input, dy=1");
                    check_bwd_bits(t, f, x, one, d, half_bits(t), "f'(tiny) = 0.5");
                }
            }
        }
    }
}

/* ======================================================================================
 * 2. Values against long double references
 * ==================================================================================== */

static const double k_points32[] = {
    -60.0, -50.0, -13.5, -12.25, -10.5, -10.0, -7.0, -5.0, -3.0, -2.0, -1.5, -1.0, -0.5,
    -0.25, -0.0625, -1e-4, -1e-20, 1e-20, 1e-4, 0.0625, 0.25, 0.5, 1.0, 1.25, 1.5, 2.0,
    3.0, 4.0, 5.0, 7.0, 10.0, 0.1, -0.1, 0.3, -0.3, 2.5, -2.5, 6.0, -6.0, -9.0, -4.0,
    /* results in the subnormal range: GELU_ERF, GELU_TANH, GELU_SIGMOID */
    -13.75, -14.0, -14.25, -10.6, -10.75, -55.0, -58.0, -62.0};
static const double k_points64[] = {
    -435.0, -430.0, -400.0, -38.0, -37.5, -30.0, -21.5, -20.0, -10.0, -7.0, -5.0, -3.0,
    -2.0, -1.5, -1.0, -0.5, -0.25, -1e-4, -1e-100, 1e-100, 1e-4, 0.25, 0.5, 1.0, 1.5, 2.0,
    3.0, 5.0, 7.0, 10.0, 20.0, 0.1, -0.1, 0.3, -0.3, 2.5, -2.5, 6.0, -6.0, -9.0, -4.0,
    /* results in the subnormal range: GELU_ERF, GELU_TANH, GELU_SIGMOID */
    -38.25, -38.5, -21.25, -21.4, -425.0, -437.0};

static void test_values(void)
{
    static const double dys[] = {1.0, -1.0, 3.5, -0.375, 1e-3, 0.1, -7.25};
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        double tol = t == F32 ? 2.0 : 4.0;
        const double *pts = t == F32 ? k_points32 : k_points64;
        size_t np = t == F32 ? sizeof k_points32 / sizeof k_points32[0]
                             : sizeof k_points64 / sizeof k_points64[0];
        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            for (size_t i = 0; i < np; i++) {
                uint64_t x = bits_from_double(t, pts[i]);
                long double lx = (long double)value_of(t, x);
                uint64_t got = forward1(t, f, x);
                if (f == GELU_RELU)
                    check_fwd_bits(t, f, x, got, pts[i] > 0 ? x : 0u, "relu value");
                else
                    check_close(forward_name(t), t, f, x, NULL, got, ref_f(f, lx), tol, 0.0L,
                                "value");
                long double d = ref_d(f, lx);
                for (size_t j = 0; j < sizeof dys / sizeof dys[0]; j++) {
                    uint64_t dy = bits_from_double(t, dys[j]);
                    long double ldy = (long double)value_of(t, dy);
                    uint64_t dx = backward1(t, f, x, dy);
                    if (f == GELU_RELU)
                        check_bwd_bits(t, f, x, dy, dx,
                                       ieee_mul(t, dy, pts[i] > 0 ? one_bits(t) : 0u),
                                       "relu backward value");
                    else
                        check_close(backward_name(t), t, f, x, &dy, dx, ldy * d, tol,
                                    fabsl(ldy) * ulp_at(t, 0.0L), "backward value");
                }
            }
            /* overflow of the product: f'(2) > 1 for the GELU forms, so dy = +-MAX gives
             * +-inf (ReLU: +-MAX). */
            uint64_t x2 = bits_from_double(t, 2.0);
            uint64_t mx = t == F32 ? bits_of_float(FLT_MAX) : bits_of_double(DBL_MAX);
            uint64_t want = f == GELU_RELU ? mx : inf_bits(t);
            check_bwd_bits(t, f, x2, mx, backward1(t, f, x2, mx), want, "dy=MAX overflow");
            check_bwd_bits(t, f, x2, mx | sign_mask(t), backward1(t, f, x2, mx | sign_mask(t)),
                           want | sign_mask(t), "dy=-MAX overflow");
        }
    }
}

/* ======================================================================================
 * Value pools for the array tests: ordinary values, specials and random bit patterns
 * ==================================================================================== */

static uint64_t g_rng = 0x9e3779b97f4a7c15u;
static uint64_t rng_next(void)
{
    /* splitmix64 */
    uint64_t z = (g_rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

#define POOL 512
static uint64_t g_pool[2][POOL]; /* per type */

static void make_pools(void)
{
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        for (size_t i = 0; i < POOL; i++) {
            uint64_t r = rng_next();
            uint64_t b;
            switch (i % 8) {
            case 0: /* any bit pattern: NaNs, infs, subnormals, huge */
                b = t == F32 ? (r & 0xffffffffu) : r;
                break;
            case 1: /* specials */
                switch ((r >> 8) % 8) {
                case 0: b = 0; break;
                case 1: b = sign_mask(t); break;
                case 2: b = inf_bits(t); break;
                case 3: b = inf_bits(t) | sign_mask(t); break;
                case 4: b = nan_at(t, (size_t)(r % N_NANS)); break;
                case 5: b = (r >> 16) % 1000u + 1u; break; /* subnormal */
                case 6: b = ((r >> 16) % 1000u + 1u) | sign_mask(t); break;
                default: b = bits_from_double(t, (r & 1u) ? -1e3 : 1e3); break;
                }
                break;
            default: { /* uniform in [-12, 12) */
                double u = (double)(r >> 11) * 0x1p-53;
                b = bits_from_double(t, -12.0 + 24.0 * u);
                break;
            }
            }
            g_pool[ti][i] = b;
        }
    }
}

/* An aligned allocation (64 bytes), exiting on failure. */
static void *alloc64(size_t bytes)
{
    size_t rounded = (bytes + 63u) / 64u * 64u;
    void *p = aligned_alloc(64, rounded);
    if (!p) {
        printf("FAIL: out of memory (%zu bytes)\n", bytes);
        exit(2);
    }
    return p;
}

/* ======================================================================================
 * 3. Every n in [0, 100], every offset, canaries around every array
 * ==================================================================================== */

#define MAXN 100
#define MAXOFF 16
#define GUARD 32 /* elements of canary before and after */
#define REGION (GUARD + MAXOFF + MAXN + GUARD)
#define CANARY_BYTE 0xa5

static int region_canary_ok(const unsigned char *r, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (r[i] != CANARY_BYTE) return 0;
    return 1;
}

static void test_sizes_offsets(void)
{
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        size_t es = type_size(t);
        size_t rb = REGION * es; /* bytes of one region */
        unsigned char *bx = alloc64(rb), *bdy = alloc64(rb), *bout = alloc64(rb);
        unsigned char *sx = malloc(rb), *sdy = malloc(rb);
        uint64_t *want = malloc(MAXN * sizeof *want);
        if (!sx || !sdy || !want) { printf("FAIL: out of memory\n"); exit(2); }
        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            for (size_t n = 0; n <= MAXN; n++) {
                for (size_t ox = 0; ox < MAXOFF; ox++) {
                    /* the output and dy at the same and at other offsets than x */
                    size_t oouts[3] = {ox, (ox + 3u) % MAXOFF, MAXOFF - 1u - ox};
                    for (size_t k = 0; k < 3; k++) {
                        size_t oy = oouts[k];
                        size_t ody = (ox + 5u * k + 1u) % MAXOFF;
                        memset(bx, CANARY_BYTE, rb);
                        memset(bdy, CANARY_BYTE, rb);
                        void *x = bx + (GUARD + ox) * es;
                        void *dy = bdy + (GUARD + ody) * es;
                        void *y = bout + (GUARD + oy) * es;
                        size_t seed = n * 31u + ox * 7u + k;
                        for (size_t i = 0; i < n; i++) {
                            store(t, x, i, g_pool[ti][(seed + i) % POOL]);
                            store(t, dy, i, g_pool[ti][(seed * 3u + i + 101u) % POOL]);
                        }
                        memcpy(sx, bx, rb);
                        memcpy(sdy, bdy, rb);

                        /* forward */
                        for (size_t i = 0; i < n; i++)
                            want[i] = forward1(t, f, load(t, x, i));
                        memset(bout, CANARY_BYTE, rb);
                        gelu_status s = call_forward(t, f, x, y, n);
                        CHECK(s == GELU_OK, "%s(%s) n=%zu offsets x=%zu y=%zu: status %d",
                              forward_name(t), fn_name(f), n, ox, oy, (int)s);
                        CHECK(memcmp(sx, bx, rb) == 0,
                              "%s(%s) n=%zu offset %zu: input array modified",
                              forward_name(t), fn_name(f), n, ox);
                        CHECK(region_canary_ok(bout, 0, (GUARD + oy) * es) &&
                                  region_canary_ok(bout, (GUARD + oy + n) * es, rb),
                              "%s(%s) n=%zu offsets x=%zu y=%zu: wrote outside y[0, n)",
                              forward_name(t), fn_name(f), n, ox, oy);
                        for (size_t i = 0; i < n; i++) {
                            uint64_t got = load(t, y, i);
                            if (got != want[i]) {
                                char what[96];
                                snprintf(what, sizeof what,
                                         "n=%zu offsets x=%zu y=%zu, element %zu vs n=1",
                                         n, ox, oy, i);
                                check_fwd_bits(t, f, load(t, x, i), got, want[i], what);
                            } else {
                                g_checks++;
                            }
                        }

                        /* backward */
                        for (size_t i = 0; i < n; i++)
                            want[i] = backward1(t, f, load(t, x, i), load(t, dy, i));
                        memset(bout, CANARY_BYTE, rb);
                        s = call_backward(t, f, x, dy, y, n);
                        CHECK(s == GELU_OK,
                              "%s(%s) n=%zu offsets x=%zu dy=%zu dx=%zu: status %d",
                              backward_name(t), fn_name(f), n, ox, ody, oy, (int)s);
                        CHECK(memcmp(sx, bx, rb) == 0 && memcmp(sdy, bdy, rb) == 0,
                              "%s(%s) n=%zu: an input array was modified", backward_name(t),
                              fn_name(f), n);
                        CHECK(region_canary_ok(bout, 0, (GUARD + oy) * es) &&
                                  region_canary_ok(bout, (GUARD + oy + n) * es, rb),
                              "%s(%s) n=%zu offsets x=%zu dy=%zu dx=%zu: wrote outside "
                              "dx[0, n)",
                              backward_name(t), fn_name(f), n, ox, ody, oy);
                        for (size_t i = 0; i < n; i++) {
                            uint64_t got = load(t, y, i);
                            if (got != want[i]) {
                                char what[96];
                                snprintf(what, sizeof what,
                                         "n=%zu offsets x=%zu dy=%zu dx=%zu, element %zu "
                                         "vs n=1", n, ox, ody, oy, i);
                                check_bwd_bits(t, f, load(t, x, i), load(t, dy, i), got,
                                               want[i], what);
                            } else {
                                g_checks++;
                            }
                        }
                    }
                }
            }
        }
        free(bx); free(bdy); free(bout); free(sx); free(sdy); free(want);
    }
}

/* ======================================================================================
 * 4. In place
 * ==================================================================================== */

static void test_in_place(void)
{
    static const size_t ns[] = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 257, 1000, 4099};
    const size_t maxn = 4099;
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        size_t es = type_size(t);
        unsigned char *x = alloc64((maxn + 1) * es), *dy = alloc64((maxn + 1) * es);
        unsigned char *ref = alloc64(maxn * es), *buf = alloc64((maxn + 1) * es);
        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++) {
                size_t n = ns[ni];
                for (size_t off = 0; off < 2; off++) { /* aligned and one element off */
                    unsigned char *xo = x + off * es, *dyo = dy + off * es;
                    unsigned char *bo = buf + off * es;
                    for (size_t i = 0; i < n; i++) {
                        store(t, xo, i, g_pool[ti][(i * 7u + n) % POOL]);
                        store(t, dyo, i, g_pool[ti][(i * 13u + n + 5u) % POOL]);
                    }
                    struct { const char *what; int kind; } modes[] = {
                        {"forward y == x", 0}, {"backward dx == dy", 1},
                        {"backward dx == x", 2}, {"backward dx == x == dy", 3}};
                    for (size_t m = 0; m < 4; m++) {
                        gelu_status s1, s2;
                        if (modes[m].kind == 0) {
                            s1 = call_forward(t, f, xo, ref, n);
                            memcpy(bo, xo, n * es);
                            s2 = call_forward(t, f, bo, bo, n);
                        } else if (modes[m].kind == 1) {
                            s1 = call_backward(t, f, xo, dyo, ref, n);
                            memcpy(bo, dyo, n * es);
                            s2 = call_backward(t, f, xo, bo, bo, n);
                        } else if (modes[m].kind == 2) {
                            s1 = call_backward(t, f, xo, dyo, ref, n);
                            memcpy(bo, xo, n * es);
                            s2 = call_backward(t, f, bo, dyo, bo, n);
                        } else {
                            s1 = call_backward(t, f, xo, xo, ref, n);
                            memcpy(bo, xo, n * es);
                            s2 = call_backward(t, f, bo, bo, bo, n);
                        }
                        CHECK(s1 == GELU_OK && s2 == GELU_OK,
                              "%s %s, %s, n=%zu: status %d (out of place), %d (in place)",
                              type_name(t), modes[m].what, fn_name(f), n, (int)s1, (int)s2);
                        for (size_t i = 0; i < n; i++) {
                            uint64_t got = load(t, bo, i), want = load(t, ref, i);
                            if (got == want) { g_checks++; continue; }
                            char what[96];
                            snprintf(what, sizeof what, "%s, n=%zu element %zu vs out of place",
                                     modes[m].what, n, i);
                            uint64_t xi = load(t, xo, i);
                            if (modes[m].kind == 0)
                                check_fwd_bits(t, f, xi, got, want, what);
                            else
                                check_bwd_bits(t, f, xi,
                                               modes[m].kind == 3 ? xi : load(t, dyo, i), got,
                                               want, what);
                        }
                    }
                }
            }
        }
        free(x); free(dy); free(ref); free(buf);
    }
}

/* ======================================================================================
 * 5. Error codes
 * ==================================================================================== */

#define EBUF 64 /* elements */

typedef struct err_ctx {
    ftype t;
    unsigned char *mem;  /* one array of 3 * EBUF elements, canary filled */
    unsigned char *save; /* its contents before the call */
    size_t bytes;
} err_ctx;

static void err_reset(err_ctx *c)
{
    for (size_t i = 0; i < 3 * EBUF; i++)
        store(c->t, c->mem, i, bits_from_double(c->t, (double)i * 0.25 - 3.0));
    memcpy(c->save, c->mem, c->bytes);
}

static void *err_at(err_ctx *c, size_t i) { return c->mem + i * type_size(c->t); }

static void expect_fwd(err_ctx *c, gelu_fn f, const void *x, void *y, size_t n,
                       gelu_status want, const char *what)
{
    err_reset(c);
    gelu_status s = call_forward(c->t, f, x, y, n);
    CHECK(s == want, "%s(fn=%d) n=%zu %s: status %d (%s), expected %d (%s)",
          forward_name(c->t), (int)f, n, what, (int)s, gelu_status_string(s), (int)want,
          gelu_status_string(want));
    if (want != GELU_OK || n == 0)
        CHECK(memcmp(c->mem, c->save, c->bytes) == 0, "%s(fn=%d) n=%zu %s: memory written "
              "although status %d", forward_name(c->t), (int)f, n, what, (int)s);
}

static void expect_bwd(err_ctx *c, gelu_fn f, const void *x, const void *dy, void *dx,
                       size_t n, gelu_status want, const char *what)
{
    err_reset(c);
    gelu_status s = call_backward(c->t, f, x, dy, dx, n);
    CHECK(s == want, "%s(fn=%d) n=%zu %s: status %d (%s), expected %d (%s)",
          backward_name(c->t), (int)f, n, what, (int)s, gelu_status_string(s), (int)want,
          gelu_status_string(want));
    if (want != GELU_OK || n == 0)
        CHECK(memcmp(c->mem, c->save, c->bytes) == 0, "%s(fn=%d) n=%zu %s: memory written "
              "although status %d", backward_name(c->t), (int)f, n, what, (int)s);
}

static void test_errors(void)
{
    static const gelu_fn bad_fns[] = {(gelu_fn)4, (gelu_fn)5, (gelu_fn)100, (gelu_fn)-1,
                                      (gelu_fn)0x7fffffff};
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        err_ctx c;
        c.t = t;
        c.bytes = 3 * EBUF * type_size(t);
        c.mem = alloc64(c.bytes);
        c.save = malloc(c.bytes);
        if (!c.save) { printf("FAIL: out of memory\n"); exit(2); }
        void *a = err_at(&c, 0), *b = err_at(&c, EBUF), *d = err_at(&c, 2 * EBUF);
        const size_t n = 8;
        size_t big = SIZE_MAX / type_size(t) + 1u; /* n * size overflows */

        /* n = 0 with a valid fn: OK, whatever the pointers, nothing written */
        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            expect_fwd(&c, f, NULL, NULL, 0, GELU_OK, "n=0 NULL pointers");
            expect_fwd(&c, f, a, NULL, 0, GELU_OK, "n=0 y NULL");
            expect_fwd(&c, f, a, b, 0, GELU_OK, "n=0 valid pointers");
            expect_fwd(&c, f, a, err_at(&c, 1), 0, GELU_OK, "n=0 overlapping pointers");
            expect_bwd(&c, f, NULL, NULL, NULL, 0, GELU_OK, "n=0 NULL pointers");
            expect_bwd(&c, f, a, b, NULL, 0, GELU_OK, "n=0 dx NULL");
            expect_bwd(&c, f, a, b, d, 0, GELU_OK, "n=0 valid pointers");
            expect_bwd(&c, f, a, b, err_at(&c, 1), 0, GELU_OK, "n=0 overlapping pointers");
        }

        /* unknown fn: ARG whatever n and the pointers (checked first) */
        for (size_t i = 0; i < sizeof bad_fns / sizeof bad_fns[0]; i++) {
            gelu_fn f = bad_fns[i];
            expect_fwd(&c, f, NULL, NULL, 0, GELU_ERR_ARG, "unknown fn, n=0, NULL");
            expect_fwd(&c, f, a, b, 0, GELU_ERR_ARG, "unknown fn, n=0");
            expect_fwd(&c, f, a, b, n, GELU_ERR_ARG, "unknown fn");
            expect_fwd(&c, f, NULL, b, n, GELU_ERR_ARG, "unknown fn before NULL x");
            expect_fwd(&c, f, a, err_at(&c, 1), n, GELU_ERR_ARG, "unknown fn before overlap");
            expect_fwd(&c, f, a, b, big, GELU_ERR_ARG, "unknown fn, huge n");
            expect_bwd(&c, f, NULL, NULL, NULL, 0, GELU_ERR_ARG, "unknown fn, n=0, NULL");
            expect_bwd(&c, f, a, b, d, 0, GELU_ERR_ARG, "unknown fn, n=0");
            expect_bwd(&c, f, a, b, d, n, GELU_ERR_ARG, "unknown fn");
            expect_bwd(&c, f, a, NULL, d, n, GELU_ERR_ARG, "unknown fn before NULL dy");
        }

        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            /* NULL arrays with n > 0 */
            expect_fwd(&c, f, NULL, b, n, GELU_ERR_NULL, "x NULL");
            expect_fwd(&c, f, a, NULL, n, GELU_ERR_NULL, "y NULL");
            expect_fwd(&c, f, NULL, NULL, n, GELU_ERR_NULL, "x and y NULL");
            expect_fwd(&c, f, NULL, b, big, GELU_ERR_NULL, "x NULL before huge n");
            expect_bwd(&c, f, NULL, b, d, n, GELU_ERR_NULL, "x NULL");
            expect_bwd(&c, f, a, NULL, d, n, GELU_ERR_NULL, "dy NULL");
            expect_bwd(&c, f, a, b, NULL, n, GELU_ERR_NULL, "dx NULL");
            expect_bwd(&c, f, NULL, NULL, NULL, n, GELU_ERR_NULL, "all NULL");
            expect_bwd(&c, f, a, NULL, a, 1, GELU_ERR_NULL, "dy NULL, dx == x");

            /* sizes: n * size overflows; or the array runs past the end of memory */
            expect_fwd(&c, f, a, b, big, GELU_ERR_ARG, "n * size overflows");
            expect_fwd(&c, f, a, b, SIZE_MAX, GELU_ERR_ARG, "n = SIZE_MAX");
            expect_fwd(&c, f, a, a, SIZE_MAX / 2u, GELU_ERR_ARG, "n = SIZE_MAX/2 in place");
            expect_fwd(&c, f, a, b, big - 1u, GELU_ERR_ARG, "array past the end of memory");
            expect_bwd(&c, f, a, b, d, big, GELU_ERR_ARG, "n * size overflows");
            expect_bwd(&c, f, a, b, d, SIZE_MAX, GELU_ERR_ARG, "n = SIZE_MAX");
            expect_bwd(&c, f, a, a, a, big - 1u, GELU_ERR_ARG,
                       "array past the end of memory, all in place");
            /* overflow is checked before overlap */
            expect_fwd(&c, f, a, err_at(&c, 1), big, GELU_ERR_ARG, "overflow and overlap");

            /* partial overlap of the output with an input, one element either way */
            expect_fwd(&c, f, err_at(&c, 10), err_at(&c, 11), n, GELU_ERR_OVERLAP,
                       "y = x + 1");
            expect_fwd(&c, f, err_at(&c, 11), err_at(&c, 10), n, GELU_ERR_OVERLAP,
                       "y = x - 1");
            expect_fwd(&c, f, err_at(&c, 10), err_at(&c, 10 + n - 1), n, GELU_ERR_OVERLAP,
                       "y = x + n - 1 (one element shared)");
            expect_fwd(&c, f, err_at(&c, 10 + n - 1), err_at(&c, 10), n, GELU_ERR_OVERLAP,
                       "x = y + n - 1 (one element shared)");
            /* touching but disjoint: fine */
            expect_fwd(&c, f, err_at(&c, 10), err_at(&c, 10 + n), n, GELU_OK, "y = x + n");
            expect_fwd(&c, f, err_at(&c, 10 + n), err_at(&c, 10), n, GELU_OK, "x = y + n");

            expect_bwd(&c, f, err_at(&c, 10), b, err_at(&c, 11), n, GELU_ERR_OVERLAP,
                       "dx = x + 1");
            expect_bwd(&c, f, err_at(&c, 11), b, err_at(&c, 10), n, GELU_ERR_OVERLAP,
                       "dx = x - 1");
            expect_bwd(&c, f, a, err_at(&c, 70), err_at(&c, 71), n, GELU_ERR_OVERLAP,
                       "dx = dy + 1");
            expect_bwd(&c, f, a, err_at(&c, 71), err_at(&c, 70), n, GELU_ERR_OVERLAP,
                       "dx = dy - 1");
            expect_bwd(&c, f, err_at(&c, 10), err_at(&c, 11), err_at(&c, 10), n,
                       GELU_ERR_OVERLAP, "dx == x but dx = dy - 1");
            expect_bwd(&c, f, err_at(&c, 11), err_at(&c, 10), err_at(&c, 10), n,
                       GELU_ERR_OVERLAP, "dx == dy but dx = x - 1");
            /* inputs may overlap each other in any way */
            expect_bwd(&c, f, err_at(&c, 10), err_at(&c, 11), d, n, GELU_OK,
                       "x and dy overlap (dy = x + 1)");
            expect_bwd(&c, f, err_at(&c, 11), err_at(&c, 10), d, n, GELU_OK,
                       "x and dy overlap (x = dy + 1)");
            expect_bwd(&c, f, a, a, d, n, GELU_OK, "x == dy");
            expect_bwd(&c, f, err_at(&c, 10), b, err_at(&c, 10 + n), n, GELU_OK,
                       "dx = x + n (touching)");
        }

        /* the overlapping inputs give the elementwise results */
        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            err_reset(&c);
            unsigned char *xx = err_at(&c, 10);
            unsigned char *dd = err_at(&c, 13);
            gelu_status s = call_backward(t, f, xx, dd, d, n);
            CHECK(s == GELU_OK, "%s(%s) x and dy overlapping: status %d", backward_name(t),
                  fn_name(f), (int)s);
            for (size_t i = 0; i < n; i++)
                check_bwd_bits(t, f, load(t, xx, i), load(t, dd, i), load(t, d, i),
                               backward1(t, f, load(t, xx, i), load(t, dd, i)),
                               "x and dy overlapping");
        }
        free(c.mem);
        free(c.save);
    }
}

/* ======================================================================================
 * 6. Status strings, version, ISA
 * ==================================================================================== */

static void test_strings_version(void)
{
    const char *s[8];
    gelu_status codes[8] = {GELU_OK, GELU_ERR_NULL, GELU_ERR_ARG, GELU_ERR_OVERLAP,
                            GELU_ERR_NOMEM, GELU_ERR_UNSUPPORTED, (gelu_status)6,
                            (gelu_status)-1};
    for (size_t i = 0; i < 8; i++) {
        s[i] = gelu_status_string(codes[i]);
        CHECK(s[i] != NULL && s[i][0] != '\0', "gelu_status_string(%d): NULL or empty",
              (int)codes[i]);
        if (!s[i]) s[i] = "";
    }
    for (size_t i = 0; i < 7; i++)
        for (size_t j = i + 1; j < 7; j++)
            CHECK(strcmp(s[i], s[j]) != 0,
                  "gelu_status_string(%d) and (%d) are the same string \"%s\"",
                  (int)codes[i], (int)codes[j], s[i]);
    CHECK(strcmp(s[6], "unknown gelu_status") == 0 &&
              strcmp(s[7], "unknown gelu_status") == 0 &&
              strcmp(gelu_status_string((gelu_status)1000), "unknown gelu_status") == 0,
          "gelu_status_string(out of range) = \"%s\", expected \"unknown gelu_status\"", s[6]);

    char v[64];
    snprintf(v, sizeof v, "%d.%d.%d", GELU_VERSION_MAJOR, GELU_VERSION_MINOR,
             GELU_VERSION_PATCH);
    const char *gv = gelu_version();
    CHECK(gv != NULL && strcmp(gv, v) == 0, "gelu_version() = \"%s\", expected \"%s\"",
          gv ? gv : "(null)", v);
    CHECK(GELU_VERSION_NUMBER ==
              GELU_VERSION_MAJOR * 10000 + GELU_VERSION_MINOR * 100 + GELU_VERSION_PATCH,
          "GELU_VERSION_NUMBER inconsistent");
}

static int is_known_isa(const char *s)
{
    return s && (strcmp(s, "scalar") == 0 || strcmp(s, "avx2") == 0 ||
                 strcmp(s, "avx512") == 0 || strcmp(s, "neon") == 0);
}

static void test_isa_selection(const char *initial)
{
    g_isa = "-";
    CHECK(is_known_isa(initial), "gelu_isa() at start = \"%s\", not a known name",
          initial ? initial : "(null)");
    gelu_status s = gelu_set_isa("scalar");
    CHECK(s == GELU_OK, "gelu_set_isa(\"scalar\") = %d, expected GELU_OK", (int)s);
    CHECK(strcmp(gelu_isa(), "scalar") == 0, "after gelu_set_isa(\"scalar\"), gelu_isa() = "
          "\"%s\"", gelu_isa());

    /* Each SIMD name is either accepted (then gelu_isa() reports it) or refused as
     * unsupported, leaving the choice as it was. */
    static const char *const simd[] = {"avx2", "avx512", "neon"};
    for (size_t i = 0; i < 3; i++) {
        gelu_set_isa("scalar");
        s = gelu_set_isa(simd[i]);
        CHECK(s == GELU_OK || s == GELU_ERR_UNSUPPORTED,
              "gelu_set_isa(\"%s\") = %d, expected GELU_OK or GELU_ERR_UNSUPPORTED", simd[i],
              (int)s);
        const char *want = s == GELU_OK ? simd[i] : "scalar";
        CHECK(strcmp(gelu_isa(), want) == 0, "after gelu_set_isa(\"%s\") = %d, gelu_isa() = "
              "\"%s\", expected \"%s\"", simd[i], (int)s, gelu_isa(), want);
    }
    gelu_set_isa("scalar");
    static const char *const bad[] = {"bogus", "", "scala", "scalarx", "scalar ", "avx",
                                      "avx5120", "auto2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s = gelu_set_isa(bad[i]);
        CHECK(s == GELU_ERR_ARG, "gelu_set_isa(\"%s\") = %d, expected GELU_ERR_ARG", bad[i],
              (int)s);
        CHECK(strcmp(gelu_isa(), "scalar") == 0, "gelu_set_isa(\"%s\") failing changed "
              "gelu_isa() to \"%s\"", bad[i], gelu_isa());
    }
    s = gelu_set_isa(NULL);
    CHECK(s == GELU_ERR_NULL, "gelu_set_isa(NULL) = %d, expected GELU_ERR_NULL", (int)s);
    s = gelu_set_isa("auto");
    CHECK(s == GELU_OK, "gelu_set_isa(\"auto\") = %d, expected GELU_OK", (int)s);
    CHECK(initial && strcmp(gelu_isa(), initial) == 0,
          "after gelu_set_isa(\"auto\"), gelu_isa() = \"%s\", expected the default \"%s\"",
          gelu_isa(), initial ? initial : "(null)");
}

/* ======================================================================================
 * The caller's rounding mode is left as it was
 * ==================================================================================== */

static void test_fenv(void)
{
    static const int modes[] = {
#ifdef FE_UPWARD
        FE_UPWARD,
#endif
#ifdef FE_DOWNWARD
        FE_DOWNWARD,
#endif
#ifdef FE_TOWARDZERO
        FE_TOWARDZERO,
#endif
        FE_TONEAREST};
    float xf[33], yf[33];
    double xd[33], yd[33];
    for (size_t i = 0; i < 33; i++) {
        xf[i] = (float)i * 0.5f - 8.0f;
        xd[i] = (double)i * 0.5 - 8.0;
    }
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            if (fesetround(modes[m]) != 0) continue;
            (void)gelu_forward_f32(f, xf, yf, 33);
            (void)gelu_backward_f32(f, xf, xf, yf, 33);
            (void)gelu_forward_f64(f, xd, yd, 33);
            (void)gelu_backward_f64(f, xd, xd, yd, 33);
            int after = fegetround();
            fesetround(FE_TONEAREST);
            CHECK(after == modes[m], "%s: rounding mode %d changed to %d by the library",
                  fn_name(f), modes[m], after);
        }
    }
    fesetround(FE_TONEAREST);
}

/* ======================================================================================
 * Cross-ISA: every ISA's results bit-identical to the scalar kernels'
 * ==================================================================================== */

#define XN 4096
static uint64_t g_scalar_results[2][4][2][XN]; /* type, fn, direction, element */

static void cross_isa(int record)
{
    for (size_t ti = 0; ti < 2; ti++) {
        ftype t = k_types[ti];
        size_t es = type_size(t);
        unsigned char *x = alloc64(XN * es), *dy = alloc64(XN * es), *out = alloc64(XN * es);
        for (size_t i = 0; i < XN; i++) {
            /* the same inputs on every ISA: a grid over [-20 * (1 + i%7), ...) and the pool */
            double v = ((double)(i * 2654435761u % 4000001u) - 2000000.0) * 1e-5 *
                       (double)(i % 7u + 1u);
            store(t, x, i, (i % 3u == 0u) ? g_pool[ti][i % POOL] : bits_from_double(t, v));
            store(t, dy, i, g_pool[ti][(i * 5u + 3u) % POOL]);
        }
        for (size_t fi = 0; fi < 4; fi++) {
            gelu_fn f = k_fns[fi];
            for (size_t dir = 0; dir < 2; dir++) {
                gelu_status s = dir == 0 ? call_forward(t, f, x, out, XN)
                                         : call_backward(t, f, x, dy, out, XN);
                CHECK(s == GELU_OK, "cross-ISA call failed: %d", (int)s);
                for (size_t i = 0; i < XN; i++) {
                    uint64_t got = load(t, out, i);
                    if (record) { g_scalar_results[ti][fi][dir][i] = got; continue; }
                    uint64_t want = g_scalar_results[ti][fi][dir][i];
                    if (dir == 0)
                        check_fwd_bits(t, f, load(t, x, i), got, want, "vs scalar kernels");
                    else
                        check_bwd_bits(t, f, load(t, x, i), load(t, dy, i), got, want,
                                       "vs scalar kernels");
                }
            }
        }
        free(x); free(dy); free(out);
    }
}

/* ======================================================================================
 * main
 * ==================================================================================== */

static void run_section(const char *name, void (*fn)(void))
{
    unsigned long f0 = g_failures, c0 = g_checks;
    clock_t t0 = clock();
    fn();
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("  [%s] %-28s %9lu checks, %lu failed, %.2f s\n", g_isa, name, g_checks - c0,
           g_failures - f0, secs);
}

/* bf16 and f16 forward: error codes (nothing written), in place, every length and offset of
 * a short array against single-element calls, no write outside [0, n). */
static void test_half_forward(void)
{
    static gelu_status (*const fwd[2])(gelu_fn, const uint16_t *, uint16_t *, size_t) = {
        gelu_forward_bf16, gelu_forward_f16};
    static const char *const names[2] = {"gelu_forward_bf16", "gelu_forward_f16"};
    for (int t = 0; t < 2; t++) {
        uint16_t buf[80], x[80], one;
        for (int i = 0; i < 80; i++) x[i] = (uint16_t)(0x3c00u + 977u * (unsigned)i);
        for (int f = 0; f < 4; f++) {
            gelu_fn fn = (gelu_fn)f;
            CHECK(fwd[t](fn, NULL, NULL, 0) == GELU_OK, "%s n=0", names[t]);
            CHECK(fwd[t]((gelu_fn)7, x, buf, 1) == GELU_ERR_ARG, "%s bad fn", names[t]);
            CHECK(fwd[t](fn, NULL, buf, 1) == GELU_ERR_NULL, "%s NULL x", names[t]);
            CHECK(fwd[t](fn, x, NULL, 1) == GELU_ERR_NULL, "%s NULL y", names[t]);
            CHECK(fwd[t](fn, x, (uint16_t *)x + 1, 4) == GELU_ERR_OVERLAP, "%s overlap", names[t]);
            CHECK(fwd[t](fn, x, buf, SIZE_MAX / 2 + 1) == GELU_ERR_ARG, "%s size overflow", names[t]);
            for (int n = 0; n <= 70; n += 7) {
                for (int off = 0; off < 3; off++) {
                    for (int i = 0; i < 80; i++) buf[i] = 0xdead;
                    CHECK(fwd[t](fn, x + off, buf + off, (size_t)n) == GELU_OK, "%s call", names[t]);
                    for (int i = 0; i < 80; i++) {
                        if (i < off || i >= off + n) {
                            CHECK(buf[i] == 0xdead, "%s wrote outside [0, n)", names[t]);
                            continue;
                        }
                        fwd[t](fn, x + i, &one, 1);
                        CHECK(buf[i] == one, "%s n=%d off=%d i=%d differs from n=1", names[t], n, off, i);
                    }
                    uint16_t in_place[80];
                    memcpy(in_place, x, sizeof in_place);
                    CHECK(fwd[t](fn, in_place + off, in_place + off, (size_t)n) == GELU_OK, "%s", names[t]);
                    CHECK(memcmp(in_place + off, buf + off, (size_t)n * 2) == 0, "%s in place differs", names[t]);
                }
            }
        }
    }
}

/* bf16 and f16 backward: error codes, special values, every length and offset against
 * single-element calls, no write outside [0, n), in place on x and on dy. */
static void test_half_backward(void)
{
    static gelu_status (*const bwd[2])(gelu_fn, const uint16_t *, const uint16_t *, uint16_t *,
                                        size_t) = {gelu_backward_bf16, gelu_backward_f16};
    static const char *const names[2] = {"gelu_backward_bf16", "gelu_backward_f16"};
    /* +inf, -inf, NaN, default NaN, 1.0, 0.5, +0, -0 per format */
    static const uint16_t inf[2] = {0x7f80, 0x7c00}, ninf[2] = {0xff80, 0xfc00},
                          nan[2] = {0x7f81, 0x7c01}, qnan[2] = {0x7fc1, 0x7e01},
                          dnan[2] = {0x7fc0, 0x7e00}, one[2] = {0x3f80, 0x3c00},
                          half[2] = {0x3f00, 0x3800};
    for (int t = 0; t < 2; t++) {
        uint16_t buf[80], x[80], dy[80], single;
        for (int i = 0; i < 80; i++) {
            x[i] = (uint16_t)(0x3c00u + 977u * (unsigned)i);
            dy[i] = (uint16_t)(0x3a00u + 331u * (unsigned)i);
        }
        for (int f = 0; f < 4; f++) {
            gelu_fn fn = (gelu_fn)f;
            const char *nm = names[t];
            CHECK(bwd[t](fn, NULL, NULL, NULL, 0) == GELU_OK, "%s n=0", nm);
            CHECK(bwd[t]((gelu_fn)7, x, dy, buf, 1) == GELU_ERR_ARG, "%s bad fn", nm);
            CHECK(bwd[t](fn, NULL, dy, buf, 1) == GELU_ERR_NULL, "%s NULL x", nm);
            CHECK(bwd[t](fn, x, NULL, buf, 1) == GELU_ERR_NULL, "%s NULL dy", nm);
            CHECK(bwd[t](fn, x, dy, NULL, 1) == GELU_ERR_NULL, "%s NULL dx", nm);
            CHECK(bwd[t](fn, x, dy, x + 1, 4) == GELU_ERR_OVERLAP, "%s overlap", nm);
            CHECK(bwd[t](fn, x, dy, buf, SIZE_MAX / 2 + 1) == GELU_ERR_ARG, "%s size", nm);
            /* specials: x NaN wins, then dy NaN (quieted); f'(0) = 1/2 (ReLU: 0);
             * f'(+inf) = 1; dy = inf at x = -inf is inf * 0: the default NaN */
            struct { uint16_t x, dy, want; } sp[] = {
                {nan[t], qnan[t] ^ 1u, qnan[t]},
                {one[t], nan[t], qnan[t]},
                {0, one[t], f == GELU_RELU ? 0 : half[t]},
                {inf[t], half[t], half[t]},
                {ninf[t], inf[t], dnan[t]},
            };
            for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++) {
                uint16_t out;
                CHECK(bwd[t](fn, &sp[k].x, &sp[k].dy, &out, 1) == GELU_OK, "%s call", nm);
                CHECK(out == sp[k].want, "%s %s x=0x%04x dy=0x%04x: got 0x%04x want 0x%04x", nm,
                      fn_name(fn), sp[k].x, sp[k].dy, out, sp[k].want);
            }
            /* in place on x with both NaN: x's NaN still wins */
            uint16_t ipx[2] = {nan[t], one[t]}, ipdy[2] = {(uint16_t)(qnan[t] ^ 1u), nan[t]};
            CHECK(bwd[t](fn, ipx, ipdy, ipx, 2) == GELU_OK, "%s call", nm);
            CHECK(ipx[0] == qnan[t] && ipx[1] == qnan[t], "%s in place NaN rules: 0x%04x 0x%04x",
                  nm, ipx[0], ipx[1]);
            for (int n = 0; n <= 70; n += 7) {
                for (int off = 0; off < 3; off++) {
                    for (int i = 0; i < 80; i++) buf[i] = 0xdead;
                    CHECK(bwd[t](fn, x + off, dy + off, buf + off, (size_t)n) == GELU_OK, "%s", nm);
                    for (int i = 0; i < 80; i++) {
                        if (i < off || i >= off + n) {
                            CHECK(buf[i] == 0xdead, "%s wrote outside [0, n)", nm);
                            continue;
                        }
                        bwd[t](fn, x + i, dy + i, &single, 1);
                        CHECK(buf[i] == single, "%s n=%d off=%d i=%d differs from n=1", nm, n, off, i);
                    }
                    uint16_t ip[80];
                    memcpy(ip, x, sizeof ip);
                    CHECK(bwd[t](fn, ip + off, dy + off, ip + off, (size_t)n) == GELU_OK, "%s", nm);
                    CHECK(memcmp(ip + off, buf + off, (size_t)n * 2) == 0, "%s in place on x", nm);
                    memcpy(ip, dy, sizeof ip);
                    CHECK(bwd[t](fn, x + off, ip + off, ip + off, (size_t)n) == GELU_OK, "%s", nm);
                    CHECK(memcmp(ip + off, buf + off, (size_t)n * 2) == 0, "%s in place on dy", nm);
                    /* x, dy and dx all one array (with zeros, infinities and NaNs, which the
                     * SIMD pass leaves to the portable code, read after dx is written) */
                    uint16_t sep[80], xs[80];
                    static const uint16_t odd[4] = {0x0000, 0x8001, 0x7c00, 0x7e05};
                    memcpy(xs, x, sizeof xs);
                    for (int i = 0; i < 80; i += 3) xs[i] = t == 0 && odd[i % 4] == 0x7c00 ? 0x7f80 : odd[i % 4];
                    CHECK(bwd[t](fn, xs + off, xs + off, sep + off, (size_t)n) == GELU_OK, "%s", nm);
                    memcpy(ip, xs, sizeof ip);
                    CHECK(bwd[t](fn, ip + off, ip + off, ip + off, (size_t)n) == GELU_OK, "%s", nm);
                    CHECK(memcmp(ip + off, sep + off, (size_t)n * 2) == 0, "%s in place on x and dy", nm);
                }
            }
        }
    }
}

/* gelu_forward_cr_f32: error codes, special values, ties of the tiny inputs, agreement with
 * the faithful kernel (within 1 ulp) and with a long double reference where that settles the
 * rounding, every length and offset against single-element calls, in place. */
static void test_cr_forward(void)
{
    const char *name = "gelu_forward_cr_f32";
    float x[80], buf[80], one;
    for (int i = 0; i < 80; i++) x[i] = (float)((i - 40) * 0.173);
    x[3] = 0x1p-149f;
    x[5] = -3.7f; /* outside the fast ranges: the double path */
    x[7] = 12.5f;
    for (int f = 0; f < 4; f++) {
        gelu_fn fn = (gelu_fn)f;
        CHECK(gelu_forward_cr_f32(fn, NULL, NULL, 0) == GELU_OK, "%s n=0", name);
        CHECK(gelu_forward_cr_f32((gelu_fn)7, x, buf, 1) == GELU_ERR_ARG, "%s bad fn", name);
        CHECK(gelu_forward_cr_f32((gelu_fn)-1, x, buf, 1) == GELU_ERR_ARG, "%s bad fn", name);
        CHECK(gelu_forward_cr_f32(fn, NULL, buf, 1) == GELU_ERR_NULL, "%s NULL x", name);
        CHECK(gelu_forward_cr_f32(fn, x, NULL, 1) == GELU_ERR_NULL, "%s NULL y", name);
        CHECK(gelu_forward_cr_f32(fn, x, x + 1, 4) == GELU_ERR_OVERLAP, "%s overlap", name);
        CHECK(gelu_forward_cr_f32(fn, x, buf, SIZE_MAX / 2 + 1) == GELU_ERR_ARG, "%s size", name);
        /* special values: NaN (payload kept, quieted), +-inf, +-0 */
        static const uint32_t sp[] = {0x7fa00001u, 0xff800123u, 0x7f800000u, 0xff800000u, 0u,
                                      0x80000000u};
        for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++) {
            float in = float_of_bits(sp[k]), out;
            CHECK(gelu_forward_cr_f32(fn, &in, &out, 1) == GELU_OK, "%s call", name);
            uint32_t want;
            if ((sp[k] & 0x7fffffffu) > 0x7f800000u) want = sp[k] | 0x00400000u;
            else if (sp[k] == 0x7f800000u) want = sp[k];
            else if (sp[k] == 0xff800000u) want = fn == GELU_RELU ? 0u : 0x80000000u;
            else want = fn == GELU_RELU ? 0u : sp[k];
            CHECK(bits_of_float(out) == want, "%s %s special 0x%08x: got 0x%08x want 0x%08x",
                  name, fn_name(fn), sp[k], bits_of_float(out), want);
        }
        if (fn != GELU_RELU) {
            /* f = x/2 + c x^2, c > 0: x/2 a subnormal midpoint rounds up */
            static const float tiny[][2] = {{0x1p-149f, 0x1p-149f}, {-0x1p-149f, -0.0f},
                                            {0x3p-149f, 0x1p-148f}, {-0x3p-149f, -0x1p-149f},
                                            {0x1p-100f, 0x1p-101f}};
            for (int k = 0; k < 5; k++) {
                float out;
                gelu_forward_cr_f32(fn, &tiny[k][0], &out, 1);
                CHECK(bits_of_float(out) == bits_of_float(tiny[k][1]),
                      "%s %s(%a) = %a, want %a", name, fn_name(fn), (double)tiny[k][0],
                      (double)out, (double)tiny[k][1]);
            }
        }
        /* within 1 ulp of the faithful result; equal to the long double reference's rounding
         * wherever that reference is far from a rounding boundary */
        for (int i = -4000; i <= 4000; i++) {
            float in = (float)i * 0.0037f, out, faithful;
            gelu_forward_cr_f32(fn, &in, &out, 1);
            gelu_forward_f32(fn, &in, &faithful, 1);
            uint32_t a = bits_of_float(out), b = bits_of_float(faithful);
            CHECK(a == b || a + 1 == b || b + 1 == a || (out == 0 && faithful == 0),
                  "%s %s(%a) = %a, faithful %a", name, fn_name(fn), (double)in, (double)out,
                  (double)faithful);
            long double r = ref_f(fn, (long double)in);
            float rf = (float)r;
            long double gap = fabsl((long double)nextafterf(rf, INFINITY) - (long double)rf);
            long double mid_dist = fabsl(fabsl(r - (long double)rf) - gap / 2);
            if (mid_dist > gap * 0x1p-20L)
                CHECK(out == rf, "%s %s(%a) = %a, reference %a", name, fn_name(fn), (double)in,
                      (double)out, (double)rf);
        }
        /* every length and offset against single-element calls; in place */
        for (int n = 0; n <= 70; n += 7) {
            for (int off = 0; off < 3; off++) {
                for (int i = 0; i < 80; i++) buf[i] = -1234.5f;
                CHECK(gelu_forward_cr_f32(fn, x + off, buf + off, (size_t)n) == GELU_OK, "%s", name);
                for (int i = 0; i < 80; i++) {
                    if (i < off || i >= off + n) {
                        CHECK(buf[i] == -1234.5f, "%s wrote outside [0, n)", name);
                        continue;
                    }
                    gelu_forward_cr_f32(fn, x + i, &one, 1);
                    CHECK(bits_of_float(buf[i]) == bits_of_float(one),
                          "%s n=%d off=%d i=%d differs from n=1", name, n, off, i);
                }
                float in_place[80];
                memcpy(in_place, x, sizeof in_place);
                CHECK(gelu_forward_cr_f32(fn, in_place + off, in_place + off, (size_t)n) == GELU_OK,
                      "%s", name);
                CHECK(memcmp(in_place + off, buf + off, (size_t)n * 4) == 0, "%s in place", name);
            }
        }
    }
}

/* --no-long-double: skip the sections that compare with long double references (valgrind
 * computes long double in double precision, so they cannot pass under memcheck; every other
 * section, and every memory access, is checked there as anywhere). */
int main(int argc, char **argv)
{
    int long_double = !(argc > 1 && strcmp(argv[1], "--no-long-double") == 0);
    clock_t t0 = clock();
    const char *initial = gelu_isa();
    printf("test_api: libgelu %s, default ISA \"%s\"\n", gelu_version(),
           initial ? initial : "(null)");
    make_pools();

    g_isa = "-";
    run_section("status strings, version", test_strings_version);
    test_isa_selection(initial);

    static const char *const isas[] = {"scalar", "avx2", "avx512", "neon"};
    for (size_t i = 0; i < 4; i++) {
        if (gelu_set_isa(isas[i]) != GELU_OK) continue;
        g_isa = isas[i];
        run_section("1. special values", test_special_values);
        if (long_double) {
            run_section("1. subnormal inputs", test_subnormal_inputs);
            run_section("2. values vs long double", test_values);
        }
        run_section("3. sizes, offsets, guards", test_sizes_offsets);
        run_section("4. in place", test_in_place);
        run_section("5. error codes", test_errors);
        run_section("   rounding mode kept", test_fenv);
        run_section("6. bf16 and f16 forward", test_half_forward);
        run_section("7. correctly rounded f32", test_cr_forward);
        run_section("8. bf16 and f16 backward", test_half_backward);
        cross_isa(i == 0);
    }
    gelu_set_isa("auto");

    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("test_api: %lu checks, %lu failed, %.2f s\n", g_checks, g_failures, secs);
    if (g_failures) {
        printf("test_api: FAILED\n");
        return 1;
    }
    printf("test_api: OK\n");
    return 0;
}
