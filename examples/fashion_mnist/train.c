/* train.c -- GELU against ReLU on Fashion-MNIST (train.h). */
#define _POSIX_C_SOURCE 200809L
#include "train.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "gelu.h"
#include "idx_reader.h"
#include "mlp.h"
#include "quote.h"
#include "svg_chart.h"

#define N_CLASSES 10
#define N_PIXELS 784
#define DEAD_THRESHOLD 1e-6 /* |f'| below this on every test example: a dead GELU unit */

static const char *const activation_names[4] = {"erf", "tanh", "sigmoid", "relu"};
static const char *const activation_colors[4] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};
static const char *const activation_dashes[4] = {NULL, "8,4", "2,3", NULL};

typedef struct options {
    const char *data_dir;
    int activations[4], n_activations;
    int hidden[MLP_MAX_LAYERS - 1], n_hidden;
    int epochs, batch;
    mlp_optimizer optimizer;
    double lr, momentum, hidden_bias;
    int lr_given, cosine;
    mlp_init init;
    unsigned long seed;
    long train_subset;
    int quick, stress, threads, keep_denormals;
    const char *csv, *svg;
} options;

static const char *prog_name = "fashion_mnist";

/* One line on stderr: "prog: ", the message, suffix.  The message holds text from the user
 * (option values, file names): its control bytes are written as \xNN (quote.h), so that a
 * value with a newline cannot forge a second line. */
static void message_line(const char *suffix, const char *format, va_list ap)
{
    char small[1024], *heap = NULL;
    const char *text = small;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, format, ap);
    if (n >= (int)sizeof small && (heap = malloc((size_t)n + 1)) != NULL) {
        vsnprintf(heap, (size_t)n + 1, format, again);
        text = heap;
    }
    va_end(again);
    fprintf(stderr, "%s: ", prog_name);
    fm_fputs_escaped(text, stderr);
    fprintf(stderr, "%s\n", suffix);
    free(heap);
}

static void error_line(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void error_line(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    message_line("", format, ap);
    va_end(ap);
}

static int usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *format, ...)
{
    char suffix[64];
    snprintf(suffix, sizeof suffix, " (%s --help)", prog_name);
    va_list ap;
    va_start(ap, format);
    message_line(suffix, format, ap);
    va_end(ap);
    return 2;
}

/* Standard output flushed and checked (a full disk, a closed pipe, >/dev/full): 0, or -1
 * after one line on stderr.  The error flag is cleared once reported (glibc has dropped the
 * unwritable buffer by then), so that a caller's own check at exit, as gelu's main() may
 * make, does not report it a second time; the exit status says it. */
static int stdout_failed(void)
{
    errno = 0;
    int flushed = fflush(stdout) == 0;
    int e = errno;
    if (flushed && !ferror(stdout)) return 0;
    if (!flushed && e)
        error_line("error writing standard output: %s", strerror(e));
    else
        error_line("error writing standard output");
    clearerr(stdout);
    return -1;
}

static void print_help(void)
{
    printf(
        "usage: %s [--activation erf|tanh|sigmoid|relu|all] [--quick] [--stress]\n"
        "       [--epochs E] [--batch B] [--hidden N,N,...] [--optimizer adam|sgd] [--lr R]\n"
        "       [--momentum M] [--schedule cosine|constant] [--init he|xavier] [--seed S]\n"
        "       [--train-subset N] [--threads T] [--denormals flush|keep] [--data DIR]\n"
        "       [--csv FILE] [--svg FILE]\n"
        "\n"
        "Trains a multilayer perceptron on Fashion-MNIST (Xiao, Rasul & Vollgraf 2017: 60,000\n"
        "training and 10,000 test images of clothing, 28 x 28, 10 classes) once per activation,\n"
        "with the same initial weights and the same order of mini-batches, and measures what\n"
        "the activation changes: test accuracy after each epoch, and dead units, the fraction\n"
        "of each hidden layer's units whose f'(pre-activation) is 0 (ReLU) or below 1e-6 in\n"
        "magnitude (GELU forms) on every test image.  Hidden layers: libgelu's fused\n"
        "bias+activation kernels, forward and backward; matrix products: OpenBLAS\n"
        "(cblas_sgemm) on one thread, so that a seed gives the same numbers bit for bit.\n"
        "\n"
        "Default setting: 784-512-256-10, Adam (lr 0.001, cosine decay to 0 over the run),\n"
        "batch 128, 10 epochs, He initialisation, hidden biases 0, seed 1, pixels scaled to\n"
        "mean 0 and variance 1 over the training set, softmax cross-entropy.\n"
        "--stress: the setting meant to provoke dying ReLU: ten times the learning rate\n"
        "          (the default's, Adam 0.01 and SGD 0.5, or --lr's) and hidden biases\n"
        "          starting at -1.\n"
        "--quick:  the first 10,000 training images (the full test set) for 2 epochs, all\n"
        "          four activations unless --activation says otherwise; make demo runs it.\n"
        "Each run ends with a digest of the trained weights' bits: the same seed and options\n"
        "give the same digest on every run on the same machine and build.\n"
        "\n"
        "  --activation A   one form, or all (default all)\n"
        "  --epochs E       1..1000 (default 10; --quick 2)\n"
        "  --batch B        1..4096 (default 128)\n"
        "  --hidden LIST    hidden layer sizes, 1 to %d of them (default 512,256)\n"
        "  --optimizer O    adam (default) or sgd (with momentum)\n"
        "  --lr R           learning rate (default: adam 0.001, sgd 0.05)\n"
        "  --momentum M     sgd's momentum, 0..1 (default 0.9)\n"
        "  --schedule S     cosine (default) or constant learning rate\n"
        "  --init I         he (default: variance 2/in) or xavier (2/(in+out))\n"
        "  --seed S         initial weights and data order (default 1)\n"
        "  --train-subset N the first N training images only (default: all)\n"
        "  --threads T      libgelu's threads (results do not depend on it)\n"
        "  --denormals D    flush (default): subnormal numbers are flushed to zero inside\n"
        "                   the matrix products (CPU flush modes, set around each BLAS call;\n"
        "                   libgelu's calls run unflushed), where each costs a slow assist;\n"
        "                   keep: not\n"
        "  --data DIR       the IDX files (default %s,\n"
        "                   from the Debian package dataset-fashion-mnist)\n"
        "  --csv FILE       per-epoch results (default fashion_mnist.csv, or\n"
        "                   fashion_mnist_stress.csv with --stress)\n"
        "  --svg FILE       learning curves (default fashion_mnist.svg or _stress.svg)\n"
        "Exit status: 0, 1 when the data cannot be read (or all its training pixels are\n"
        "equal), training fails (or diverges: a loss that is not finite) or the output cannot\n"
        "be written, 2 bad usage.\n",
        prog_name, MLP_MAX_LAYERS - 1, FASHION_MNIST_DEFAULT_DIR);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int parse_long(const char *name, const char *text, long lo, long hi, long *value)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi)
        return usage_error("%s '%s': give a whole number from %ld to %ld", name, text, lo, hi);
    *value = v;
    return 0;
}

static int parse_real(const char *name, const char *text, double lo, double hi, double *value)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= lo && v <= hi))
        return usage_error("%s '%s': give a number from %g to %g", name, text, lo, hi);
    *value = v;
    return 0;
}

static int parse_hidden(const char *text, options *o)
{
    o->n_hidden = 0;
    const char *p = text;
    for (;;) {
        char *end;
        errno = 0;
        long v = strtol(p, &end, 10);
        if (errno || end == p || v < 1 || v > 65536 || o->n_hidden == MLP_MAX_LAYERS - 1)
            return usage_error("--hidden '%s': give 1 to %d sizes from 1 to 65536, like 512,256",
                               text, MLP_MAX_LAYERS - 1);
        o->hidden[o->n_hidden++] = (int)v;
        if (*end == '\0') return 0;
        if (*end != ',')
            return usage_error("--hidden '%s': give sizes separated by commas, like 512,256", text);
        p = end + 1;
    }
}

/* Returns 0, 2 for bad usage, or -1 for --help (printed). */
static int parse_options(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->data_dir = FASHION_MNIST_DEFAULT_DIR;
    o->n_activations = 4;
    for (int k = 0; k < 4; k++) o->activations[k] = k;
    o->hidden[0] = 512;
    o->hidden[1] = 256;
    o->n_hidden = 2;
    o->epochs = -1;
    o->batch = 128;
    o->optimizer = MLP_ADAM;
    o->momentum = 0.9;
    o->cosine = 1;
    o->init = MLP_INIT_HE;
    o->seed = 1;
    o->train_subset = -1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help();
            return -1;
        }
        if (strcmp(arg, "--quick") == 0) { o->quick = 1; continue; }
        if (strcmp(arg, "--stress") == 0) { o->stress = 1; continue; }
        if (strncmp(arg, "--", 2) != 0) return usage_error("unexpected argument '%s'", arg);
        /* --name value or --name=value */
        char name[32];
        const char *value;
        const char *eq = strchr(arg, '=');
        if (eq) {
            size_t len = (size_t)(eq - arg);
            if (len >= sizeof name) return usage_error("unknown option '%s'", arg);
            memcpy(name, arg, len);
            name[len] = '\0';
            value = eq + 1;
        } else {
            if (strlen(arg) >= sizeof name) return usage_error("unknown option '%s'", arg);
            strcpy(name, arg);
            value = i + 1 < argc ? argv[i + 1] : NULL;
        }
        static const char *const known[] = {"--activation", "--epochs", "--batch", "--hidden",
                                            "--optimizer", "--lr", "--momentum", "--schedule",
                                            "--init", "--seed", "--train-subset", "--threads",
                                            "--denormals", "--data", "--csv", "--svg"};
        int is_known = 0;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            is_known |= strcmp(name, known[k]) == 0;
        if (!is_known) return usage_error("unknown option '%s'", arg);
        if (!value || (!eq && strncmp(value, "--", 2) == 0))
            return usage_error("%s needs a value", name);
        if (!eq) i++;
        long n = 0;
        int r = 0;
        if (strcmp(name, "--activation") == 0) {
            if (strcmp(value, "all") == 0) {
                o->n_activations = 4;
                for (int k = 0; k < 4; k++) o->activations[k] = k;
            } else {
                int k = 0;
                while (k < 4 && strcmp(value, activation_names[k]) != 0) k++;
                if (k == 4)
                    return usage_error("unknown --activation '%s' (erf, tanh, sigmoid, relu, all)",
                                       value);
                o->activations[0] = k;
                o->n_activations = 1;
            }
        } else if (strcmp(name, "--epochs") == 0) {
            if (!(r = parse_long(name, value, 1, 1000, &n))) o->epochs = (int)n;
        } else if (strcmp(name, "--batch") == 0) {
            if (!(r = parse_long(name, value, 1, 4096, &n))) o->batch = (int)n;
        } else if (strcmp(name, "--hidden") == 0) {
            r = parse_hidden(value, o);
        } else if (strcmp(name, "--optimizer") == 0) {
            if (strcmp(value, "adam") == 0) o->optimizer = MLP_ADAM;
            else if (strcmp(value, "sgd") == 0) o->optimizer = MLP_SGD;
            else return usage_error("unknown --optimizer '%s' (adam, sgd)", value);
        } else if (strcmp(name, "--lr") == 0) {
            if (!(r = parse_real(name, value, 1e-9, 100.0, &o->lr))) o->lr_given = 1;
        } else if (strcmp(name, "--momentum") == 0) {
            r = parse_real(name, value, 0.0, 1.0, &o->momentum);
        } else if (strcmp(name, "--schedule") == 0) {
            if (strcmp(value, "cosine") == 0) o->cosine = 1;
            else if (strcmp(value, "constant") == 0) o->cosine = 0;
            else return usage_error("unknown --schedule '%s' (cosine, constant)", value);
        } else if (strcmp(name, "--init") == 0) {
            if (strcmp(value, "he") == 0) o->init = MLP_INIT_HE;
            else if (strcmp(value, "xavier") == 0) o->init = MLP_INIT_XAVIER;
            else return usage_error("unknown --init '%s' (he, xavier)", value);
        } else if (strcmp(name, "--seed") == 0) {
            if (!(r = parse_long(name, value, 0, 2147483647L, &n))) o->seed = (unsigned long)n;
        } else if (strcmp(name, "--train-subset") == 0) {
            if (!(r = parse_long(name, value, 1, 60000, &n))) o->train_subset = n;
        } else if (strcmp(name, "--threads") == 0) {
            if (!(r = parse_long(name, value, 1, 1024, &n))) o->threads = (int)n;
        } else if (strcmp(name, "--denormals") == 0) {
            if (strcmp(value, "flush") == 0) o->keep_denormals = 0;
            else if (strcmp(value, "keep") == 0) o->keep_denormals = 1;
            else return usage_error("unknown --denormals '%s' (flush, keep)", value);
        } else if (strcmp(name, "--data") == 0) {
            o->data_dir = value;
        } else if (strcmp(name, "--csv") == 0) {
            o->csv = value;
        } else if (strcmp(name, "--svg") == 0) {
            o->svg = value;
        }
        if (r) return r;
    }
    if (o->quick) {
        if (o->epochs < 0) o->epochs = 2;
        if (o->train_subset < 0) o->train_subset = 10000;
    }
    if (o->epochs < 0) o->epochs = 10;
    if (!o->lr_given) o->lr = o->optimizer == MLP_ADAM ? 1e-3 : 0.05;
    if (o->stress) {
        o->lr *= 10.0;
        o->hidden_bias = -1.0;
    }
    if (!o->csv) o->csv = o->stress ? "fashion_mnist_stress.csv" : "fashion_mnist.csv";
    if (!o->svg) o->svg = o->stress ? "fashion_mnist_stress.svg" : "fashion_mnist.svg";
    return 0;
}

/* Pixels scaled to mean 0 and variance 1 over the training images (mean and sd computed
 * here, in double, over the images used). */
static float *normalized(const idx_images *im, size_t count, double mean, double sd)
{
    float *x = malloc(count * N_PIXELS * sizeof *x);
    if (!x) return NULL;
    for (size_t i = 0; i < count * N_PIXELS; i++)
        x[i] = (float)(((double)im->pixels[i] / 255.0 - mean) / sd);
    return x;
}

typedef struct evaluation {
    double accuracy; /* percent */
    double dead[MLP_MAX_LAYERS]; /* percent of each hidden layer's units */
} evaluation;

/* Test accuracy and dead units over the whole test set. */
static int evaluate(mlp *net, const float *x, const uint8_t *labels, size_t count,
                    evaluation *ev)
{
    int hidden = net->n_layers - 1;
    unsigned char *alive[MLP_MAX_LAYERS] = {NULL};
    size_t widest = 0;
    for (int l = 0; l < hidden; l++) {
        alive[l] = calloc((size_t)net->layer[l].out, 1);
        if ((size_t)net->layer[l].out > widest) widest = (size_t)net->layer[l].out;
    }
    size_t cells = (size_t)net->max_batch * widest;
    float *ones = malloc(cells * sizeof *ones), *slope = malloc(cells * sizeof *slope);
    float *unused = malloc(widest * sizeof *unused);
    int ok = ones && slope && unused;
    for (int l = 0; l < hidden; l++) ok = ok && alive[l];
    for (size_t i = 0; ok && i < cells; i++) ones[i] = 1.0f;
    size_t correct = 0;
    for (size_t first = 0; ok && first < count; first += (size_t)net->max_batch) {
        int rows = (int)(count - first < (size_t)net->max_batch ? count - first
                                                                 : (size_t)net->max_batch);
        if (mlp_forward(net, x + first * N_PIXELS, rows) != 0) {
            ok = 0;
            break;
        }
        for (int r = 0; r < rows; r++)
            correct += mlp_predicted_class(net, r) == labels[first + (size_t)r];
        for (int l = 0; l < hidden; l++) {
            const mlp_layer *L = &net->layer[l];
            /* f'(a + b), the same kernel as training's backward, with dy = 1 */
            if (gelu_bias_backward_f32(net->activation, L->a, L->b, ones, slope, unused,
                                       (size_t)rows, (size_t)L->out) != GELU_OK) {
                ok = 0;
                break;
            }
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < L->out; c++) {
                    float d = slope[(size_t)r * (size_t)L->out + (size_t)c];
                    int live = net->activation == GELU_RELU ? d != 0.0f
                                                            : fabsf(d) >= DEAD_THRESHOLD;
                    alive[l][c] |= (unsigned char)live;
                }
        }
    }
    if (ok) {
        ev->accuracy = 100.0 * (double)correct / (double)count;
        for (int l = 0; l < hidden; l++) {
            int dead = 0;
            for (int c = 0; c < net->layer[l].out; c++) dead += !alive[l][c];
            ev->dead[l] = 100.0 * dead / net->layer[l].out;
        }
    }
    for (int l = 0; l < hidden; l++) free(alive[l]);
    free(ones);
    free(slope);
    free(unused);
    return ok ? 0 : -1;
}

/* splitmix64 again, for the data order (independent of the weights' generator). */
static uint64_t order_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Whether every weight and bias is finite (not so once training has diverged). */
static int weights_finite(const mlp *net)
{
    for (int l = 0; l < net->n_layers; l++) {
        const mlp_layer *L = &net->layer[l];
        size_t nw = (size_t)L->in * (size_t)L->out;
        for (size_t i = 0; i < nw; i++)
            if (!isfinite(L->w[i])) return 0;
        for (int i = 0; i < L->out; i++)
            if (!isfinite(L->b[i])) return 0;
    }
    return 1;
}

typedef struct run_result {
    double accuracy[1001]; /* [0]: before training */
    double final_dead[MLP_MAX_LAYERS], start_dead[MLP_MAX_LAYERS];
    double seconds;
    int best_epoch;
} run_result;

static int train_one(const options *o, int act, const float *train_x, const uint8_t *train_y,
                     size_t n_train, const float *test_x, const uint8_t *test_y, size_t n_test,
                     FILE *csv, const char *setting, run_result *res)
{
    int sizes[MLP_MAX_LAYERS + 1];
    sizes[0] = N_PIXELS;
    for (int i = 0; i < o->n_hidden; i++) sizes[i + 1] = o->hidden[i];
    sizes[o->n_hidden + 1] = N_CLASSES;
    mlp net;
    if (mlp_create(&net, sizes, o->n_hidden + 2, o->batch, (gelu_fn)act, o->init,
                   (float)o->hidden_bias, 0x5eed0000u + (uint64_t)o->seed) != 0) {
        error_line("out of memory for the network");
        return -1;
    }
    net.flush_denormals = !o->keep_denormals;
    size_t *order = malloc(n_train * sizeof *order);
    float *xb = malloc((size_t)o->batch * N_PIXELS * sizeof *xb);
    uint8_t *yb = malloc((size_t)o->batch);
    if (!order || !xb || !yb) {
        error_line("out of memory");
        free(order); free(xb); free(yb);
        mlp_destroy(&net);
        return -1;
    }
    evaluation ev;
    /* a failure is reported where it happens, in one line: status -1 */
    static const char *const call_failed =
        "a libgelu call failed, or memory ran out, while training";
    int status = evaluate(&net, test_x, test_y, n_test, &ev);
    if (status != 0) error_line("%s", call_failed);
    if (status == 0) {
        res->accuracy[0] = ev.accuracy;
        memcpy(res->start_dead, ev.dead, sizeof ev.dead);
        fprintf(csv, "%s,%s,0,,%.2f", setting, activation_names[act], ev.accuracy);
        for (int l = 0; l < o->n_hidden; l++) fprintf(csv, ",%.2f", ev.dead[l]);
        fprintf(csv, ",0\n");
    }
    long steps_per_epoch = (long)((n_train + (size_t)o->batch - 1) / (size_t)o->batch);
    long total_steps = steps_per_epoch * o->epochs, step = 0;
    double t_start = now_seconds();
    res->best_epoch = 0;
    for (int epoch = 1; status == 0 && epoch <= o->epochs; epoch++) {
        double t0 = now_seconds();
        /* the same order for every activation: a generator seeded by seed and epoch */
        uint64_t state = 0x0bde0000u + (uint64_t)o->seed * 1000003u + (uint64_t)epoch;
        for (size_t i = 0; i < n_train; i++) order[i] = i;
        for (size_t i = n_train - 1; i > 0; i--) {
            size_t j = (size_t)(order_random(&state) % (i + 1));
            size_t t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double loss_sum = 0.0;
        for (size_t first = 0; status == 0 && first < n_train; first += (size_t)o->batch) {
            int rows = (int)(n_train - first < (size_t)o->batch ? n_train - first : (size_t)o->batch);
            for (int r = 0; r < rows; r++) {
                size_t k = order[first + (size_t)r];
                memcpy(xb + (size_t)r * N_PIXELS, train_x + k * N_PIXELS, N_PIXELS * sizeof *xb);
                yb[r] = train_y[k];
            }
            double loss;
            if (mlp_gradients(&net, xb, yb, rows, &loss) != 0) {
                error_line("%s", call_failed);
                status = -1;
                break;
            }
            if (!isfinite(loss)) {
                /* the weights have blown up: nothing after this is a result */
                error_line("training diverged: the loss is not finite (%s) at %s epoch %d, "
                           "batch %ld of %ld (learning rate %g: try a smaller --lr)",
                           isnan(loss) ? "NaN" : "infinite", activation_names[act], epoch,
                           (long)(first / (size_t)o->batch) + 1, steps_per_epoch, o->lr);
                status = -1;
                break;
            }
            loss_sum += loss * rows;
            double lr = o->lr;
            if (o->cosine) lr *= 0.5 * (1.0 + cos(3.141592653589793 * (double)step / (double)total_steps));
            mlp_step(&net, o->optimizer, (float)lr, (float)o->momentum);
            step++;
        }
        if (status != 0) break;
        double train_loss = loss_sum / (double)n_train;
        if (!isfinite(train_loss) || !weights_finite(&net)) {
            error_line("training diverged: the %s after %s epoch %d %s not finite (learning "
                       "rate %g: try a smaller --lr)",
                       isfinite(train_loss) ? "weights" : "mean loss", activation_names[act],
                       epoch, isfinite(train_loss) ? "are" : "is", o->lr);
            status = -1;
            break;
        }
        if (evaluate(&net, test_x, test_y, n_test, &ev) != 0) {
            error_line("%s", call_failed);
            status = -1;
            break;
        }
        double secs = now_seconds() - t0;
        res->accuracy[epoch] = ev.accuracy;
        if (res->best_epoch == 0 || ev.accuracy > res->accuracy[res->best_epoch])
            res->best_epoch = epoch;
        printf("%-8s epoch %3d/%-3d  train loss %8.4f  test accuracy %6.2f %%  dead units",
               activation_names[act], epoch, o->epochs, train_loss, ev.accuracy);
        for (int l = 0; l < o->n_hidden; l++) printf(" %5.1f %%", ev.dead[l]);
        printf("  %6.1f s\n", secs);
        if (stdout_failed()) {
            status = -1;
            break;
        }
        fprintf(csv, "%s,%s,%d,%.6f,%.2f", setting, activation_names[act], epoch, train_loss,
                ev.accuracy);
        for (int l = 0; l < o->n_hidden; l++) fprintf(csv, ",%.2f", ev.dead[l]);
        fprintf(csv, ",%.2f\n", secs);
        if (ferror(csv)) {
            error_line("error writing %s", o->csv);
            status = -1;
            break;
        }
        memcpy(res->final_dead, ev.dead, sizeof ev.dead);
    }
    res->seconds = now_seconds() - t_start;
    if (status == 0) {
        /* FNV-1a over every weight's and bias's bits: equal digests, equal networks */
        uint64_t digest = 0xcbf29ce484222325u;
        for (int l = 0; l < net.n_layers; l++) {
            const mlp_layer *L = &net.layer[l];
            size_t nw = (size_t)L->in * (size_t)L->out;
            for (size_t i = 0; i < nw + (size_t)L->out; i++) {
                uint32_t bits;
                memcpy(&bits, i < nw ? &L->w[i] : &L->b[i - nw], sizeof bits);
                for (int k = 0; k < 4; k++) {
                    digest ^= (bits >> (8 * k)) & 0xffu;
                    digest *= 0x100000001b3u;
                }
            }
        }
        printf("%-8s trained weights: digest %016llx\n", activation_names[act],
               (unsigned long long)digest);
    }
    free(order);
    free(xb);
    free(yb);
    mlp_destroy(&net);
    return status;
}

static int write_learning_curves(const options *o, const run_result *res, const char *title)
{
    double epochs[1001];
    double curves[4][1001];
    svg_chart chart;
    memset(&chart, 0, sizeof chart);
    /* wide enough for the title ("Fashion-MNIST test accuracy, default setting
     * (784-512-256-10, 60000 images)") at the chart code's text-width estimate */
    chart.width = 880;
    chart.height = 500;
    chart.title = title;
    chart.x_label = "epoch";
    chart.y_label = "test accuracy (%)";
    /* epochs 1 to E: the accuracy before training (about 10 %, in the CSV) would flatten
     * the rest; a single epoch is drawn from 0 */
    int first = o->epochs > 1 ? 1 : 0;
    chart.x = epochs;
    chart.n = (size_t)(o->epochs - first + 1);
    chart.legend_bottom_right = 1;
    chart.x_integer = 1; /* epochs: whole-number ticks */
    for (int e = first; e <= o->epochs; e++) epochs[e - first] = e;
    for (int i = 0; i < o->n_activations; i++) {
        int act = o->activations[i];
        for (int e = first; e <= o->epochs; e++) curves[i][e - first] = res[i].accuracy[e];
        chart.series[i].label = activation_names[act];
        chart.series[i].color = activation_colors[act];
        chart.series[i].dash = activation_dashes[act];
        chart.series[i].y = curves[i];
    }
    chart.n_series = o->n_activations;
    char why[160];
    if (svg_chart_check(&chart, why, sizeof why) != 0) { /* before the file is made */
        error_line("cannot draw %s: the chart %s", o->svg, why);
        return -1;
    }
    FILE *f = fopen(o->svg, "w");
    if (!f) {
        error_line("cannot write %s: %s", o->svg, strerror(errno));
        return -1;
    }
    int bad = svg_chart_write(&chart, f) != 0;
    bad |= ferror(f) != 0; /* a write that failed before the last: fclose may not see it */
    bad |= fclose(f) != 0;
    if (bad) error_line("error writing %s", o->svg);
    return bad ? -1 : 0;
}

int fashion_mnist_main(const char *prog, int argc, char **argv)
{
    prog_name = prog;
    options o;
    int r = parse_options(argc, argv, &o);
    if (r == -1) return stdout_failed() ? 1 : 0; /* --help printed */
    if (r) return r;
    openblas_set_num_threads(1); /* one thread: the same bits on every run */
    if (o.threads > 0 && gelu_set_num_threads(o.threads) != GELU_OK)
        return usage_error("--threads %d: libgelu refused it", o.threads);

    char err[4096 + 256];
    fashion_mnist data;
    double t_load = now_seconds();
    if (fashion_mnist_load(o.data_dir, &data, err, sizeof err) != 0) {
        error_line("%s", err);
        error_line("the Fashion-MNIST files are missing or damaged: install the Debian package "
                   "dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or give "
                   "--data DIR");
        return 1;
    }
    size_t n_train = data.train_images.count;
    if (o.train_subset > 0 && (size_t)o.train_subset < n_train) n_train = (size_t)o.train_subset;
    size_t n_test = data.test_images.count;
    /* the pixels' mean and standard deviation over the training images used, in double, in
     * two passes: the one-pass sum2/count - mean^2 cancels, and goes negative (sd NaN) when
     * every pixel has the same value.  That case has no variance to scale by: refused. */
    const uint8_t *pixels = data.train_images.pixels;
    size_t n_pixels = n_train * N_PIXELS;
    double sum = 0.0;
    uint8_t lowest = 255, highest = 0;
    for (size_t i = 0; i < n_pixels; i++) {
        sum += pixels[i] / 255.0;
        if (pixels[i] < lowest) lowest = pixels[i];
        if (pixels[i] > highest) highest = pixels[i];
    }
    if (lowest == highest) {
        error_line("%s/train-images-idx3-ubyte.gz: every pixel of %s %zu training image%s has "
                   "the same value (%u): no variance to scale the pixels by",
                   o.data_dir, n_train < data.train_images.count ? "the first" : "its", n_train,
                   n_train == 1 ? "" : "s", (unsigned)lowest);
        fashion_mnist_free(&data);
        return 1;
    }
    double count = (double)n_pixels;
    double mean = sum / count, squares = 0.0;
    for (size_t i = 0; i < n_pixels; i++) {
        double d = pixels[i] / 255.0 - mean;
        squares += d * d;
    }
    double sd = sqrt(squares / count);
    float *train_x = normalized(&data.train_images, n_train, mean, sd);
    float *test_x = normalized(&data.test_images, n_test, mean, sd);
    if (!train_x || !test_x) {
        error_line("out of memory for the images");
        free(train_x);
        free(test_x);
        fashion_mnist_free(&data);
        return 1;
    }

    char layers[128];
    int at = snprintf(layers, sizeof layers, "%d", N_PIXELS);
    for (int i = 0; i < o.n_hidden && at < (int)sizeof layers; i++)
        at += snprintf(layers + at, sizeof layers - (size_t)at, "-%d", o.hidden[i]);
    if (at < (int)sizeof layers) snprintf(layers + at, sizeof layers - (size_t)at, "-%d", N_CLASSES);
    const char *setting = o.stress ? "stress" : "default";
    char description[640];
    snprintf(description, sizeof description,
             "%s setting: %s, %s lr %g%s%s, batch %d, %d epoch%s, %s init, hidden bias %g, "
             "seed %lu, subnormals %s in sgemm; %zu training images (pixel mean %.4f, sd %.4f), "
             "%zu test images",
             setting, layers, o.optimizer == MLP_ADAM ? "Adam" : "SGD", o.lr,
             o.cosine ? " cosine" : " constant",
             o.optimizer == MLP_SGD ? (o.momentum > 0 ? " momentum" : "") : "", o.batch,
             o.epochs, o.epochs == 1 ? "" : "s", o.init == MLP_INIT_HE ? "He" : "Xavier",
             o.hidden_bias, o.seed, o.keep_denormals ? "kept" : "flushed", n_train, mean, sd,
             n_test);
    printf("%s (read in %.1f s); libgelu %s, %s kernels\n", description,
           now_seconds() - t_load, gelu_version(), gelu_isa());

    FILE *csv = NULL;
    if (!stdout_failed()) {
        csv = fopen(o.csv, "w");
        if (!csv) error_line("cannot write %s: %s", o.csv, strerror(errno));
    }
    if (!csv) {
        free(train_x);
        free(test_x);
        fashion_mnist_free(&data);
        return 1;
    }
    fprintf(csv, "setting,activation,epoch,train_loss,test_accuracy");
    for (int l = 0; l < o.n_hidden; l++) fprintf(csv, ",dead_layer%d", l + 1);
    fprintf(csv, ",seconds\n");

    static run_result res[4];
    int status = 0;
    for (int i = 0; i < o.n_activations && status == 0; i++)
        status = train_one(&o, o.activations[i], train_x, data.train_labels.labels, n_train,
                           test_x, data.test_labels.labels, n_test, csv, setting, &res[i]);
    int csv_bad = ferror(csv) != 0; /* a failed write before the last: fclose may not see it */
    csv_bad |= fclose(csv) != 0;
    if (csv_bad && status == 0) { /* (one already reported is not reported again) */
        error_line("error writing %s", o.csv);
        status = -1;
    }
    if (status == 0) {
        printf("\n%s\n", description);
        printf("| activation | final test accuracy | best (epoch) |");
        for (int l = 0; l < o.n_hidden; l++) printf(" dead units, layer %d |", l + 1);
        printf(" dead at start |  seconds |\n|---|---|---|");
        for (int l = 0; l < o.n_hidden; l++) printf("---|");
        printf("---|---|\n");
        for (int i = 0; i < o.n_activations; i++) {
            const run_result *rr = &res[i];
            printf("| %-7s | %6.2f %% | %6.2f %% (%d) |", activation_names[o.activations[i]],
                   rr->accuracy[o.epochs], rr->accuracy[rr->best_epoch], rr->best_epoch);
            for (int l = 0; l < o.n_hidden; l++) printf(" %5.1f %% |", rr->final_dead[l]);
            printf(" ");
            for (int l = 0; l < o.n_hidden; l++)
                printf("%s%.1f %%", l ? " / " : "", rr->start_dead[l]);
            printf(" | %7.1f |\n", rr->seconds);
        }
        printf("(dead: f'(pre-activation) %s on every test image)\n",
               "0 (relu) or below 1e-6 in magnitude (GELU forms)");
        char title[320];
        snprintf(title, sizeof title, "Fashion-MNIST test accuracy, %s setting (%s, %zu images)",
                 setting, layers, n_train);
        if (write_learning_curves(&o, res, title) != 0) {
            status = -1;
        } else {
            printf("%s: wrote ", prog_name);
            fm_fputs_escaped(o.csv, stdout);
            printf(" and ");
            fm_fputs_escaped(o.svg, stdout);
            printf("\n");
        }
        if (status == 0 && stdout_failed()) status = -1;
    }
    free(train_x);
    free(test_x);
    fashion_mnist_free(&data);
    return status == 0 ? 0 : 1;
}
