/* mlp.h -- a multilayer perceptron for classification: fully connected layers, each hidden
 * layer h = f(x W^T + b) with f a libgelu form, softmax cross-entropy on the last layer's
 * outputs.  Matrix products through BLAS (cblas_sgemm); the hidden activations forward and
 * backward through libgelu's fused bias kernels (gelu_bias_forward_f32: f(a + b) in one
 * pass; gelu_bias_backward_f32: da = dh f'(a + b) and db = the column sums of da).
 *
 * Deterministic: the same seed, data and options give the same bits (BLAS must run on one
 * thread, or be otherwise deterministic; libgelu gives the same bits for every thread
 * count). */
#ifndef FASHION_MNIST_MLP_H
#define FASHION_MNIST_MLP_H

#include <stddef.h>
#include <stdint.h>

#include "gelu.h"

#define MLP_MAX_LAYERS 8

typedef enum mlp_init { MLP_INIT_HE, MLP_INIT_XAVIER } mlp_init;
typedef enum mlp_optimizer { MLP_ADAM, MLP_SGD } mlp_optimizer;

typedef struct mlp_layer {
    int in, out;
    float *w, *b;           /* out x in, row-major; out */
    float *gw, *gb;         /* gradients of the mean loss over the batch */
    float *mw, *mb, *vw, *vb; /* Adam's moments (SGD: mw, mb are the momentum) */
    float *a;               /* batch x out: x W^T, before the bias */
    float *h;               /* batch x out: f(a + b) (hidden layers), logits (last) */
    float *dh, *da;         /* batch x out: gradient at h, at a (last layer: at the logits) */
} mlp_layer;

typedef struct mlp {
    int n_layers;           /* weight layers: hidden layers + 1 */
    int max_batch;
    gelu_fn activation;
    mlp_layer layer[MLP_MAX_LAYERS];
    long step;              /* optimizer steps taken */
    int flush_denormals;    /* flush subnormals in the BLAS calls (blas_denormals.h); set
                             * after mlp_create, which leaves it 0 */
} mlp;

/* sizes[0] inputs, sizes[1..n-2] hidden units, sizes[n-1] classes (3 <= n <= 9).  Weights
 * from a normal distribution (He: variance 2/in; Xavier: 2/(in + out)) drawn from a
 * generator seeded with seed, in a fixed order, so that every activation starts from the
 * same weights; hidden biases set to hidden_bias, the last layer's to 0.  Returns 0, or -1
 * (bad sizes, out of memory). */
int mlp_create(mlp *net, const int *sizes, int n_sizes, int max_batch, gelu_fn activation,
               mlp_init init, float hidden_bias, uint64_t seed);
void mlp_destroy(mlp *net);

/* Forward pass of batch rows of x (batch x sizes[0]); the logits are in the last layer's h.
 * Returns 0, or -1 if a libgelu call failed. */
int mlp_forward(mlp *net, const float *x, int batch);

/* Forward and backward: the mean cross-entropy over the batch (computed in double) into
 * *loss and its gradients into every layer's gw and gb.  Returns 0 or -1. */
int mlp_gradients(mlp *net, const float *x, const uint8_t *labels, int batch, double *loss);

/* One optimizer step with learning rate lr (Adam: beta1 0.9, beta2 0.999, eps 1e-8; SGD:
 * momentum). */
void mlp_step(mlp *net, mlp_optimizer optimizer, float lr, float momentum);

/* The index of the largest logit of row r after mlp_forward (ties: the first). */
int mlp_predicted_class(const mlp *net, int r);

#endif
