/* gelu_bf16_tables.h -- the bf16 forward fast path's tables (tools/fit/fit_bf16.py). */
#ifndef GELU_BF16_TABLES_H
#define GELU_BF16_TABLES_H

#define GELU_BF16_POLY_DEG 4
extern const float gelu_bf16_poly_erf[GELU_BF16_POLY_DEG + 1][32];
extern const float gelu_bf16_poly_tanh[GELU_BF16_POLY_DEG + 1][32];
extern const float gelu_bf16_poly_sigmoid[GELU_BF16_POLY_DEG + 1][32];

#endif /* GELU_BF16_TABLES_H */
