/* table.c -- the portable kernels as one dispatch table, indexed by gelu_fn. */
#include "kernels.h"

const gelu_kernel_table gelu_scalar_kernels = {
    GELU_KERNEL_TABLE(scalar),
    .vec = &gelu_vector_ops_scalar,
};
