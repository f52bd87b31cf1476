/* peer_onednn.c -- oneDNN (libdnnl, C API) eltwise primitives as a peer of bench_gelu:
 * gelu_erf, gelu_tanh, swish with alpha = 1.702 (= GELU_SIGMOID, x * sigmoid(1.702 x))
 * and relu, forward and backward, f32; gelu_erf and gelu_tanh in bf16 too where the CPU
 * has a bf16 implementation.  One 1-D tensor of n elements (format tag a). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oneapi/dnnl/dnnl.h>

#include "bench.h"
#include "gelu.h"

enum { N_F32_OPS = 8, N_OPS = 11 };

static const bench_op ops[N_OPS] = {
    {"oneDNN gelu_erf fwd f32", GELU_ERF, BENCH_FWD, BENCH_F32},
    {"oneDNN gelu_erf bwd f32", GELU_ERF, BENCH_BWD, BENCH_F32},
    {"oneDNN gelu_tanh fwd f32", GELU_TANH, BENCH_FWD, BENCH_F32},
    {"oneDNN gelu_tanh bwd f32", GELU_TANH, BENCH_BWD, BENCH_F32},
    {"oneDNN swish(1.702) fwd f32", GELU_SIGMOID, BENCH_FWD, BENCH_F32},
    {"oneDNN swish(1.702) bwd f32", GELU_SIGMOID, BENCH_BWD, BENCH_F32},
    {"oneDNN relu fwd f32", GELU_RELU, BENCH_FWD, BENCH_F32},
    {"oneDNN relu bwd f32", GELU_RELU, BENCH_BWD, BENCH_F32},
    {"oneDNN gelu_erf fwd bf16", GELU_ERF, BENCH_FWD, BENCH_BF16},
    {"oneDNN gelu_erf bwd bf16", GELU_ERF, BENCH_BWD, BENCH_BF16},
    {"oneDNN gelu_tanh fwd bf16", GELU_TANH, BENCH_FWD, BENCH_BF16},
};

static dnnl_engine_t engine;
static dnnl_stream_t stream;

typedef struct prim {
    dnnl_primitive_t p;
    dnnl_exec_arg_t args[3];
    int nargs;
} prim;

static prim prims[N_OPS];
static dnnl_memory_t mems[8]; /* f32 x dy y, bf16 x dy y */
static uint16_t *bf16_buf;    /* bf16 x, dy, y: 3n */
static int have_bf16;

static void release(void)
{
    for (int i = 0; i < N_OPS; i++) {
        if (prims[i].p) dnnl_primitive_destroy(prims[i].p);
        prims[i].p = NULL;
    }
    for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++) {
        if (mems[i]) dnnl_memory_destroy(mems[i]);
        mems[i] = NULL;
    }
    free(bf16_buf);
    bf16_buf = NULL;
}

static uint16_t to_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40u); /* NaN */
    u += 0x7fffu + ((u >> 16) & 1u); /* round to nearest even */
    return (uint16_t)(u >> 16);
}

static const char *isa_name(dnnl_cpu_isa_t isa)
{
    switch (isa) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    default: return "other";
    }
}

static int init(char *info, size_t len)
{
    if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) return 1;
    if (dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success)
        return 1;
    const dnnl_version_t *v = dnnl_version();
    snprintf(info, len, "oneDNN %d.%d.%d (C API, %s runtime, max ISA %s)", v->major,
             v->minor, v->patch, v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP"
                                 : v->cpu_runtime == DNNL_RUNTIME_SEQ ? "sequential"
                                                                      : "threaded",
             isa_name(dnnl_get_effective_cpu_isa()));
    return 0;
}

/* Creates the forward (op) and, when bwd_op >= 0, the backward primitive of one
 * algorithm on the memory objects m[0..2] = x, dy, y.  Returns 0 on success. */
static int make_pair(int op, int bwd_op, dnnl_alg_kind_t alg, float alpha,
                     const dnnl_memory_desc_t *md, dnnl_memory_t *m)
{
    dnnl_eltwise_desc_t fd, bd;
    dnnl_primitive_desc_t fpd = NULL, bpd = NULL;
    int rc = 1;
    if (dnnl_eltwise_forward_desc_init(&fd, dnnl_forward_training, alg, md, alpha, 0.f) !=
            dnnl_success ||
        dnnl_primitive_desc_create(&fpd, &fd, NULL, engine, NULL) != dnnl_success ||
        dnnl_primitive_create(&prims[op].p, fpd) != dnnl_success)
        goto out;
    prims[op].args[0] = (dnnl_exec_arg_t){DNNL_ARG_SRC, m[0]};
    prims[op].args[1] = (dnnl_exec_arg_t){DNNL_ARG_DST, m[2]};
    prims[op].nargs = 2;
    if (bwd_op >= 0) {
        if (dnnl_eltwise_backward_desc_init(&bd, alg, md, md, alpha, 0.f) != dnnl_success ||
            dnnl_primitive_desc_create(&bpd, &bd, NULL, engine, fpd) != dnnl_success ||
            dnnl_primitive_create(&prims[bwd_op].p, bpd) != dnnl_success)
            goto out;
        prims[bwd_op].args[0] = (dnnl_exec_arg_t){DNNL_ARG_SRC, m[0]};
        prims[bwd_op].args[1] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_DST, m[1]};
        prims[bwd_op].args[2] = (dnnl_exec_arg_t){DNNL_ARG_DIFF_SRC, m[2]};
        prims[bwd_op].nargs = 3;
    }
    rc = 0;
out:
    if (fpd) dnnl_primitive_desc_destroy(fpd);
    if (bpd) dnnl_primitive_desc_destroy(bpd);
    return rc;
}

static int setup(const bench_data *d)
{
    dnnl_dims_t dims = {(dnnl_dim_t)d->n};
    dnnl_memory_desc_t md32, md16;
    if (dnnl_memory_desc_init_by_tag(&md32, 1, dims, dnnl_f32, dnnl_a) != dnnl_success ||
        dnnl_memory_desc_init_by_tag(&md16, 1, dims, dnnl_bf16, dnnl_a) != dnnl_success)
        return 1;
    /* oneDNN takes non-const handles; it does not write x or dy. */
    void *h32[3] = {(void *)(uintptr_t)d->x, (void *)(uintptr_t)d->dy, d->y};
    for (int i = 0; i < 3; i++)
        if (dnnl_memory_create(&mems[i], &md32, engine, h32[i]) != dnnl_success) goto fail;
    static const struct {
        dnnl_alg_kind_t alg;
        float alpha;
    } algs[4] = {{dnnl_eltwise_gelu_erf, 0.f},
                 {dnnl_eltwise_gelu_tanh, 0.f},
                 {dnnl_eltwise_swish, 1.702f},
                 {dnnl_eltwise_relu, 0.f}};
    for (int a = 0; a < 4; a++)
        if (make_pair(2 * a, 2 * a + 1, algs[a].alg, algs[a].alpha, &md32, mems)) goto fail;

    /* bf16: optional (oneDNN has no bf16 eltwise without AVX-512). */
    have_bf16 = 0;
    bf16_buf = aligned_alloc(64, ((3 * d->n * sizeof *bf16_buf) + 63) / 64 * 64);
    if (bf16_buf) {
        for (size_t i = 0; i < d->n; i++) {
            bf16_buf[i] = to_bf16(d->x[i]);
            bf16_buf[d->n + i] = to_bf16(d->dy[i]);
            bf16_buf[2 * d->n + i] = 0;
        }
        int ok = 1;
        for (int i = 0; i < 3 && ok; i++)
            ok = dnnl_memory_create(&mems[3 + i], &md16, engine, bf16_buf + (size_t)i * d->n) ==
                 dnnl_success;
        ok = ok && !make_pair(8, 9, dnnl_eltwise_gelu_erf, 0.f, &md16, mems + 3) &&
             !make_pair(10, -1, dnnl_eltwise_gelu_tanh, 0.f, &md16, mems + 3);
        have_bf16 = ok;
    }
    return 0;
fail:
    release();
    return 1;
}

static void run(int op)
{
    if (op < 0 || op >= N_OPS || !prims[op].p) return;
    dnnl_primitive_execute(prims[op].p, stream, prims[op].nargs, prims[op].args);
    dnnl_stream_wait(stream);
}

static void teardown(void)
{
    release();
}

/* 1 if op can be run after this setup() (bf16 needs a CPU with a bf16 implementation). */
static int ready(int op)
{
    return op >= 0 && op < N_OPS && prims[op].p != NULL && (op < N_F32_OPS || have_bf16);
}

const bench_peer bench_peer_onednn = {"oneDNN", init, setup, ready, run, teardown, N_OPS, ops};
