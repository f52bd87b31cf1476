/* mlp.c -- the multilayer perceptron (mlp.h). */
#include "mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "blas_denormals.h"

/* splitmix64 (Steele, Lea & Flood 2014): the seeded generator of the initial weights. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A standard normal value (Box-Muller, one of the pair). */
static double next_normal(uint64_t *state)
{
    double u1 = ((double)(next_random(state) >> 11) + 0.5) * 0x1p-53; /* (0, 1) */
    double u2 = (double)(next_random(state) >> 11) * 0x1p-53;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* c = op(a) op(b), row-major, through BLAS; subnormals flushed there when the network
 * asks (blas_denormals.h). */
static void product(const mlp *net, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb, int m,
                    int n, int k, const float *a, int lda, const float *b, int ldb, float *c,
                    int ldc)
{
    unsigned long saved = net->flush_denormals ? blas_denormals_flush() : 0;
    cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc);
    if (net->flush_denormals) blas_denormals_restore(saved);
}

static float *new_floats(size_t n) { return calloc(n ? n : 1, sizeof(float)); }

int mlp_create(mlp *net, const int *sizes, int n_sizes, int max_batch, gelu_fn activation,
               mlp_init init, float hidden_bias, uint64_t seed)
{
    memset(net, 0, sizeof *net);
    if (n_sizes < 3 || n_sizes > MLP_MAX_LAYERS + 1 || max_batch < 1) return -1;
    for (int i = 0; i < n_sizes; i++)
        if (sizes[i] < 1 || sizes[i] > 1 << 16) return -1;
    net->n_layers = n_sizes - 1;
    net->max_batch = max_batch;
    net->activation = activation;
    uint64_t state = seed;
    for (int l = 0; l < net->n_layers; l++) {
        mlp_layer *L = &net->layer[l];
        L->in = sizes[l];
        L->out = sizes[l + 1];
        size_t nw = (size_t)L->in * (size_t)L->out, nb = (size_t)L->out;
        size_t nact = (size_t)max_batch * (size_t)L->out;
        L->w = new_floats(nw); L->gw = new_floats(nw); L->mw = new_floats(nw); L->vw = new_floats(nw);
        L->b = new_floats(nb); L->gb = new_floats(nb); L->mb = new_floats(nb); L->vb = new_floats(nb);
        L->a = new_floats(nact); L->h = new_floats(nact); L->dh = new_floats(nact); L->da = new_floats(nact);
        if (!L->w || !L->gw || !L->mw || !L->vw || !L->b || !L->gb || !L->mb || !L->vb || !L->a ||
            !L->h || !L->dh || !L->da) {
            mlp_destroy(net);
            return -1;
        }
        double variance = init == MLP_INIT_HE ? 2.0 / L->in : 2.0 / (L->in + L->out);
        double sd = sqrt(variance);
        for (size_t i = 0; i < nw; i++) L->w[i] = (float)(sd * next_normal(&state));
        float bias = l + 1 < net->n_layers ? hidden_bias : 0.0f;
        for (size_t i = 0; i < nb; i++) L->b[i] = bias;
    }
    return 0;
}

void mlp_destroy(mlp *net)
{
    for (int l = 0; l < MLP_MAX_LAYERS; l++) {
        mlp_layer *L = &net->layer[l];
        float *all[] = {L->w, L->gw, L->mw, L->vw, L->b, L->gb, L->mb, L->vb,
                        L->a, L->h, L->dh, L->da};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
    }
    memset(net, 0, sizeof *net);
}

int mlp_forward(mlp *net, const float *x, int batch)
{
    if (batch < 1 || batch > net->max_batch) return -1;
    const float *in = x;
    for (int l = 0; l < net->n_layers; l++) {
        mlp_layer *L = &net->layer[l];
        /* a = in W^T: (batch x in) (in x out) */
        product(net, CblasNoTrans, CblasTrans, batch, L->out, L->in, in, L->in, L->w, L->in,
                L->a, L->out);
        if (l + 1 < net->n_layers) {
            if (gelu_bias_forward_f32(net->activation, L->a, L->b, L->h, (size_t)batch,
                                      (size_t)L->out) != GELU_OK)
                return -1;
        } else {
            for (int r = 0; r < batch; r++)
                for (int c = 0; c < L->out; c++)
                    L->h[(size_t)r * (size_t)L->out + (size_t)c] = L->a[(size_t)r * (size_t)L->out + (size_t)c] + L->b[c];
        }
        in = L->h;
    }
    return 0;
}

int mlp_gradients(mlp *net, const float *x, const uint8_t *labels, int batch, double *loss)
{
    if (mlp_forward(net, x, batch) != 0) return -1;
    mlp_layer *last = &net->layer[net->n_layers - 1];
    int k = last->out;
    double total = 0.0;
    /* softmax cross-entropy: dlogits = (softmax - onehot) / batch, in last->da */
    for (int r = 0; r < batch; r++) {
        const float *z = last->h + (size_t)r * (size_t)k;
        float *g = last->da + (size_t)r * (size_t)k;
        double zmax = z[0];
        for (int c = 1; c < k; c++) zmax = z[c] > zmax ? z[c] : zmax;
        double sum = 0.0;
        for (int c = 0; c < k; c++) sum += exp((double)z[c] - zmax);
        total += log(sum) - ((double)z[labels[r]] - zmax);
        for (int c = 0; c < k; c++)
            g[c] = (float)((exp((double)z[c] - zmax) / sum - (c == labels[r])) / batch);
    }
    *loss = total / batch;
    for (int c = 0; c < k; c++) {
        double s = 0.0;
        for (int r = 0; r < batch; r++) s += last->da[(size_t)r * (size_t)k + (size_t)c];
        last->gb[c] = (float)s;
    }
    for (int l = net->n_layers - 1; l >= 0; l--) {
        mlp_layer *L = &net->layer[l];
        const float *in = l == 0 ? x : net->layer[l - 1].h;
        /* gw = da^T in: (out x batch) (batch x in) */
        product(net, CblasTrans, CblasNoTrans, L->out, L->in, batch, L->da, L->out, in, L->in,
                L->gw, L->in);
        if (l == 0) break;
        mlp_layer *P = &net->layer[l - 1];
        /* the gradient at the previous layer's output: dh = da W, (batch x out) (out x in) */
        product(net, CblasNoTrans, CblasNoTrans, batch, L->in, L->out, L->da, L->out, L->w,
                L->in, P->dh, P->out);
        /* da = dh f'(a + b) and gb = its column sums, fused */
        if (gelu_bias_backward_f32(net->activation, P->a, P->b, P->dh, P->da, P->gb,
                                   (size_t)batch, (size_t)P->out) != GELU_OK)
            return -1;
    }
    return 0;
}

static void adam_update(float *p, const float *g, float *m, float *v, size_t n, float lr_t)
{
    const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    for (size_t i = 0; i < n; i++) {
        m[i] = b1 * m[i] + (1.0f - b1) * g[i];
        v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
        p[i] -= lr_t * m[i] / (sqrtf(v[i]) + eps);
    }
}

static void sgd_update(float *p, const float *g, float *m, size_t n, float lr, float momentum)
{
    for (size_t i = 0; i < n; i++) {
        m[i] = momentum * m[i] + g[i];
        p[i] -= lr * m[i];
    }
}

void mlp_step(mlp *net, mlp_optimizer optimizer, float lr, float momentum)
{
    net->step++;
    /* Adam's bias correction folded into the step size (Kingma & Ba 2015, section 2) */
    double t = (double)net->step;
    float lr_t = (float)(lr * sqrt(1.0 - pow(0.999, t)) / (1.0 - pow(0.9, t)));
    for (int l = 0; l < net->n_layers; l++) {
        mlp_layer *L = &net->layer[l];
        size_t nw = (size_t)L->in * (size_t)L->out, nb = (size_t)L->out;
        if (optimizer == MLP_ADAM) {
            adam_update(L->w, L->gw, L->mw, L->vw, nw, lr_t);
            adam_update(L->b, L->gb, L->mb, L->vb, nb, lr_t);
        } else {
            sgd_update(L->w, L->gw, L->mw, nw, lr, momentum);
            sgd_update(L->b, L->gb, L->mb, nb, lr, momentum);
        }
    }
}

int mlp_predicted_class(const mlp *net, int r)
{
    const mlp_layer *last = &net->layer[net->n_layers - 1];
    const float *z = last->h + (size_t)r * (size_t)last->out;
    int best = 0;
    for (int c = 1; c < last->out; c++)
        if (z[c] > z[best]) best = c;
    return best;
}
