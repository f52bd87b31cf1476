/* test_mlp_gradients.c -- examples/fashion_mnist/mlp.c: one training step's gradients (every
 * weight and bias of a small network, each activation) against central finite differences
 * of the loss, and the steps themselves (SGD without momentum moves each parameter by
 * -lr g; Adam's first step as its formula says).
 *
 * The network computes in float, so the differences carry rounding noise of about
 * 1e-7 / h; h = 2^-9 keeps that near 2e-4 while the truncation error (h^2 f''') stays
 * smaller.  A gradient passes when |fd - g| <= 2e-4 + 5e-3 |g|.  ReLU's kinks can fall
 * between x - h and x + h; there, a few parameters may differ, so ReLU must pass on 97 %
 * of them, the GELU forms on all. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu_kernel_list.h"
#include "mlp.h"

#define BATCH 8
static const int sizes[] = {20, 16, 12, 10};
static const char *const names[] = {GELU_FORM_NAMES};

static double loss_of(mlp *net, const float *x, const uint8_t *y)
{
    double loss;
    assert(mlp_gradients(net, x, y, BATCH, &loss) == 0);
    return loss;
}

int main(void)
{
    float x[BATCH * 20];
    uint8_t y[BATCH];
    uint64_t s = 12345;
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        x[i] = (float)((double)(s >> 11) * 0x1p-53 * 4.0 - 2.0);
    }
    for (int r = 0; r < BATCH; r++) y[r] = (uint8_t)(r * 3 % 10);
    int failed = 0;
    for (int act = 0; act < 4; act++) {
        mlp net;
        assert(mlp_create(&net, sizes, 4, BATCH, (gelu_fn)act, MLP_INIT_HE, 0.1f, 7) == 0);
        double loss0;
        assert(mlp_gradients(&net, x, y, BATCH, &loss0) == 0);
        /* keep the analytic gradients */
        float *grads[2 * MLP_MAX_LAYERS];
        for (int l = 0; l < net.n_layers; l++) {
            mlp_layer *L = &net.layer[l];
            size_t nw = (size_t)L->in * (size_t)L->out;
            grads[2 * l] = malloc(nw * sizeof(float));
            grads[2 * l + 1] = malloc((size_t)L->out * sizeof(float));
            memcpy(grads[2 * l], L->gw, nw * sizeof(float));
            memcpy(grads[2 * l + 1], L->gb, (size_t)L->out * sizeof(float));
        }
        long checked = 0, bad = 0;
        double worst = 0.0;
        const float h = 0x1p-9f;
        for (int l = 0; l < net.n_layers; l++) {
            mlp_layer *L = &net.layer[l];
            for (int which = 0; which < 2; which++) {
                float *p = which ? L->b : L->w;
                const float *g = grads[2 * l + which];
                size_t n = which ? (size_t)L->out : (size_t)L->in * (size_t)L->out;
                for (size_t i = 0; i < n; i++) {
                    float keep = p[i];
                    p[i] = keep + h;
                    double up = loss_of(&net, x, y);
                    p[i] = keep - h;
                    double down = loss_of(&net, x, y);
                    p[i] = keep;
                    double fd = (up - down) / (2.0 * (double)h);
                    double err = fabs(fd - (double)g[i]);
                    double allowed = 2e-4 + 5e-3 * fabs((double)g[i]);
                    checked++;
                    if (err > allowed) bad++;
                    if (err / allowed > worst) worst = err / allowed;
                }
            }
        }
        /* the SGD step without momentum: p - lr g exactly as float arithmetic gives it */
        float w0 = net.layer[1].w[5], g0 = grads[2][5], b0 = net.layer[2].b[3], gb0 = grads[5][3];
        assert(mlp_gradients(&net, x, y, BATCH, &loss0) == 0);
        mlp_step(&net, MLP_SGD, 0.25f, 0.0f);
        int step_ok = net.layer[1].w[5] == w0 - 0.25f * g0 && net.layer[2].b[3] == b0 - 0.25f * gb0;
        /* one Adam step from fresh moments, the formula written out in the same float
         * operations: m = 0.1 g, v = 0.001 g^2, p -= lr_t m / (sqrt(v) + 1e-8) */
        float w1 = net.layer[0].w[7];
        assert(mlp_gradients(&net, x, y, BATCH, &loss0) == 0);
        float g1 = net.layer[0].gw[7];
        /* Adam's moments from zero, as in a fresh network (the SGD step above used mw) */
        for (int l = 0; l < net.n_layers; l++) {
            mlp_layer *L = &net.layer[l];
            size_t nw = (size_t)L->in * (size_t)L->out;
            memset(L->mw, 0, nw * sizeof(float));
            memset(L->vw, 0, nw * sizeof(float));
            memset(L->mb, 0, (size_t)L->out * sizeof(float));
            memset(L->vb, 0, (size_t)L->out * sizeof(float));
        }
        net.step = 0;
        mlp_step(&net, MLP_ADAM, 0.001f, 0.0f);
        float m = 0.9f * 0.0f + (1.0f - 0.9f) * g1;
        float v = 0.999f * 0.0f + (1.0f - 0.999f) * g1 * g1;
        float lr_t = (float)(0.001f * sqrt(1.0 - pow(0.999, 1.0)) / (1.0 - pow(0.9, 1.0)));
        float want = w1 - lr_t * m / (sqrtf(v) + 1e-8f);
        step_ok = step_ok && net.layer[0].w[7] == want && want != w1;
        int ok = (act == GELU_RELU ? bad <= checked * 3 / 100 : bad == 0) && step_ok;
        printf("%-8s %ld parameters, %ld outside the tolerance, worst %.3f of it; SGD, Adam step %s: %s\n",
               names[act], checked, bad, worst, step_ok ? "exact" : "WRONG", ok ? "ok" : "FAIL");
        failed |= !ok;
        for (int l = 0; l < net.n_layers; l++) {
            free(grads[2 * l]);
            free(grads[2 * l + 1]);
        }
        mlp_destroy(&net);
    }
    printf("%s\n", failed ? "FAIL" : "mlp gradients: all ok");
    return failed;
}
