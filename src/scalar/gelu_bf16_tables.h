/* gelu_bf16_tables.h -- the tables of the one-pass bf16 and f16 forward (tools/fit/fit_bf16.py). */
#ifndef GELU_BF16_TABLES_H
#define GELU_BF16_TABLES_H

#define GELU_BF16_POLY_DEG 4
extern const float gelu_bf16_poly_erf[GELU_BF16_POLY_DEG + 1][32];
extern const float gelu_bf16_poly_tanh[GELU_BF16_POLY_DEG + 1][32];
extern const float gelu_bf16_poly_sigmoid[GELU_BF16_POLY_DEG + 1][32];
#define GELU_F16_POLY_DEG 5
extern const float gelu_f16_poly_erf[GELU_F16_POLY_DEG + 1][32];
extern const float gelu_f16_poly_tanh[GELU_F16_POLY_DEG + 1][32];
extern const float gelu_f16_poly_sigmoid[GELU_F16_POLY_DEG + 1][32];

#endif /* GELU_BF16_TABLES_H */
