/* blas_denormals_none.c -- CPUs without a flush mode known here: subnormals stay
 * (blas_denormals.h). */
#include "blas_denormals.h"

unsigned long blas_denormals_flush(void) { return 0; }

void blas_denormals_restore(unsigned long previous) { (void)previous; }
