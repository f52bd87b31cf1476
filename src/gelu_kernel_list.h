/* gelu_kernel_list.h -- the forms and ISAs of libgelu, each named once; from them, every
 * kernel's name (kernels.h declares the kernels and fills the tables with them).
 *
 * X-macros: a list calls X once per entry, in the order below.
 *
 *   GELU_FORM_LIST(X, ctx) calls X(ctx, form, fn, cr, fused); ctx is passed through.
 *     form   the form's name: `gelu --fn`, test and bench output, and the kernels' infix
 *     fn     its gelu_fn (include/gelu.h), the index of its kernels in every table
 *     cr     the op of its correctly rounded f32 forward: forward_cr, or forward where the
 *            plain forward is exact already (ReLU)
 *     fused  1: the x86 ISAs have in-register fused loops for it (gelu_fused_kernels);
 *            0: the block loops of src/fused_f32.c around the plain kernels
 *   GELU_ISA_LIST(X) calls X(isa): the names of gelu_isa, gelu_set_isa and GELU_ISA, and the
 *     kernels' suffix; the portable kernels first, then each architecture's, narrowest
 *     first (so walking it backwards gives the best first).
 *
 * Every ISA has, for every form: gelu_<form>_forward_f32_<isa>, gelu_<form>_backward_f32_<isa>,
 * gelu_<form>_<cr>_f32_<isa>, gelu_<form>_forward_f64_<isa>, gelu_<form>_backward_f64_<isa>;
 * AVX2 and AVX-512, for the forms with fused = 1: gelu_<form>_bias_forward_f32_<isa>,
 * gelu_<form>_bias_backward_f32_<isa>, gelu_<form>_geglu_forward_f32_<isa>.  The table of
 * ISA <isa> is gelu_<isa>_kernels. */
#ifndef GELU_KERNEL_LIST_H
#define GELU_KERNEL_LIST_H

#define GELU_FORM_LIST(X, ctx)                   \
    X(ctx, erf, GELU_ERF, forward_cr, 1)         \
    X(ctx, tanh, GELU_TANH, forward_cr, 1)       \
    X(ctx, sigmoid, GELU_SIGMOID, forward_cr, 1) \
    X(ctx, relu, GELU_RELU, forward, 0)

#define GELU_ISA_LIST(X) X(scalar) X(avx2) X(avx512) X(neon)

/* Initialisers of name arrays: the forms' names indexed by gelu_fn; the ISAs' names in
 * GELU_ISA_LIST order. */
#define GELU_FORM_NAMES GELU_FORM_LIST(GELU_FORM_NAME_, )
#define GELU_ISA_NAMES GELU_ISA_LIST(GELU_ISA_NAME_)
#define GELU_FORM_NAME_(ctx, form, fn, cr, fused) [fn] = #form,
#define GELU_ISA_NAME_(isa) #isa,

#endif /* GELU_KERNEL_LIST_H */
