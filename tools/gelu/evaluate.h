/* One value through the library: f(x), f'(x) (backward with dy = 1) or the correctly
 * rounded f32 f(x), for any element type. */
#ifndef GELU_CLI_EVALUATE_H
#define GELU_CLI_EVALUATE_H

#include "gelu.h"
#include "number_format.h"

typedef enum cli_mode { CLI_FORWARD, CLI_DERIVATIVE, CLI_FORWARD_CR } cli_mode;

/* Returns GELU_OK and sets *y, or the library's status (CLI_FORWARD_CR with a type other
 * than f32 is GELU_ERR_UNSUPPORTED). */
gelu_status cli_evaluate(cli_type type, gelu_fn fn, cli_mode mode, cli_bits x, cli_bits *y);

/* Double-precision shorthands for the facts and the plots (the f64 kernels). */
double cli_f64(gelu_fn fn, double x);
double cli_f64_derivative(gelu_fn fn, double x);

#endif
