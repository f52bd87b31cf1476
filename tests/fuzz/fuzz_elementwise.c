/* fuzz_elementwise.c -- libFuzzer target: the elementwise entry points (gelu.h sections 4
 * and 5: forward f32, correctly rounded f32, f64, bf16, f16; backward f32, f64, bf16, f16),
 * checked by fuzz_engine.c against the contract and the portable kernels. */
#include "fuzz_engine.h"

#define FWD(name, T)                                                                       \
    static gelu_status call_##name(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t n,    \
                                   size_t unused)                                          \
    {                                                                                      \
        (void)unused;                                                                      \
        return name(f, (const T *)p[0], (T *)p[1], n);                                     \
    }
#define BWD(name, T)                                                                       \
    static gelu_status call_##name(gelu_fn f, void *const p[FUZZ_MAX_ARRAYS], size_t n,    \
                                   size_t unused)                                          \
    {                                                                                      \
        (void)unused;                                                                      \
        return name(f, (const T *)p[0], (const T *)p[1], (T *)p[2], n);                    \
    }

FWD(gelu_forward_f32, float)
FWD(gelu_forward_cr_f32, float)
FWD(gelu_forward_f64, double)
FWD(gelu_forward_bf16, uint16_t)
FWD(gelu_forward_f16, uint16_t)
BWD(gelu_backward_f32, float)
BWD(gelu_backward_f64, double)
BWD(gelu_backward_bf16, uint16_t)
BWD(gelu_backward_f16, uint16_t)

#define FWD_OP(name, size)                                                                 \
    {#name, 0, 2, {{"x", 0, size, LEN_N}, {"y", 1, size, LEN_N}}, call_##name}
#define BWD_OP(name, size)                                                                 \
    {#name, 0, 3, {{"x", 0, size, LEN_N}, {"dy", 0, size, LEN_N}, {"dx", 1, size, LEN_N}},  \
     call_##name}

static const fuzz_op k_ops[] = {
    FWD_OP(gelu_forward_f32, 4),   FWD_OP(gelu_forward_cr_f32, 4), FWD_OP(gelu_forward_f64, 8),
    FWD_OP(gelu_forward_bf16, 2),  FWD_OP(gelu_forward_f16, 2),     BWD_OP(gelu_backward_f32, 4),
    BWD_OP(gelu_backward_f64, 8),  BWD_OP(gelu_backward_bf16, 2),   BWD_OP(gelu_backward_f16, 2),
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one_input(k_ops, sizeof k_ops / sizeof k_ops[0], data, size);
    return 0;
}
