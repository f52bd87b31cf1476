/* test_threads_ops.c -- see test_threads_ops.h. */
#include "test_threads_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu.h"
#include "gelu_kernel_list.h"

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Mostly values in [-8, 8], some specials and random bit patterns. */
static float random_float(uint64_t *s)
{
    uint64_t r = next_random(s);
    switch (r % 64) {
    case 0: { uint32_t u = (uint32_t)(r >> 32); float v; memcpy(&v, &u, 4); return v; }
    case 1: return (r >> 8) % 2 ? 1.0f / 0.0f : -1.0f / 0.0f;
    case 2: return (float)((double)(r >> 11) * 0x1p-53 * 40.0 - 20.0);
    default: return (float)((double)(r >> 11) * 0x1p-53 * 16.0 - 8.0);
    }
}

static void *alloc_or_die(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (p == NULL) {
        printf("FAIL out of memory\n");
        exit(1);
    }
    return p;
}

void test_arrays_init(test_arrays *a, size_t n, unsigned seed)
{
    uint64_t s = 0x9e3779b97f4a7c15ull ^ seed;
    a->n = n;
    a->cols = 1000 + seed % 37;
    a->rows = n / a->cols;
    a->x32 = alloc_or_die(2 * n * sizeof(float));
    a->dy32 = alloc_or_die(2 * n * sizeof(float));
    a->bias32 = alloc_or_die(a->cols * sizeof(float));
    a->x64 = alloc_or_die(n * sizeof(double));
    a->dy64 = alloc_or_die(n * sizeof(double));
    a->xh = alloc_or_die(2 * n * sizeof(uint16_t));
    a->dyh = alloc_or_die(2 * n * sizeof(uint16_t));
    for (size_t i = 0; i < 2 * n; i++) {
        a->x32[i] = random_float(&s);
        a->dy32[i] = random_float(&s);
        a->xh[i] = (uint16_t)next_random(&s);
        a->dyh[i] = (uint16_t)next_random(&s);
    }
    for (size_t i = 0; i < n; i++) {
        a->x64[i] = (double)random_float(&s) + (double)(next_random(&s) >> 40) * 0x1p-50;
        a->dy64[i] = (double)random_float(&s);
    }
    for (size_t c = 0; c < a->cols; c++) a->bias32[c] = random_float(&s) * 0.25f;
}

void test_arrays_free(test_arrays *a)
{
    free(a->x32);
    free(a->dy32);
    free(a->bias32);
    free(a->x64);
    free(a->dy64);
    free(a->xh);
    free(a->dyh);
}

enum { KIND_FWD_F32, KIND_FWD_CR_F32, KIND_FWD_F64, KIND_FWD_BF16, KIND_FWD_F16,
       KIND_BWD_F32, KIND_BWD_F64, KIND_BWD_BF16, KIND_BWD_F16,
       KIND_BIAS_FWD_F32, KIND_BIAS_BWD_F32, KIND_GEGLU_FWD_F32, KIND_GEGLU_BWD_F32,
       KIND_BIAS_FWD_BF16, KIND_BIAS_BWD_BF16, KIND_GEGLU_FWD_BF16, KIND_GEGLU_BWD_BF16,
       KIND_COUNT };

static const char *const kind_names[KIND_COUNT] = {
    "forward_f32", "forward_cr_f32", "forward_f64", "forward_bf16", "forward_f16",
    "backward_f32", "backward_f64", "backward_bf16", "backward_f16",
    "bias_forward_f32", "bias_backward_f32", "geglu_forward_f32", "geglu_backward_f32",
    "bias_forward_bf16", "bias_backward_bf16", "geglu_forward_bf16", "geglu_backward_bf16"};
static const char *const fn_names[4] = {GELU_FORM_NAMES};

const size_t test_op_count = KIND_COUNT * 4;

const char *test_op_name(size_t k)
{
    static char names[KIND_COUNT * 4][48];
    if (names[k][0] == '\0')
        snprintf(names[k], sizeof names[k], "%s %s", kind_names[k / 4], fn_names[k % 4]);
    return names[k];
}

size_t test_output_bytes(size_t n) { return 2 * n * sizeof(double) + 4096; }
size_t test_output_offset(size_t k, size_t n) { return k * test_output_bytes(n); }

static void ok_or_die(gelu_status s, size_t k)
{
    if (s == GELU_OK) return;
    printf("FAIL %s returned %s\n", test_op_name(k), gelu_status_string(s));
    exit(1);
}

size_t test_op_run(size_t k, const test_arrays *a, unsigned char *out)
{
    gelu_fn f = (gelu_fn)(k % 4);
    size_t n = a->n;
    switch (k / 4) {
    case KIND_FWD_F32:
        ok_or_die(gelu_forward_f32(f, a->x32, (float *)out, n), k);
        return n * sizeof(float);
    case KIND_FWD_CR_F32:
        ok_or_die(gelu_forward_cr_f32(f, a->x32, (float *)out, n), k);
        return n * sizeof(float);
    case KIND_FWD_F64:
        ok_or_die(gelu_forward_f64(f, a->x64, (double *)out, n), k);
        return n * sizeof(double);
    case KIND_FWD_BF16:
        ok_or_die(gelu_forward_bf16(f, a->xh, (uint16_t *)out, n), k);
        return n * sizeof(uint16_t);
    case KIND_FWD_F16:
        ok_or_die(gelu_forward_f16(f, a->xh, (uint16_t *)out, n), k);
        return n * sizeof(uint16_t);
    case KIND_BWD_F32:
        ok_or_die(gelu_backward_f32(f, a->x32, a->dy32, (float *)out, n), k);
        return n * sizeof(float);
    case KIND_BWD_F64:
        ok_or_die(gelu_backward_f64(f, a->x64, a->dy64, (double *)out, n), k);
        return n * sizeof(double);
    case KIND_BWD_BF16:
        ok_or_die(gelu_backward_bf16(f, a->xh, a->dyh, (uint16_t *)out, n), k);
        return n * sizeof(uint16_t);
    case KIND_BWD_F16:
        ok_or_die(gelu_backward_f16(f, a->xh, a->dyh, (uint16_t *)out, n), k);
        return n * sizeof(uint16_t);
    }
    size_t R = a->rows, C = a->cols, m = R * C;
    float *of = (float *)out;
    uint16_t *oh = (uint16_t *)out;
    switch (k / 4) {
    case KIND_BIAS_FWD_F32:
        ok_or_die(gelu_bias_forward_f32(f, a->x32, a->bias32, of, R, C), k);
        return m * sizeof(float);
    case KIND_BIAS_BWD_F32:
        ok_or_die(gelu_bias_backward_f32(f, a->x32, a->bias32, a->dy32, of, of + m, R, C), k);
        return (m + C) * sizeof(float);
    case KIND_GEGLU_FWD_F32:
        ok_or_die(geglu_forward_f32(f, a->x32, of, R, C), k);
        return m * sizeof(float);
    case KIND_GEGLU_BWD_F32:
        ok_or_die(geglu_backward_f32(f, a->x32, a->dy32, of, R, C), k);
        return 2 * m * sizeof(float);
    case KIND_BIAS_FWD_BF16:
        ok_or_die(gelu_bias_forward_bf16(f, a->xh, a->bias32, oh, R, C), k);
        return m * sizeof(uint16_t);
    case KIND_BIAS_BWD_BF16:
        /* dbias first (float-aligned), then dx */
        ok_or_die(gelu_bias_backward_bf16(f, a->xh, a->bias32, a->dyh, (uint16_t *)(of + C),
                                          of, R, C), k);
        return C * sizeof(float) + m * sizeof(uint16_t);
    case KIND_GEGLU_FWD_BF16:
        ok_or_die(geglu_forward_bf16(f, a->xh, oh, R, C), k);
        return m * sizeof(uint16_t);
    case KIND_GEGLU_BWD_BF16:
        ok_or_die(geglu_backward_bf16(f, a->xh, a->dyh, oh, R, C), k);
        return 2 * m * sizeof(uint16_t);
    }
    return 0;
}
