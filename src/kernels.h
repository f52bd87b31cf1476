/* kernels.h -- the internal kernel interface: one table of function pointers per ISA.
 *
 * api.c checks arguments, then calls through the table that cpu.c picked.  Kernels may
 * assume valid arguments: non-NULL arrays of n elements, outputs that are either exactly
 * an input or disjoint from it.  Every kernel is elementwise, reading x[i] (and dy[i])
 * before writing the output's element i, so exact aliasing is safe. */
#ifndef GELU_KERNELS_H
#define GELU_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "gelu.h"
#include "gelu_kernel_list.h"

typedef void (*gelu_forward_f32_kernel)(const float *x, float *y, size_t n);
typedef void (*gelu_forward_f64_kernel)(const double *x, double *y, size_t n);
typedef void (*gelu_backward_f32_kernel)(const float *x, const float *dy, float *dx,
                                         size_t n);
typedef void (*gelu_backward_f64_kernel)(const double *x, const double *dy, double *dx,
                                         size_t n);

#define GELU_FN_COUNT 4

/* SIMD conversions for the bf16/f16 kernels (src/half_kernels.c); f16 = 0 for bf16, 1 for
 * f16.  widen: exact.  narrow: h = y rounded (nearest even), open bit i (bit i % 16 of
 * open[i / 16]) set where that may not
 * be the correctly rounded f(x) (y within one float step of a boundary) or the lane needs the
 * general conversion.  narrow_product: dx = dy * d rounded where that is certainly dy * f'(x)
 * correctly rounded (finite, normal cases, far from a boundary), else open bit i set.  Lanes
 * left open are done by the portable code, which gives every lane's result. */
typedef struct gelu_half_simd {
    void (*widen)(int f16, const uint16_t *h, float *out, size_t n);
    void (*narrow)(int f16, const float *y, uint16_t *h, uint16_t *open, size_t n);
    void (*narrow_product)(int f16, const float *x, const float *dy, const float *d,
                           uint16_t *h, uint16_t *open, size_t n);
    /* bf16 forward of a GELU form straight from the 16-bit x (NULL: none): y where
     * settled, open bits as for narrow. */
    void (*forward_bf16)(gelu_fn f, const uint16_t *x, uint16_t *y, uint16_t *open, size_t n);
} gelu_half_simd;

/* f32 helpers of the fused forms (src/fused_f32.c, src/fused_bf16.c): plain loops
 * (src/simd/vector_ops_impl.h) that the compiler vectorises with each ISA's flags.
 * add, mul: out[i] = a[i] op b[i] with the NaN rule of gelu.h §6 (out may not overlap a
 * or b); while they run they prefetch the n floats at pf0 and at pf1 (each may be NULL): the
 * next block's inputs, asked for a line at a time so that the memory waits overlap this
 * block's work.  accumulate: acc[i] += v[i] in double.  copy_stream: dst = src with non-temporal
 * stores where the ISA has them, else memcpy; stream_fence (sfence) after the last
 * copy_stream of a call orders those stores (one fence a call: a fence a block waits for
 * every block's stores to reach memory). */
typedef struct gelu_vector_ops {
    void (*add)(const float *a, const float *b, float *out, size_t n, const float *pf0,
                const float *pf1);
    void (*mul)(const float *a, const float *b, float *out, size_t n, const float *pf0,
                const float *pf1);
    void (*accumulate)(const float *v, double *acc, size_t n);
    void (*copy_stream)(const float *src, float *dst, size_t n);
    void (*stream_fence)(void);
} gelu_vector_ops;

/* In-register fused loops (gelu.h §6) of one ISA, indexed by gelu_fn; a NULL entry (or a
 * NULL table) means the block loops of src/fused_f32.c around the plain kernels.  Same bits
 * either way.  stream: non-temporal stores, without the fence (the caller's stream_fence).
 * bias_backward also adds each dx into acc[i] (double) and prefetches the n floats at pf_x
 * and pf_dy (NULL: none) a line at a time. */
typedef struct gelu_fused_kernels {
    void (*bias_forward[GELU_FN_COUNT])(const float *x, const float *bias, float *y, size_t n,
                                        int stream);
    void (*bias_backward[GELU_FN_COUNT])(const float *x, const float *bias, const float *dy,
                                         float *dx, double *acc, size_t n, const float *pf_x,
                                         const float *pf_dy, int stream);
    void (*geglu_forward[GELU_FN_COUNT])(const float *value, const float *gate, float *y,
                                         size_t n, int stream);
} gelu_fused_kernels;

/* One ISA's kernels, indexed by gelu_fn. */
typedef struct gelu_kernel_table {
    const char *isa;
    gelu_forward_f32_kernel forward_f32[GELU_FN_COUNT];
    gelu_forward_f64_kernel forward_f64[GELU_FN_COUNT];
    gelu_forward_f32_kernel forward_cr_f32[GELU_FN_COUNT]; /* correctly rounded */
    gelu_backward_f32_kernel backward_f32[GELU_FN_COUNT];
    gelu_backward_f64_kernel backward_f64[GELU_FN_COUNT];
    const gelu_half_simd *half; /* NULL: the portable conversions */
    const gelu_vector_ops *vec; /* never NULL */
    const gelu_fused_kernels *fused; /* NULL: none */
} gelu_kernel_table;

/* The table and the kernels of ISA isa, every form (gelu_kernel_list.h). */
#define GELU_DECLARE_KERNELS(isa)                                                          \
    extern const gelu_kernel_table gelu_##isa##_kernels;                                   \
    GELU_FORM_LIST(GELU_DECLARE_FORM_, isa)
#define GELU_DECLARE_FORM_(isa, form, fn, cr, fused)                                       \
    void gelu_##form##_forward_f32_##isa(const float *x, float *y, size_t n);              \
    void gelu_##form##_backward_f32_##isa(const float *x, const float *dy, float *dx,      \
                                          size_t n);                                       \
    void gelu_##form##_##cr##_f32_##isa(const float *x, float *y, size_t n);               \
    void gelu_##form##_forward_f64_##isa(const double *x, double *y, size_t n);            \
    void gelu_##form##_backward_f64_##isa(const double *x, const double *dy, double *dx,   \
                                          size_t n);

/* The kernel arrays of ISA name's gelu_kernel_table: .isa = "name", .forward_f32 = {...}, ... */
#define GELU_KERNEL_TABLE(name)                                                            \
    .isa = #name,                                                                          \
    .forward_f32 = {GELU_FORM_LIST(GELU_TABLE_ENTRY_, forward_f32_##name)},                \
    .forward_f64 = {GELU_FORM_LIST(GELU_TABLE_ENTRY_, forward_f64_##name)},                \
    .forward_cr_f32 = {GELU_FORM_LIST(GELU_TABLE_CR_ENTRY_, name)},                        \
    .backward_f32 = {GELU_FORM_LIST(GELU_TABLE_ENTRY_, backward_f32_##name)},              \
    .backward_f64 = {GELU_FORM_LIST(GELU_TABLE_ENTRY_, backward_f64_##name)}
#define GELU_TABLE_ENTRY_(suffix, form, fn, cr, fused) [fn] = gelu_##form##_##suffix,
#define GELU_TABLE_CR_ENTRY_(isa, form, fn, cr, fused) [fn] = gelu_##form##_##cr##_f32_##isa,

/* The fused loops of ISA isa (forms with fused = 1), and its gelu_fused_kernels
 * initialiser (NULL for the other forms). */
#define GELU_DECLARE_FUSED(isa) GELU_FORM_LIST(GELU_DECLARE_FUSED_FORM_, isa)
#define GELU_DECLARE_FUSED_FORM_(isa, form, fn, cr, fused)                                 \
    GELU_IF_##fused(                                                                       \
        void gelu_##form##_bias_forward_f32_##isa(const float *x, const float *bias,       \
                                                  float *y, size_t n, int stream);         \
        void gelu_##form##_bias_backward_f32_##isa(                                        \
            const float *x, const float *bias, const float *dy, float *dx, double *acc,    \
            size_t n, const float *pf_x, const float *pf_dy, int stream);                  \
        void gelu_##form##_geglu_forward_f32_##isa(const float *value, const float *gate,  \
                                                   float *y, size_t n, int stream);)
#define GELU_FUSED_TABLE(isa)                                                              \
    .bias_forward = {GELU_FORM_LIST(GELU_FUSED_ENTRY_, bias_forward_f32_##isa)},           \
    .bias_backward = {GELU_FORM_LIST(GELU_FUSED_ENTRY_, bias_backward_f32_##isa)},         \
    .geglu_forward = {GELU_FORM_LIST(GELU_FUSED_ENTRY_, geglu_forward_f32_##isa)}
#define GELU_FUSED_ENTRY_(suffix, form, fn, cr, fused)                                     \
    GELU_IF_##fused([fn] = gelu_##form##_##suffix,)
#define GELU_IF_1(...) __VA_ARGS__
#define GELU_IF_0(...)

/* The portable C11 kernels (src/scalar/): the semantic reference for every other ISA. */
GELU_DECLARE_KERNELS(scalar)

/* The table in use (cpu.c): probed once, then GELU_ISA or gelu_set_isa may change it. */
const gelu_kernel_table *gelu_active_kernels(void);

extern const gelu_vector_ops gelu_vector_ops_scalar;

/* The fused forms on part of the work (src/fused_f32.c, src/fused_bf16.c; the argument
 * checks and the split across threads are in src/fused_api.c).  Forward forms and GEGLU:
 * output elements [lo, hi) of the rows x cols result.  Bias backward: columns [lo, hi) over
 * every row, dbias[lo..hi) included.  stream: write the outputs with non-temporal stores. */
typedef struct gelu_fused_args {
    const gelu_kernel_table *t;
    gelu_fn f;
    const void *x, *dy;
    const float *bias;
    void *out; /* y or dx */
    float *dbias;
    size_t rows, cols;
    int stream;
} gelu_fused_args;
void gelu_bias_forward_f32_part(const gelu_fused_args *a, size_t lo, size_t hi);
void gelu_bias_backward_f32_part(const gelu_fused_args *a, size_t lo, size_t hi);
void geglu_forward_f32_part(const gelu_fused_args *a, size_t lo, size_t hi);
void geglu_backward_f32_part(const gelu_fused_args *a, size_t lo, size_t hi);
void gelu_bias_forward_bf16_part(const gelu_fused_args *a, size_t lo, size_t hi);
void gelu_bias_backward_bf16_part(const gelu_fused_args *a, size_t lo, size_t hi);
void geglu_forward_bf16_part(const gelu_fused_args *a, size_t lo, size_t hi);
void geglu_backward_bf16_part(const gelu_fused_args *a, size_t lo, size_t hi);

/* bf16 and f16 forward through table t's f32 and f64 kernels (src/half_kernels.c). */
void gelu_forward_bf16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                            uint16_t *y, size_t n);
void gelu_forward_f16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                           uint16_t *y, size_t n);

/* bf16 and f16 backward through table t's f32 and f64 kernels (src/half_kernels.c).  st,
 * if not NULL, counts which path settled each (x, dy) pair (tools/verify/verify_half_backward.c). */
typedef struct gelu_half_stats {
    uint64_t path[4];   /* 1: f32 f', 2: f64 f', 3: double-double f' */
    uint64_t undecided; /* path 3 found a boundary within its error (must stay 0) */
} gelu_half_stats;
void gelu_backward_bf16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                             const uint16_t *dy, uint16_t *dx, size_t n, gelu_half_stats *st);
void gelu_backward_f16_with(const gelu_kernel_table *t, gelu_fn f, const uint16_t *x,
                            const uint16_t *dy, uint16_t *dx, size_t n, gelu_half_stats *st);

#endif /* GELU_KERNELS_H */
