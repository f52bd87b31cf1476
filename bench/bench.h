/* bench.h -- what bench_gelu.c shares with the limit kernels (limits*.c) and with the
 * optional peers (peer_onednn.c, peer_torch.cpp, peer_eigen.cpp, peer_xnnpack.c).  C and
 * C++. */
#ifndef GELU_BENCH_H
#define GELU_BENCH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The arrays of one size and one input distribution.  All are 64-byte aligned, n long,
 * and filled before any peer sees them; x and dy are not written by anybody. */
typedef struct bench_data {
    size_t n;
    const float *x, *dy;   /* f32 input and upstream gradient                        */
    float *y;              /* f32 output (forward y, backward dx)                    */
    const double *xd, *dyd;
    double *yd;
} bench_data;

/* Element types of a row. */
enum { BENCH_F32 = 0, BENCH_F64 = 1, BENCH_BF16 = 2, BENCH_F16 = 3 };
/* Direction of a row. */
enum { BENCH_FWD = 0, BENCH_BWD = 1 };

/* One operation a peer offers.  form is a gelu_fn value (GELU_ERF ... GELU_RELU) when the
 * operation computes that function (it is compared with oneDNN's op of the same form and
 * direction), else -1. */
typedef struct bench_op {
    const char *name;
    int form;
    int dir;
    int type;
} bench_op;

/* A peer library.  init() runs once (0: usable; it writes one line about itself into
 * info); setup() runs for each size and distribution before its ops are timed (0: ok),
 * teardown() after; ready(op) says whether op can run after this setup(); run(op)
 * computes op on the arrays given to setup(). */
typedef struct bench_peer {
    const char *name;
    int (*init)(char *info, size_t info_len);
    int (*setup)(const bench_data *d);
    int (*ready)(int op);
    void (*run)(int op);
    void (*teardown)(void);
    int nops;
    const bench_op *ops;
} bench_peer;

#ifdef GELU_BENCH_HAVE_ONEDNN
extern const bench_peer bench_peer_onednn;
#endif
#ifdef GELU_BENCH_HAVE_TORCH
extern const bench_peer bench_peer_torch;
#endif
/* Eigen: one copy of peer_eigen.cpp per instruction set it was compiled for. */
#ifdef GELU_BENCH_HAVE_EIGEN_DEFAULT
extern const bench_peer bench_peer_eigen_default;
#endif
#ifdef GELU_BENCH_HAVE_EIGEN_AVX2
extern const bench_peer bench_peer_eigen_avx2;
#endif
#ifdef GELU_BENCH_HAVE_EIGEN_AVX512
extern const bench_peer bench_peer_eigen_avx512;
#endif
/* XNNPACK's f32 GELU (rational 12/10, AVX-512F), re-implemented: built on x86-64 where the
 * compiler takes -mavx512f; its init() refuses a CPU without AVX-512F. */
#ifdef GELU_BENCH_HAVE_XNNPACK
extern const bench_peer bench_peer_xnnpack;
/* The kernel (peer_xnnpack_avx512.c): y = GELU(x) for n floats; AVX-512F CPUs only. */
void bench_xnnpack_gelu_avx512(const float *x, float *y, size_t n);
#endif

/* ---- Bandwidth limits (limits.c) ---------------------------------------------------- */

/* Streaming kernels: y = a*x + b (one array in, one out) and y = a*x + z (two in, one
 * out: the shape of a backward pass), with ordinary or with non-temporal stores. */
typedef enum bench_stream_kind {
    BENCH_STREAM_AXPB = 0,
    BENCH_STREAM_AXPB_NT = 1,
    BENCH_STREAM_AXPZ = 2,
    BENCH_STREAM_AXPZ_NT = 3
} bench_stream_kind;

/* The instruction set the streaming kernels use on this CPU ("avx512", "avx2", "sse2",
 * "c"), chosen once at run time. */
const char *bench_stream_isa(void);
/* 1 when kind can be run here (non-temporal stores need x86 or clang). */
int bench_stream_available(bench_stream_kind kind);
void bench_stream(bench_stream_kind kind, const float *x, const float *z, float *y,
                  size_t n);

/* Per-ISA implementations (limits_avx2.c, limits_avx512.c), built only when the compiler
 * takes the flags; called only when the CPU has the ISA. */
void bench_stream_avx2(bench_stream_kind kind, const float *x, const float *z, float *y,
                       size_t n);
void bench_stream_avx512(bench_stream_kind kind, const float *x, const float *z, float *y,
                         size_t n);

/* The constants of the streaming kernels (y = BENCH_A * x + BENCH_B). */
#define BENCH_A 1.0009765625f
#define BENCH_B 0.5f

#ifdef __cplusplus
}
#endif

#endif /* GELU_BENCH_H */
