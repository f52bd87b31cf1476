/* api.c -- the public entry points: argument checks (include/gelu.h §3), then the kernel
 * of the active ISA, on as many threads as the size pays for (threads.h). */
#include <stdint.h>

#include "gelu.h"
#include "byte_range.h"
#include "fp_env.h"
#include "kernels.h"
#include "threads.h"

#define GELU_STR2(x) #x
#define GELU_STR(x) GELU_STR2(x)

const char *gelu_version(void)
{
    return GELU_STR(GELU_VERSION_MAJOR) "." GELU_STR(GELU_VERSION_MINOR) "." GELU_STR(
        GELU_VERSION_PATCH);
}

const char *gelu_status_string(gelu_status s)
{
    switch (s) {
    case GELU_OK: return "ok";
    case GELU_ERR_NULL: return "NULL pointer with n > 0";
    case GELU_ERR_ARG: return "invalid argument (unknown gelu_fn, size overflow or bad name)";
    case GELU_ERR_OVERLAP: return "output partially overlaps an input";
    case GELU_ERR_NOMEM: return "out of memory";
    case GELU_ERR_UNSUPPORTED: return "ISA not supported by this CPU or build";
    }
    return "unknown gelu_status";
}

static gelu_status check_forward(gelu_fn f, const void *x, const void *y, size_t n,
                                 size_t elem_size)
{
    if (!gelu_fn_is_valid(f)) return GELU_ERR_ARG;
    if (n == 0) return GELU_OK;
    if (x == NULL || y == NULL) return GELU_ERR_NULL;
    byte_range rx, ry;
    if (!gelu_make_range(x, n, 1, elem_size, &rx)) return GELU_ERR_ARG;
    if (!gelu_make_range(y, n, 1, elem_size, &ry)) return GELU_ERR_ARG;
    if (gelu_ranges_conflict(ry, rx)) return GELU_ERR_OVERLAP;
    return GELU_OK;
}

static gelu_status check_backward(gelu_fn f, const void *x, const void *dy, const void *dx,
                                  size_t n, size_t elem_size)
{
    if (!gelu_fn_is_valid(f)) return GELU_ERR_ARG;
    if (n == 0) return GELU_OK;
    if (x == NULL || dy == NULL || dx == NULL) return GELU_ERR_NULL;
    byte_range rx, rdy, rdx;
    if (!gelu_make_range(x, n, 1, elem_size, &rx)) return GELU_ERR_ARG;
    if (!gelu_make_range(dy, n, 1, elem_size, &rdy)) return GELU_ERR_ARG;
    if (!gelu_make_range(dx, n, 1, elem_size, &rdx)) return GELU_ERR_ARG;
    if (gelu_ranges_conflict(rdx, rx) || gelu_ranges_conflict(rdx, rdy))
        return GELU_ERR_OVERLAP;
    return GELU_OK;
}

/* One elementwise call, split across threads (threads.h) in pieces of whole 64-element
 * units: every kernel is elementwise, so the pieces give the same bits as one call. */
typedef enum elementwise_op {
    OP_FORWARD_F32, OP_FORWARD_CR_F32, OP_FORWARD_F64, OP_FORWARD_BF16, OP_FORWARD_F16,
    OP_BACKWARD_F32, OP_BACKWARD_F64, OP_BACKWARD_BF16, OP_BACKWARD_F16
} elementwise_op;

typedef struct elementwise_call {
    const gelu_kernel_table *t; /* read once per call */
    elementwise_op op;
    gelu_fn f;
    const void *x, *dy;
    void *out;
    size_t n;
} elementwise_call;

static void run_elementwise_part(void *ctx, size_t part, size_t parts)
{
    const elementwise_call *c = ctx;
    size_t lo, hi;
    gelu_parallel_range(c->n, part, parts, 64, &lo, &hi);
    if (lo >= hi) return;
    size_t m = hi - lo;
    const gelu_kernel_table *t = c->t;
    gelu_fn f = c->f;
    /* offsets only where the array exists (dy is NULL for the forward calls) */
#define IN(p, T) ((const T *)(p) + lo)
#define OUT(T) ((T *)c->out + lo)
    switch (c->op) {
    case OP_FORWARD_F32: t->forward_f32[f](IN(c->x, float), OUT(float), m); break;
    case OP_FORWARD_CR_F32: t->forward_cr_f32[f](IN(c->x, float), OUT(float), m); break;
    case OP_FORWARD_F64: t->forward_f64[f](IN(c->x, double), OUT(double), m); break;
    case OP_FORWARD_BF16: gelu_forward_bf16_with(t, f, IN(c->x, uint16_t), OUT(uint16_t), m); break;
    case OP_FORWARD_F16: gelu_forward_f16_with(t, f, IN(c->x, uint16_t), OUT(uint16_t), m); break;
    case OP_BACKWARD_F32:
        t->backward_f32[f](IN(c->x, float), IN(c->dy, float), OUT(float), m);
        break;
    case OP_BACKWARD_F64:
        t->backward_f64[f](IN(c->x, double), IN(c->dy, double), OUT(double), m);
        break;
    case OP_BACKWARD_BF16:
        gelu_backward_bf16_with(t, f, IN(c->x, uint16_t), IN(c->dy, uint16_t), OUT(uint16_t),
                                m, NULL);
        break;
    case OP_BACKWARD_F16:
        gelu_backward_f16_with(t, f, IN(c->x, uint16_t), IN(c->dy, uint16_t), OUT(uint16_t),
                               m, NULL);
        break;
    }
#undef IN
#undef OUT
}

/* weight: the cost of an element relative to the f32 forward (threads.h). */
static void run_elementwise(elementwise_op op, gelu_fn f, const void *x, const void *dy,
                            void *out, size_t n, size_t weight)
{
    /* Not a cancellation point (gelu.h §8): the first call may write a GELU_ISA or
     * GELU_NUM_THREADS warning line, and the pool's waits are cancellation points. */
    int cancel = gelu_cancel_off();
    elementwise_call c = {gelu_active_kernels(), op, f, x, dy, out, n};
    gelu_fp_env env;
    gelu_fp_env_enter(&env); /* the default environment, whatever the caller's (fp_env.h) */
    gelu_parallel_run(run_elementwise_part, &c, gelu_parallel_plan_for(n, weight));
    gelu_fp_env_leave(&env);
    gelu_cancel_restore(cancel);
}

#define GELU_FORWARD_ENTRY(name, type, op, weight)                                          \
    gelu_status name(gelu_fn f, const type *x, type *y, size_t n)                           \
    {                                                                                       \
        gelu_status s = check_forward(f, x, y, n, sizeof *x);                               \
        if (s != GELU_OK || n == 0) return s;                                               \
        run_elementwise(op, f, x, NULL, y, n, weight);                                      \
        return GELU_OK;                                                                     \
    }
#define GELU_BACKWARD_ENTRY(name, type, op, weight)                                         \
    gelu_status name(gelu_fn f, const type *x, const type *dy, type *dx, size_t n)          \
    {                                                                                       \
        gelu_status s = check_backward(f, x, dy, dx, n, sizeof *x);                         \
        if (s != GELU_OK || n == 0) return s;                                               \
        run_elementwise(op, f, x, dy, dx, n, weight);                                       \
        return GELU_OK;                                                                     \
    }

GELU_FORWARD_ENTRY(gelu_forward_f32, float, OP_FORWARD_F32, 1)
GELU_FORWARD_ENTRY(gelu_forward_cr_f32, float, OP_FORWARD_CR_F32, 2)
GELU_FORWARD_ENTRY(gelu_forward_f64, double, OP_FORWARD_F64, 2)
GELU_FORWARD_ENTRY(gelu_forward_bf16, uint16_t, OP_FORWARD_BF16, 1)
GELU_FORWARD_ENTRY(gelu_forward_f16, uint16_t, OP_FORWARD_F16, 1)
GELU_BACKWARD_ENTRY(gelu_backward_f32, float, OP_BACKWARD_F32, 1)
GELU_BACKWARD_ENTRY(gelu_backward_f64, double, OP_BACKWARD_F64, 2)
GELU_BACKWARD_ENTRY(gelu_backward_bf16, uint16_t, OP_BACKWARD_BF16, 2)
GELU_BACKWARD_ENTRY(gelu_backward_f16, uint16_t, OP_BACKWARD_F16, 2)
