/* One value through the library (evaluate.h). */
#include "evaluate.h"

#include <math.h>
#include <string.h>

gelu_status cli_evaluate(cli_type type, gelu_fn fn, cli_mode mode, cli_bits x, cli_bits *y)
{
    if (mode == CLI_FORWARD_CR && type != CLI_F32)
        return GELU_ERR_UNSUPPORTED;
    switch (type) {
    case CLI_F64: {
        double xv = cli_bits_to_double(CLI_F64, x), one = 1.0, yv;
        gelu_status s = mode == CLI_FORWARD ? gelu_forward_f64(fn, &xv, &yv, 1)
                                            : gelu_backward_f64(fn, &xv, &one, &yv, 1);
        *y = cli_bits_from_double(CLI_F64, yv);
        return s;
    }
    case CLI_F32: {
        float xv, one = 1.0f, yv;
        uint32_t xu = (uint32_t)x, yu;
        memcpy(&xv, &xu, sizeof xv);   /* bits, not values: NaN payloads kept */
        gelu_status s = mode == CLI_FORWARD      ? gelu_forward_f32(fn, &xv, &yv, 1)
                      : mode == CLI_FORWARD_CR   ? gelu_forward_cr_f32(fn, &xv, &yv, 1)
                                                 : gelu_backward_f32(fn, &xv, &one, &yv, 1);
        memcpy(&yu, &yv, sizeof yu);
        *y = yu;
        return s;
    }
    case CLI_BF16:
    case CLI_F16: {
        uint16_t xv = (uint16_t)x, yv;
        uint16_t one = type == CLI_BF16 ? 0x3f80 : 0x3c00;
        gelu_status s;
        if (type == CLI_BF16)
            s = mode == CLI_FORWARD ? gelu_forward_bf16(fn, &xv, &yv, 1)
                                    : gelu_backward_bf16(fn, &xv, &one, &yv, 1);
        else
            s = mode == CLI_FORWARD ? gelu_forward_f16(fn, &xv, &yv, 1)
                                    : gelu_backward_f16(fn, &xv, &one, &yv, 1);
        *y = yv;
        return s;
    }
    }
    return GELU_ERR_ARG;
}

double cli_f64(gelu_fn fn, double x)
{
    double y = NAN;
    gelu_forward_f64(fn, &x, &y, 1);
    return y;
}

double cli_f64_derivative(gelu_fn fn, double x)
{
    double one = 1.0, y = NAN;
    gelu_backward_f64(fn, &x, &one, &y, 1);
    return y;
}
