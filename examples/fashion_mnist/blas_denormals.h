/* blas_denormals.h -- subnormal numbers flushed to zero around the BLAS calls only.
 *
 * Exact GELU gives subnormal outputs far in its left tail (|GELU(x)| < 2^-126 below
 * x ~ -13.15) and subnormal gradients there; a network whose units are pushed that far
 * (the --stress setting) feeds them to sgemm, where each subnormal operand costs a
 * microcode assist: a short stress run (erf, 6,000 images, 3 epochs) took 19.8 s with
 * them and 5.3 s flushed, with the same accuracy, on this project's Zen 5.  Flushing them in the
 * matrix products (the CPU's flush-to-zero and denormals-are-zero modes: MXCSR FTZ and DAZ
 * on x86-64, FPCR.FZ on AArch64) changes nothing above 2^-126 and leaves libgelu's own
 * calls, which run between them in the caller's unchanged environment, exact. */
#ifndef FASHION_MNIST_BLAS_DENORMALS_H
#define FASHION_MNIST_BLAS_DENORMALS_H

/* Sets the flush modes for this thread and returns the previous control word, to give
 * back to blas_denormals_restore.  Where the CPU has no such mode, does nothing. */
unsigned long blas_denormals_flush(void);
void blas_denormals_restore(unsigned long previous);

#endif
