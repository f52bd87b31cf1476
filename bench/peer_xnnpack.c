/* peer_xnnpack.c -- XNNPACK's f32 GELU ("rational 12/10", AVX-512F) as a peer of bench_gelu.
 * XNNPACK is not a Debian package and not linked: its method and published coefficients are
 * re-implemented in peer_xnnpack_avx512.c (which cites the XNNPACK files).  One op, GELU_ERF
 * forward f32, compared by bench_gelu with libgelu's erf forward ("vs XNNPACK").  Its row
 * says that it flushes the left tail: below x = -5.12 it gives -0.0.
 *
 * This file is built without AVX-512 flags, so that init() can ask the CPU first; the
 * kernel runs only where the CPU has AVX-512F.  init() also checks the kernel's values:
 * at most 1e-6 absolute error from 0.5 x (1 + erf(x / sqrt 2)), computed in double, on
 * N(0,1) inputs, and no write past the end of the array; otherwise the peer is not used. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "gelu.h"
#include "input_dist.h"

static const bench_op ops[1] = {
    {"XNNPACK rational 12/10 erf fwd f32 (flushes x<-5.12)", GELU_ERF, BENCH_FWD, BENCH_F32},
};

static const float *in;
static float *out;
static size_t count;

/* Largest absolute error of the kernel on n_check N(0,1) inputs (an odd count, so that the
 * masked tail is exercised), or INFINITY if it wrote past the end. */
static double self_check(void)
{
    enum { N_CHECK = 4099 };
    static float x[N_CHECK], y[N_CHECK + 1];
    static double xd[N_CHECK];
    bench_dist_fill(BENCH_DIST_N1, N_CHECK, x, xd);
    y[N_CHECK] = 12345.0f; /* guard */
    bench_xnnpack_gelu_avx512(x, y, N_CHECK);
    if (y[N_CHECK] != 12345.0f) return INFINITY;
    double worst = 0;
    for (int i = 0; i < N_CHECK; i++) {
        double v = x[i]; /* the float input, exactly */
        double exact = 0.5 * v * (1.0 + erf(v * 0.70710678118654752440));
        double e = fabs((double)y[i] - exact);
        if (!(e <= worst)) worst = isnan(e) ? INFINITY : e;
    }
    return worst;
}

static int xnn_init(char *info, size_t len)
{
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f")) {
        snprintf(info, len, "XNNPACK rational 12/10 (re-implemented): this CPU has no AVX-512F");
        return 1;
    }
    double err = self_check();
    if (!(err <= 1e-6)) {
        snprintf(info, len,
                 "XNNPACK rational 12/10 (re-implemented): failed its check, max abs error %.3g "
                 "on N(0,1) (1e-6 allowed)",
                 err);
        return 1;
    }
    snprintf(info, len,
             "XNNPACK f32-vgelu avx512f rational 12/10 nr u32 (re-implemented from its published "
             "coefficients; flushes x < -5.12 to -0): max abs error %.2g on 4099 N(0,1) inputs",
             err);
    return 0;
}

static int xnn_setup(const bench_data *d)
{
    in = d->x;
    out = d->y;
    count = d->n;
    return 0;
}

static int xnn_ready(int op)
{
    return op == 0;
}

static void xnn_run(int op)
{
    (void)op;
    bench_xnnpack_gelu_avx512(in, out, count);
}

static void xnn_teardown(void) {}

const bench_peer bench_peer_xnnpack = {"XNNPACK",  xnn_init,     xnn_setup, xnn_ready,
                                       xnn_run,    xnn_teardown, 1,         ops};
