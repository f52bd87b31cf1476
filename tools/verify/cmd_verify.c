/* gelu verify: the library's accuracy proof (tools/verify/) as a user command. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "progress.h"
#include "verify.h"

static const char verify_help[] =
    "usage: gelu verify [--type f32|f64|bf16|f16|all] [--fn erf|tanh|sigmoid|relu|all]\n"
    "                   [--direction forward|backward|cr|all] [--quick] [--threads N]\n"
    "                   [--isa NAME] [--progress | --no-progress] [--inject-error]\n"
    "\n"
    "Proves libgelu's accuracy on this machine, with this build: every result is compared\n"
    "with the exact value (MPFR, 200-256 bits; a double oracle with a checked error bound\n"
    "decides first where it can).  By default every type, form and direction:\n"
    "  f32        all 2^32 inputs: f within 1 ulp, f' (backward with dy = 1) within 1 ulp,\n"
    "             dy f'(x) within 2 ulp on 2^24 random pairs, gelu_forward_cr_f32\n"
    "             correctly rounded (--direction cr); special values bit for bit\n"
    "  f64        6.5 million samples, dense where it is hard (the zero of f', the\n"
    "             underflowing left tail): f within 2 ulp, f' within 3 ulp\n"
    "  bf16, f16  forward: all 65,536 inputs correctly rounded, on every ISA of this CPU;\n"
    "             backward: all 2^32 (x, dy) pairs correctly rounded\n"
    "--quick checks a sample instead: every 257th f32 input, a tenth of the f64 samples,\n"
    "every 61st x of the half backward.  Each proof prints its table on stdout, then a\n"
    "summary table follows; while a proof runs, a progress line (percent, rate, time left)\n"
    "goes to stderr when stderr is a terminal (--progress/--no-progress to choose).\n"
    "  --threads N  worker threads (default: the CPUs online; f64 always uses 2)\n"
    "  --isa NAME   kernels for the f32 and f64 proofs (scalar, avx2, avx512, neon;\n"
    "               default: the library's choice); the bf16/f16 forward proof runs every\n"
    "               ISA, the backward proof the best one and compares the others on samples\n"
    "  --inject-error  spoil one result of each check before it is compared, to see the\n"
    "               proof catch it (then it must fail, exit 1)\n"
    "The summary says \"proven\" for a check over every input, \"passed\" for one over a\n"
    "sample (f64, and everything under --quick).\n"
    "Exit status: 0 when every check passed, 1 when one failed, 2 bad usage or a proof\n"
    "that could not run (out of memory).  Time on 2 cores (Zen 5): --quick about 35 s;\n"
    "everything about 30 min.\n";

static const char *const type_names[] = {"f32", "f64", "bf16", "f16"};
static const char *const direction_names[] = {"forward", "backward", "cr"};

typedef struct summary_row {
    char what[32];
    verify_summary s;
    int status;
    int exhaustive; /* every input, not a sample */
    double seconds;
} summary_row;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* -1 for "all", else the index of name in names[count]; -2 for neither. */
static int parse_choice(const char *name, const char *const *names, int count)
{
    if (strcmp(name, "all") == 0) return -1;
    for (int k = 0; k < count; k++)
        if (strcmp(name, names[k]) == 0) return k;
    return -2;
}

static void print_summary(const summary_row *rows, int n, int quick)
{
    printf("\nsummary: libgelu %s, kernels %s, %s\n", gelu_version(), gelu_isa(),
           quick ? "a sample of the inputs (--quick)" : "every input (f64: every sample)");
    printf("%-14s %16s  %-13s %-52s %8s  %s\n", "check", "results", "max ulp f, f'",
           "claim", "seconds", "result");
    for (int i = 0; i < n; i++) {
        const summary_row *r = &rows[i];
        char err[16];
        if (r->s.max_ulp < 0)
            snprintf(err, sizeof err, "-");
        else
            snprintf(err, sizeof err, "%.3f", r->s.max_ulp);
        printf("%-14s %16llu  %-13s %-52s %8.1f  %s\n", r->what,
               (unsigned long long)r->s.checked, err, r->s.claim, r->seconds,
               r->status == 0 ? (r->exhaustive ? "proven" : "passed")
               : r->status == 1 ? "FAILED" : "ERROR");
    }
}

int cli_command_verify(int argc, char **argv)
{
    int type = -1, direction = -1, quick = 0, progress = -1;
    verify_options opt = {-1, -1, 0, 0, 0};
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    const char *isa = NULL;
    char q[CLI_QUOTE_SIZE];
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(verify_help, stdout);
            return 0;
        } else if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
        } else if (strcmp(argv[i], "--inject-error") == 0) {
            opt.inject_error = 1;
        } else if (strcmp(argv[i], "--progress") == 0) {
            progress = 1;
        } else if (strcmp(argv[i], "--no-progress") == 0) {
            progress = 0;
        } else if ((r = cli_option("verify", argc, argv, &i, "--type", &v)) != 0) {
            if (r < 0) return CLI_EXIT_USAGE;
            type = parse_choice(v, type_names, 4);
            if (type == -2)
                return cli_usage_error("verify", "unknown --type '%s' (f32, f64, bf16, f16, all)",
                                       cli_quote(v, q, sizeof q));
        } else if ((r = cli_option("verify", argc, argv, &i, "--fn", &v)) != 0) {
            gelu_fn fn;
            if (r < 0) return CLI_EXIT_USAGE;
            if (strcmp(v, "all") == 0)
                opt.fn = -1;
            else if (cli_parse_fn(v, &fn) == 0)
                opt.fn = (int)fn;
            else
                return cli_usage_error("verify", "unknown --fn '%s' (erf, tanh, sigmoid, relu, all)",
                                       cli_quote(v, q, sizeof q));
        } else if ((r = cli_option("verify", argc, argv, &i, "--direction", &v)) != 0) {
            if (r < 0) return CLI_EXIT_USAGE;
            direction = parse_choice(v, direction_names, 3);
            if (direction == -2)
                return cli_usage_error("verify",
                                       "unknown --direction '%s' (forward, backward, cr, all)",
                                       cli_quote(v, q, sizeof q));
        } else if ((r = cli_option("verify", argc, argv, &i, "--threads", &v)) != 0) {
            if (r < 0) return CLI_EXIT_USAGE;
            if (cli_parse_int(v, 1, 64, &threads) != 0)
                return cli_usage_error("verify", "--threads '%s': give a whole number from 1 to 64",
                                       cli_quote(v, q, sizeof q));
        } else if ((r = cli_option("verify", argc, argv, &i, "--isa", &v)) != 0) {
            if (r < 0) return CLI_EXIT_USAGE;
            isa = v;
        } else {
            return cli_usage_error("verify", "unexpected argument '%s'",
                                   cli_quote(argv[i], q, sizeof q));
        }
    }
    if (direction == VERIFY_CR && type >= 1)
        return cli_usage_error("verify", "--direction cr is the f32 correctly rounded function: "
                                         "it takes --type f32 (or all)");
    if (isa) {
        gelu_status st = gelu_set_isa(isa);
        if (st == GELU_ERR_UNSUPPORTED)
            return cli_usage_error("verify", "--isa '%s': this CPU or build does not have it",
                                   cli_quote(isa, q, sizeof q));
        if (st != GELU_OK)
            return cli_usage_error("verify", "unknown --isa '%s' (scalar, avx2, avx512, neon)",
                                   cli_quote(isa, q, sizeof q));
    }
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    opt.direction = direction;
    opt.quick = quick;
    opt.threads = (int)threads;
    verify_progress_enable(progress >= 0 ? progress : isatty(STDERR_FILENO));

    summary_row rows[8];
    int n = 0, worst = 0;
    for (int t = 0; t < 4; t++) {
        if (type >= 0 && t != type) continue;
        if (cli_stdout_failed()) break;   /* stdout failed: main says so; no point in more proofs */
        for (int part = 0; part < 2; part++) {
            summary_row *r = &rows[n];
            double t0 = now_seconds();
            if (t == 0 || t == 1) {
                if (part == 1) break;
                if (t == 1 && direction == VERIFY_CR) break;
                snprintf(r->what, sizeof r->what, "%s", type_names[t]);
                r->status = t == 0 ? verify_f32(&opt, &r->s) : verify_f64(&opt, &r->s);
            } else {
                int dir = part == 0 ? VERIFY_FORWARD : VERIFY_BACKWARD;
                if (direction == VERIFY_CR || (direction >= 0 && direction != dir)) continue;
                int format = t == 2 ? VERIFY_BF16 : VERIFY_F16;
                snprintf(r->what, sizeof r->what, "%s %s", type_names[t], direction_names[dir]);
                r->status = dir == VERIFY_FORWARD ? verify_half_forward(&opt, format, &r->s)
                                                  : verify_half_backward(&opt, format, &r->s);
            }
            r->seconds = now_seconds() - t0;
            r->exhaustive = !quick && t != 1;
            if (r->status > worst) worst = r->status;
            n++;
            printf("\n");
        }
    }
    print_summary(rows, n, quick);
    printf("gelu verify: %s\n", worst == 0 ? "every check passed"
                            : worst == 1 ? "FAILED (see the tables above)"
                                         : "could not finish (see stderr)");
    return worst == 0 ? 0 : 1;
}
