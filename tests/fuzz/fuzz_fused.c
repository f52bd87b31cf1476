/* fuzz_fused.c -- libFuzzer target: the fused entry points (gelu.h section 6: bias + GELU
 * and GEGLU, forward and backward, f32 and bf16), checked by fuzz_engine.c against the
 * contract and the portable kernels (dbias included, bit for bit). */
#include "fuzz_engine.h"

static gelu_status call_bias_forward_f32(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t r,
                                         size_t c)
{
    return gelu_bias_forward_f32(f, p[0], p[1], p[2], r, c);
}
static gelu_status call_bias_backward_f32(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t r,
                                          size_t c)
{
    return gelu_bias_backward_f32(f, p[0], p[1], p[2], p[3], p[4], r, c);
}
static gelu_status call_geglu_forward_f32(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t r,
                                          size_t c)
{
    return geglu_forward_f32(f, p[0], p[1], r, c);
}
static gelu_status call_geglu_backward_f32(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t r,
                                           size_t c)
{
    return geglu_backward_f32(f, p[0], p[1], p[2], r, c);
}
static gelu_status call_bias_forward_bf16(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t r,
                                          size_t c)
{
    return gelu_bias_forward_bf16(f, p[0], p[1], p[2], r, c);
}
static gelu_status call_bias_backward_bf16(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t r,
                                           size_t c)
{
    return gelu_bias_backward_bf16(f, p[0], p[1], p[2], p[3], p[4], r, c);
}
static gelu_status call_geglu_forward_bf16(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t r,
                                           size_t c)
{
    return geglu_forward_bf16(f, p[0], p[1], r, c);
}
static gelu_status call_geglu_backward_bf16(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS],
                                            size_t r, size_t c)
{
    return geglu_backward_bf16(f, p[0], p[1], p[2], r, c);
}

/* Element sizes: e for x, y, dy, dx; bias and dbias are always f32. */
#define BIAS_FORWARD(name, e)                                                              \
    {#name, 1, 3, {{"x", 0, e, LEN_RC}, {"bias", 0, 4, LEN_C}, {"y", 1, e, LEN_RC}},       \
     call_##name}
#define BIAS_BACKWARD(name, e)                                                             \
    {#name, 1, 5,                                                                          \
     {{"x", 0, e, LEN_RC}, {"bias", 0, 4, LEN_C}, {"dy", 0, e, LEN_RC},                    \
      {"dx", 1, e, LEN_RC}, {"dbias", 1, 4, LEN_C}},                                       \
     call_##name}
#define GEGLU_FORWARD(name, e)                                                             \
    {#name, 1, 2, {{"x", 0, e, LEN_R2C}, {"y", 1, e, LEN_RC}}, call_##name}
#define GEGLU_BACKWARD(name, e)                                                            \
    {#name, 1, 3, {{"x", 0, e, LEN_R2C}, {"dy", 0, e, LEN_RC}, {"dx", 1, e, LEN_R2C}},      \
     call_##name}

static const fuzz_op k_ops[] = {
    BIAS_FORWARD(bias_forward_f32, 4),   BIAS_BACKWARD(bias_backward_f32, 4),
    GEGLU_FORWARD(geglu_forward_f32, 4), GEGLU_BACKWARD(geglu_backward_f32, 4),
    BIAS_FORWARD(bias_forward_bf16, 2),  BIAS_BACKWARD(bias_backward_bf16, 2),
    GEGLU_FORWARD(geglu_forward_bf16, 2), GEGLU_BACKWARD(geglu_backward_bf16, 2),
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one_input(k_ops, sizeof k_ops / sizeof k_ops[0], data, size);
    return 0;
}
