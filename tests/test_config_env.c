/* test_config_env.c -- hostile configuration (gelu.h sections 7 and 8): GELU_ISA and
 * GELU_NUM_THREADS set to garbage, unsupported, negative, huge, empty and overlong values.
 *
 * Each value is tried in a fresh child process (fork before this process ever calls the
 * library, so each child reads the environment at its own first call).  The child sets the
 * variable, asks gelu_isa() and gelu_num_threads(), runs a forward call large enough to use
 * every thread, compares it with the portable kernels on one thread, and prints what it saw.
 * The parent checks, for each value:
 *   - the child exits 0 within 60 s (no crash, no hang);
 *   - a usable value is taken; any other gives the default (the ISA chosen with the
 *     variable unset; the CPUs this process may run on, at most 256) and exactly one line
 *     on stderr naming the variable; a usable value prints nothing;
 *   - the results are the portable kernels' bits. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gelu.h"

static unsigned long g_checks, g_failures;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        g_checks++;                                                                        \
        if (!(cond)) {                                                                     \
            g_failures++;                                                                  \
            printf("FAIL: ");                                                              \
            printf(__VA_ARGS__);                                                           \
            printf("\n");                                                                  \
        }                                                                                  \
    } while (0)

/* ---- the child --------------------------------------------------------------------------- */

static int child(const char *var, const char *value)
{
    alarm(60); /* a hang is a failure, reported by the signal */
    if (var != NULL && setenv(var, value, 1) != 0) return 3;
    const char *isa = gelu_isa();
    int threads = gelu_num_threads();
    size_t n = (size_t)1 << 18;
    float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *x), *ref = malloc(n * sizeof *x);
    if (x == NULL || y == NULL || ref == NULL) return 4;
    for (size_t i = 0; i < n; i++) x[i] = (float)((double)i / (double)n * 24.0 - 16.0);
    int ok = gelu_forward_f32(GELU_ERF, x, y, n) == GELU_OK &&
             gelu_backward_f32(GELU_TANH, x, x, ref, n) == GELU_OK;
    char name[16];
    snprintf(name, sizeof name, "%s", isa);
    ok = ok && gelu_set_isa("scalar") == GELU_OK && gelu_set_num_threads(1) == GELU_OK;
    float *r1 = malloc(n * sizeof *x), *r2 = malloc(n * sizeof *x);
    if (r1 == NULL || r2 == NULL) return 4;
    ok = ok && gelu_forward_f32(GELU_ERF, x, r1, n) == GELU_OK &&
         gelu_backward_f32(GELU_TANH, x, x, r2, n) == GELU_OK;
    ok = ok && memcmp(y, r1, n * sizeof *x) == 0 && memcmp(ref, r2, n * sizeof *x) == 0;
    printf("%s %d %d\n", name, threads, ok);
    fflush(stdout);
    free(x);
    free(y);
    free(ref);
    free(r1);
    free(r2);
    return 0;
}

/* ---- the parent -------------------------------------------------------------------------- */

typedef struct outcome {
    char isa[16];
    int threads, ok, status, stderr_lines;
    char first_line[200];
} outcome;

static void read_all(int fd, char *buf, size_t size)
{
    size_t used = 0;
    ssize_t got;
    while (used + 1 < size && (got = read(fd, buf + used, size - 1 - used)) > 0)
        used += (size_t)got;
    buf[used] = '\0';
    char sink[4096];
    while (read(fd, sink, sizeof sink) > 0) { /* drain the rest */ }
}

static outcome run_child(const char *var, const char *value)
{
    outcome o;
    memset(&o, 0, sizeof o);
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0) { printf("FAIL pipe\n"); exit(1); }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) { printf("FAIL fork\n"); exit(1); }
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(out[0]);
        close(err[0]);
        _exit(child(var, value));
    }
    close(out[1]);
    close(err[1]);
    char obuf[256], ebuf[8192];
    read_all(out[0], obuf, sizeof obuf);
    read_all(err[0], ebuf, sizeof ebuf);
    close(out[0]);
    close(err[0]);
    waitpid(pid, &o.status, 0);
    if (sscanf(obuf, "%15s %d %d", o.isa, &o.threads, &o.ok) != 3) o.isa[0] = '\0';
    for (const char *p = ebuf; *p; p++) o.stderr_lines += *p == '\n';
    const char *nl = strchr(ebuf, '\n');
    size_t len = nl ? (size_t)(nl - ebuf) : strlen(ebuf);
    if (len >= sizeof o.first_line) len = sizeof o.first_line - 1;
    memcpy(o.first_line, ebuf, len);
    return o;
}

static const char *shown(const char *v)
{
    static char buf[48];
    size_t len = strlen(v);
    snprintf(buf, sizeof buf, "\"%.30s\"%s", v, len > 30 ? "..." : "");
    return buf;
}

static void expect(const char *var, const char *value, const char *want_isa, int want_threads,
                   int want_warning)
{
    outcome o = run_child(var, value);
    const char *v = shown(value);
    CHECK(WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0,
          "%s=%s: the child %s %d", var, v, WIFSIGNALED(o.status) ? "died of signal" : "exited",
          WIFSIGNALED(o.status) ? WTERMSIG(o.status) : WEXITSTATUS(o.status));
    CHECK(o.ok == 1, "%s=%s: results differ from the portable kernels' (or a call failed)", var,
          v);
    if (want_isa != NULL)
        CHECK(strcmp(o.isa, want_isa) == 0, "%s=%s: ISA %s, expected %s", var, v, o.isa,
              want_isa);
    if (want_threads > 0)
        CHECK(o.threads == want_threads, "%s=%s: %d threads, expected %d", var, v, o.threads,
              want_threads);
    CHECK(o.stderr_lines == want_warning, "%s=%s: %d lines on stderr, expected %d (%s)", var,
          v, o.stderr_lines, want_warning, o.first_line);
    if (want_warning) {
        CHECK(strncmp(o.first_line, "libgelu: ", 9) == 0 && strstr(o.first_line, var) != NULL,
              "%s=%s: the line does not name the variable: %s", var, v, o.first_line);
        int printable = 1;
        for (const char *p = o.first_line; *p; p++)
            printable &= (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f;
        CHECK(printable, "%s=%s: unprintable bytes in the line", var, v);
        if (strcmp(value, "a\"b\\c") == 0)
            CHECK(strstr(o.first_line, "=\"a\\x22b\\x5cc\"") != NULL,
                  "%s=%s: quote and backslash not written as \\xNN: %s", var, v, o.first_line);
    }
}

int main(void)
{
    unsetenv("GELU_ISA");
    unsetenv("GELU_NUM_THREADS");
    cpu_set_t set;
    int cpus = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    if (cpus > 256) cpus = 256;

    outcome base = run_child(NULL, NULL);
    CHECK(WIFEXITED(base.status) && WEXITSTATUS(base.status) == 0 && base.ok,
          "the child with nothing set failed");
    CHECK(base.stderr_lines == 0, "nothing set: %d lines on stderr", base.stderr_lines);
    CHECK(base.threads == cpus, "nothing set: %d threads, %d CPUs", base.threads, cpus);
    const char *best = base.isa;
    printf("default: %s, %d threads\n", best, base.threads);

    static char long_value[20001];
    memset(long_value, 'a', sizeof long_value - 1);
    static char long_digits[4097];
    memset(long_digits, '9', sizeof long_digits - 1);

    /* GELU_ISA */
    expect("GELU_ISA", "scalar", "scalar", cpus, 0);
    expect("GELU_ISA", "auto", best, cpus, 0);
    const char *bad_isas[] = {"", "garbage", "AVX2", "avx2 ", " avx2", "avx", "sse2", "-1",
                              "scalar\n", "\nlibgelu: forged line\n", "a\"b\\c", "\xff\xfe\x01",
                              "avx512\tavx2", long_value};
    for (size_t i = 0; i < sizeof bad_isas / sizeof bad_isas[0]; i++)
        expect("GELU_ISA", bad_isas[i], best, cpus, 1);
    const char *known[] = {"avx512", "avx2", "neon"};
    for (size_t i = 0; i < 3; i++) { /* usable here, or ignored with one line */
        outcome o = run_child("GELU_ISA", known[i]);
        CHECK(WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0 && o.ok, "GELU_ISA=%s failed",
              known[i]);
        int used = strcmp(o.isa, known[i]) == 0;
        CHECK(used ? o.stderr_lines == 0 : o.stderr_lines == 1 && strcmp(o.isa, best) == 0,
              "GELU_ISA=%s: ISA %s with %d lines on stderr", known[i], o.isa, o.stderr_lines);
        CHECK(used || strstr(o.first_line, "not supported") != NULL,
              "GELU_ISA=%s: the line should say it is not supported: %s", known[i],
              o.first_line);
    }

    /* GELU_NUM_THREADS */
    expect("GELU_NUM_THREADS", "1", best, 1, 0);
    expect("GELU_NUM_THREADS", "3", best, 3, 0);
    expect("GELU_NUM_THREADS", "256", best, 256, 0);
    expect("GELU_NUM_THREADS", "007", best, 7, 0);
    const char *bad_counts[] = {"", "0", "-1", "-0", "257", "1000000", "4294967297",
                                "99999999999999999999", " 2", "2 ", "+4", "0x10", "1e3", "2.5",
                                "abc", "\xff", "3\n", long_digits, long_value};
    for (size_t i = 0; i < sizeof bad_counts / sizeof bad_counts[0]; i++)
        expect("GELU_NUM_THREADS", bad_counts[i], best, cpus, 1);

    printf("%s: %lu checks, %lu failures\n", g_failures ? "FAIL" : "ok", g_checks, g_failures);
    return g_failures != 0;
}
