/* api.c -- the public entry points: argument checks (include/gelu.h §3), then the kernel
 * of the active ISA. */
#include <stdint.h>

#include "gelu.h"
#include "kernels.h"

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

static int fn_is_valid(gelu_fn f) { return (unsigned)f < GELU_FN_COUNT; }

/* A byte range [p, p + bytes) of one array. */
typedef struct byte_range {
    uintptr_t begin;
    uintptr_t end;
} byte_range;

/* n elements of elem_size bytes from p: GELU_ERR_ARG if the size overflows or the range
 * runs past the end of the address space. */
static gelu_status make_range(const void *p, size_t n, size_t elem_size, byte_range *r)
{
    if (n > SIZE_MAX / elem_size) return GELU_ERR_ARG;
    size_t bytes = n * elem_size;
    uintptr_t begin = (uintptr_t)p;
    if (bytes > UINTPTR_MAX - begin) return GELU_ERR_ARG;
    r->begin = begin;
    r->end = begin + bytes;
    return GELU_OK;
}

/* Exact aliasing is fine; any other intersection is a partial overlap. */
static int overlaps_partially(byte_range out, byte_range in)
{
    if (out.begin == in.begin) return 0;
    return out.begin < in.end && in.begin < out.end;
}

static gelu_status check_forward(gelu_fn f, const void *x, const void *y, size_t n,
                                 size_t elem_size)
{
    if (!fn_is_valid(f)) return GELU_ERR_ARG;
    if (n == 0) return GELU_OK;
    if (x == NULL || y == NULL) return GELU_ERR_NULL;
    byte_range rx, ry;
    if (make_range(x, n, elem_size, &rx) != GELU_OK) return GELU_ERR_ARG;
    if (make_range(y, n, elem_size, &ry) != GELU_OK) return GELU_ERR_ARG;
    if (overlaps_partially(ry, rx)) return GELU_ERR_OVERLAP;
    return GELU_OK;
}

static gelu_status check_backward(gelu_fn f, const void *x, const void *dy, const void *dx,
                                  size_t n, size_t elem_size)
{
    if (!fn_is_valid(f)) return GELU_ERR_ARG;
    if (n == 0) return GELU_OK;
    if (x == NULL || dy == NULL || dx == NULL) return GELU_ERR_NULL;
    byte_range rx, rdy, rdx;
    if (make_range(x, n, elem_size, &rx) != GELU_OK) return GELU_ERR_ARG;
    if (make_range(dy, n, elem_size, &rdy) != GELU_OK) return GELU_ERR_ARG;
    if (make_range(dx, n, elem_size, &rdx) != GELU_OK) return GELU_ERR_ARG;
    if (overlaps_partially(rdx, rx) || overlaps_partially(rdx, rdy)) return GELU_ERR_OVERLAP;
    return GELU_OK;
}

gelu_status gelu_forward_f32(gelu_fn f, const float *x, float *y, size_t n)
{
    gelu_status s = check_forward(f, x, y, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_active_kernels()->forward_f32[f](x, y, n);
    return GELU_OK;
}

gelu_status gelu_forward_cr_f32(gelu_fn f, const float *x, float *y, size_t n)
{
    gelu_status s = check_forward(f, x, y, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_active_kernels()->forward_cr_f32[f](x, y, n);
    return GELU_OK;
}

gelu_status gelu_forward_bf16(gelu_fn f, const uint16_t *x, uint16_t *y, size_t n)
{
    gelu_status s = check_forward(f, x, y, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_forward_bf16_with(gelu_active_kernels(), f, x, y, n);
    return GELU_OK;
}

gelu_status gelu_forward_f16(gelu_fn f, const uint16_t *x, uint16_t *y, size_t n)
{
    gelu_status s = check_forward(f, x, y, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_forward_f16_with(gelu_active_kernels(), f, x, y, n);
    return GELU_OK;
}

gelu_status gelu_forward_f64(gelu_fn f, const double *x, double *y, size_t n)
{
    gelu_status s = check_forward(f, x, y, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_active_kernels()->forward_f64[f](x, y, n);
    return GELU_OK;
}

gelu_status gelu_backward_f32(gelu_fn f, const float *x, const float *dy, float *dx,
                              size_t n)
{
    gelu_status s = check_backward(f, x, dy, dx, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_active_kernels()->backward_f32[f](x, dy, dx, n);
    return GELU_OK;
}

gelu_status gelu_backward_bf16(gelu_fn f, const uint16_t *x, const uint16_t *dy, uint16_t *dx,
                               size_t n)
{
    gelu_status s = check_backward(f, x, dy, dx, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_backward_bf16_with(gelu_active_kernels(), f, x, dy, dx, n, NULL);
    return GELU_OK;
}

gelu_status gelu_backward_f16(gelu_fn f, const uint16_t *x, const uint16_t *dy, uint16_t *dx,
                              size_t n)
{
    gelu_status s = check_backward(f, x, dy, dx, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_backward_f16_with(gelu_active_kernels(), f, x, dy, dx, n, NULL);
    return GELU_OK;
}

gelu_status gelu_backward_f64(gelu_fn f, const double *x, const double *dy, double *dx,
                              size_t n)
{
    gelu_status s = check_backward(f, x, dy, dx, n, sizeof *x);
    if (s != GELU_OK || n == 0) return s;
    gelu_active_kernels()->backward_f64[f](x, dy, dx, n);
    return GELU_OK;
}
