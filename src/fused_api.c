/* fused_api.c -- the fused entry points (gelu.h §6): argument checks, then the blocks of
 * src/fused_f32.c / src/fused_bf16.c on as many threads as the size pays for (threads.h).
 * Forward forms and GEGLU split the output's elements; the bias backward splits columns
 * (each column's dbias is one thread's sum, in row order), in pieces of 16 columns. */
#include <stdint.h>

#include "gelu.h"
#include "byte_range.h"
#include "fp_env.h"
#include "gelu_loop_policy.h"
#include "kernels.h"
#include "threads.h"


typedef enum fused_op {
    BIAS_FORWARD, BIAS_BACKWARD, GEGLU_FORWARD, GEGLU_BACKWARD
} fused_op;

typedef struct fused_call {
    gelu_fused_args args;
    void (*part)(const gelu_fused_args *a, size_t lo, size_t hi);
    size_t total, align; /* what is split: elements of the output, or columns */
} fused_call;

static void run_fused_part(void *ctx, size_t part, size_t parts)
{
    const fused_call *c = ctx;
    size_t lo, hi;
    gelu_parallel_range(c->total, part, parts, c->align, &lo, &hi);
    if (lo < hi) c->part(&c->args, lo, hi);
}

/* Checks (gelu.h §3 and §6), then runs.  elem: bytes of an x/y/dy/dx element. */
static gelu_status fused(fused_op op, size_t elem, gelu_fn f, const void *x, const float *bias,
                         const void *dy, void *out, float *dbias, size_t rows, size_t cols,
                         void (*part)(const gelu_fused_args *, size_t, size_t), size_t weight)
{
    if (!gelu_fn_is_valid(f)) return GELU_ERR_ARG;
    if (rows == 0 || cols == 0) return GELU_OK;
    int has_bias = op == BIAS_FORWARD || op == BIAS_BACKWARD;
    int has_dy = op == BIAS_BACKWARD || op == GEGLU_BACKWARD;
    if (x == NULL || out == NULL || (has_bias && bias == NULL) || (has_dy && dy == NULL) ||
        (op == BIAS_BACKWARD && dbias == NULL))
        return GELU_ERR_NULL;
    size_t wide = op == GEGLU_FORWARD || op == GEGLU_BACKWARD ? 2 : 1; /* x: rows x wide*cols */
    if (cols > SIZE_MAX / wide) return GELU_ERR_ARG;
    byte_range rx, rout, rb = {0, 0, 1}, rdy = {0, 0, 1}, rdb = {0, 0, 1};
    if (!gelu_make_range(x, rows, wide * cols, elem, &rx)) return GELU_ERR_ARG;
    if (!gelu_make_range(out, rows, (op == GEGLU_BACKWARD ? 2 : 1) * cols, elem, &rout))
        return GELU_ERR_ARG;
    if (has_bias && !gelu_make_range(bias, 1, cols, sizeof(float), &rb)) return GELU_ERR_ARG;
    if (has_dy && !gelu_make_range(dy, rows, cols, elem, &rdy)) return GELU_ERR_ARG;
    if (op == BIAS_BACKWARD && !gelu_make_range(dbias, 1, cols, sizeof(float), &rdb))
        return GELU_ERR_ARG;
    if (gelu_ranges_conflict(rout, rx) || (has_bias && gelu_ranges_conflict(rout, rb)) ||
        (has_dy && gelu_ranges_conflict(rout, rdy)))
        return GELU_ERR_OVERLAP;
    if (op == BIAS_BACKWARD &&
        (gelu_ranges_conflict(rdb, rx) || gelu_ranges_conflict(rdb, rb) ||
         gelu_ranges_conflict(rdb, rdy) ||
         (rdb.begin < rout.end && rout.begin < rdb.end)))
        return GELU_ERR_OVERLAP;

    /* Not a cancellation point (gelu.h §8): the first call may write a GELU_ISA or
     * GELU_NUM_THREADS warning line, and the pool's waits are cancellation points. */
    int cancel = gelu_cancel_off();
    size_t n = rows * cols;
    fused_call c = {{gelu_active_kernels(), f, x, dy, bias, out, dbias, rows, cols,
                     elem == sizeof(float) && n >= GELU_STREAM_MIN_ELEMS},
                    part, n, 64};
    gelu_parallel_plan plan = gelu_parallel_plan_for(n, weight);
    if (op == BIAS_BACKWARD) {
        /* columns, in pieces of 16 at least: no more parts than that */
        c.total = cols;
        c.align = 16;
        size_t most = cols / 16 ? cols / 16 : 1;
        if (plan.parts > most) plan.parts = most; /* (gelu_parallel_run caps threads) */
    }
    gelu_fp_env env;
    gelu_fp_env_enter(&env); /* the default environment, whatever the caller's (fp_env.h) */
    gelu_parallel_run(run_fused_part, &c, plan);
    gelu_fp_env_leave(&env);
    gelu_cancel_restore(cancel);
    return GELU_OK;
}

gelu_status gelu_bias_forward_f32(gelu_fn f, const float *x, const float *bias, float *y,
                                  size_t rows, size_t cols)
{
    return fused(BIAS_FORWARD, sizeof *x, f, x, bias, NULL, y, NULL, rows, cols,
                 gelu_bias_forward_f32_part, 1);
}

gelu_status gelu_bias_backward_f32(gelu_fn f, const float *x, const float *bias,
                                   const float *dy, float *dx, float *dbias, size_t rows,
                                   size_t cols)
{
    return fused(BIAS_BACKWARD, sizeof *x, f, x, bias, dy, dx, dbias, rows, cols,
                 gelu_bias_backward_f32_part, 1);
}

gelu_status geglu_forward_f32(gelu_fn f, const float *x, float *y, size_t rows, size_t cols)
{
    return fused(GEGLU_FORWARD, sizeof *x, f, x, NULL, NULL, y, NULL, rows, cols,
                 geglu_forward_f32_part, 1);
}

gelu_status geglu_backward_f32(gelu_fn f, const float *x, const float *dy, float *dx,
                               size_t rows, size_t cols)
{
    return fused(GEGLU_BACKWARD, sizeof *x, f, x, NULL, dy, dx, NULL, rows, cols,
                 geglu_backward_f32_part, 2);
}

gelu_status gelu_bias_forward_bf16(gelu_fn f, const uint16_t *x, const float *bias,
                                   uint16_t *y, size_t rows, size_t cols)
{
    return fused(BIAS_FORWARD, sizeof *x, f, x, bias, NULL, y, NULL, rows, cols,
                 gelu_bias_forward_bf16_part, 2);
}

gelu_status gelu_bias_backward_bf16(gelu_fn f, const uint16_t *x, const float *bias,
                                    const uint16_t *dy, uint16_t *dx, float *dbias,
                                    size_t rows, size_t cols)
{
    return fused(BIAS_BACKWARD, sizeof *x, f, x, bias, dy, dx, dbias, rows, cols,
                 gelu_bias_backward_bf16_part, 2);
}

gelu_status geglu_forward_bf16(gelu_fn f, const uint16_t *x, uint16_t *y, size_t rows,
                               size_t cols)
{
    return fused(GEGLU_FORWARD, sizeof *x, f, x, NULL, NULL, y, NULL, rows, cols,
                 geglu_forward_bf16_part, 2);
}

gelu_status geglu_backward_bf16(gelu_fn f, const uint16_t *x, const uint16_t *dy, uint16_t *dx,
                                size_t rows, size_t cols)
{
    return fused(GEGLU_BACKWARD, sizeof *x, f, x, NULL, dy, dx, NULL, rows, cols,
                 geglu_backward_bf16_part, 3);
}
