/* gelu_logistic_f32_tables.h -- tables of the f32 GELU_TANH and GELU_SIGMOID forward
 * kernels (src/scalar/gelu_logistic_f32_forward.h), from tools/fit/fit_logistic_f32.py
 * (mpmath; `make tables`). */
#ifndef GELU_LOGISTIC_F32_TABLES_H
#define GELU_LOGISTIC_F32_TABLES_H

/* Fast pieces, index = round(4x) & 31, u = x - k/4; s(x) = f(x)/x */
typedef struct { float c0h[32], c0l[32], c1h[32], c1l[32], c[7][32]; } gelu_logistic_f32_table;
#define GELU_TANH_F32_DEG 6
extern const gelu_logistic_f32_table gelu_tanh_f32_fast;
#define GELU_SIGMOID_F32_DEG 5
extern const gelu_logistic_f32_table gelu_sigmoid_f32_fast;

#endif /* GELU_LOGISTIC_F32_TABLES_H */
