/* consumer.c -- a program outside the project, built against an installed libgelu (with
 * pkg-config, and with find_package(gelu)) by tests/install/run.sh.  Prints OK on success. */
#include <gelu.h>

#include <stdio.h>
#include <string.h>

static double absd(double v) { return v < 0 ? -v : v; }

int main(void)
{
    /* The library linked is the one this header describes. */
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", GELU_VERSION_MAJOR, GELU_VERSION_MINOR,
             GELU_VERSION_PATCH);
    const char *have = gelu_version();
    if (have == NULL || strcmp(have, want) != 0) {
        fprintf(stderr, "consumer: gelu_version() is \"%s\", gelu.h says \"%s\"\n",
                have ? have : "(null)", want);
        return 1;
    }

    /* x * Phi(x), to 9 digits. */
    const float x[4] = {-1.0f, 0.0f, 1.0f, 2.0f};
    const double expect[4] = {-0.158655254, 0.0, 0.841344746, 1.954499736};
    float y[4];
    gelu_status s = gelu_forward_f32(GELU_ERF, x, y, 4);
    if (s != GELU_OK) {
        fprintf(stderr, "consumer: gelu_forward_f32: %s\n", gelu_status_string(s));
        return 1;
    }
    for (int i = 0; i < 4; i++) {
        if (absd((double)y[i] - expect[i]) > 1e-6) {
            fprintf(stderr, "consumer: gelu(%g) = %.9g, expected %.9g\n", (double)x[i],
                    (double)y[i], expect[i]);
            return 1;
        }
    }

    /* A fused form on two threads of the pool (the threads library comes along with the
     * static library, through pkg-config and find_package alike). */
    static float big[2 * 65536], out[2 * 65536];
    const float bias[2] = {0.0f, 0.0f};
    gelu_set_num_threads(2);
    s = gelu_bias_forward_f32(GELU_ERF, big, bias, out, 65536, 2);
    if (s != GELU_OK || out[0] != 0.0f || gelu_num_threads() != 2) {
        fprintf(stderr, "consumer: gelu_bias_forward_f32: %s\n", gelu_status_string(s));
        return 1;
    }

    printf("OK libgelu %s, isa %s, gelu(1) = %.9f\n", have, gelu_isa(), (double)y[2]);
    return 0;
}
