/* fuzz_config.c -- libFuzzer target: the settings and strings (gelu.h sections 1, 7, 8, 9):
 * gelu_set_isa with any string, gelu_set_num_threads and gelu_status_string with any int,
 * each against its documented result, and a call after each change still gives the
 * portable kernels' bits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu.h"

static const char *const k_known[] = {"avx512", "avx2", "neon", "scalar"};

#define REQUIRE(cond, ...)                                                                 \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz_config: FAIL: " __VA_ARGS__);                            \
            fprintf(stderr, "\n");                                                         \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

static int is_known(const char *s)
{
    for (size_t i = 0; i < 4; i++)
        if (strcmp(s, k_known[i]) == 0) return 1;
    return 0;
}

/* A forward call with the current settings against "scalar" on one thread. */
static void check_a_call(void)
{
    float x[67], y[67], ref[67];
    for (int i = 0; i < 67; i++) x[i] = (float)(i - 33) * 0.37f;
    char isa[16];
    snprintf(isa, sizeof isa, "%s", gelu_isa());
    int threads = gelu_num_threads();
    REQUIRE(gelu_forward_f32(GELU_ERF, x, y, 67) == GELU_OK, "forward under %s", isa);
    REQUIRE(gelu_set_isa("scalar") == GELU_OK, "scalar is always there");
    REQUIRE(gelu_forward_f32(GELU_ERF, x, ref, 67) == GELU_OK, "forward under scalar");
    REQUIRE(memcmp(y, ref, sizeof y) == 0, "%s differs from scalar", isa);
    REQUIRE(gelu_set_isa(isa) == GELU_OK, "back to %s", isa);
    REQUIRE(gelu_num_threads() == threads, "thread count kept");
}

static int take_int(const uint8_t *d, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < 4 && i < n; i++) v |= (unsigned)d[i] << (8 * i);
    return (int)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    unsigned what = data[0] % 3;
    data++, size--;
    if (what == 0) { /* gelu_set_isa with the bytes as a string (cut at 40, or at a NUL) */
        char name[41];
        size_t len = size < 40 ? size : 40;
        memcpy(name, data, len);
        name[len] = '\0';
        char before[16];
        snprintf(before, sizeof before, "%s", gelu_isa());
        gelu_status s = gelu_set_isa(name);
        if (strcmp(name, "auto") == 0 || strcmp(name, "scalar") == 0) {
            REQUIRE(s == GELU_OK, "\"%s\" gave %d", name, (int)s);
        } else if (is_known(name)) {
            REQUIRE(s == GELU_OK || s == GELU_ERR_UNSUPPORTED, "\"%s\" gave %d", name, (int)s);
        } else {
            REQUIRE(s == GELU_ERR_ARG, "unknown name gave %d", (int)s);
        }
        if (s == GELU_OK && strcmp(name, "auto") != 0)
            REQUIRE(strcmp(gelu_isa(), name) == 0, "gelu_isa() is %s after %s", gelu_isa(),
                    name);
        if (s != GELU_OK)
            REQUIRE(strcmp(gelu_isa(), before) == 0, "a refused name changed the ISA");
        REQUIRE(is_known(gelu_isa()), "gelu_isa() \"%s\" is not a known name", gelu_isa());
    } else if (what == 1) { /* gelu_set_num_threads with any int */
        int n = take_int(data, size);
        int before = gelu_num_threads();
        gelu_status s = gelu_set_num_threads(n);
        if (n < 0 || n > 256) {
            REQUIRE(s == GELU_ERR_ARG, "gelu_set_num_threads(%d) gave %d", n, (int)s);
            REQUIRE(gelu_num_threads() == before, "a refused count changed the setting");
        } else {
            REQUIRE(s == GELU_OK, "gelu_set_num_threads(%d) gave %d", n, (int)s);
            if (n > 0) REQUIRE(gelu_num_threads() == n, "count %d not kept", n);
        }
        REQUIRE(gelu_num_threads() >= 1 && gelu_num_threads() <= 256, "thread count range");
    } else { /* gelu_status_string with any int */
        int v = take_int(data, size);
        const char *s = gelu_status_string((gelu_status)v);
        REQUIRE(s != NULL && s[0] != '\0', "empty status string for %d", v);
        if (v < 0 || v > 5) REQUIRE(strcmp(s, "unknown gelu_status") == 0, "%d gave %s", v, s);
        else REQUIRE(strcmp(s, "unknown gelu_status") != 0, "%d is a status", v);
    }
    REQUIRE(strcmp(gelu_version(), "1.0.0") == 0, "version %s", gelu_version());
    check_a_call();
    return 0;
}
