/* gelu: the libgelu command-line tool.  `gelu --help` lists the subcommands; each has its
 * own --help.  Exit status: 0 success, 1 failure, 2 bad usage or bad input (one line on
 * stderr naming the problem).  Every command, `gelu train` included, leaves through
 * finish(): stdout is flushed, checked and closed there, so a failed write (a full disk, a
 * closed pipe end) is an exit status of 1 with one line on stderr, never a silent 0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "gelu.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"eval", cli_command_eval, "f(x) or f'(x) of numbers from the arguments or stdin"},
    {"table", cli_command_table, "CSV of x, each form and its derivative over a range"},
    {"facts", cli_command_facts, "GELU's true properties, computed now with the library"},
    {"plot", cli_command_plot, "an SVG chart of the forms, their derivatives or their error"},
    {"verify", cli_command_verify, "the accuracy proof: every result against the exact value"},
    {"bench", cli_command_bench, "Gelem/s of the kernels beside memcpy and the libm formula"},
    {"train", cli_command_train, "GELU against ReLU on Fashion-MNIST (the example program)"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void help(FILE *f)
{
    fprintf(f, "usage: gelu <command> [options]   (gelu <command> --help for its options)\n"
               "\nlibgelu %s: the GELU activation (exact, tanh, sigmoid) and ReLU.\n\n"
               "commands:\n", gelu_version());
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n  --help     this text\n  --version  the library's version\n");
}

/* The one way out: rc, or 1 (rc if it already says failure) with one line on stderr when
 * anything written to stdout did not reach it. */
static int finish(const char *name, int rc)
{
    errno = 0;
    int failed = fflush(stdout) != 0;
    int error = failed ? errno : 0;
    if (cli_stdout_failed()) {        /* an earlier write failed: its reason, if kept */
        failed = 1;
        if (cli_stdout_errno() != 0)
            error = cli_stdout_errno();
    }
    errno = 0;
    if (fclose(stdout) != 0 && !failed) {
        failed = 1;
        error = errno;
    }
    if (!failed)
        return rc;
    fprintf(stderr, "gelu%s%s: cannot write the output to stdout: %s\n", name ? " " : "",
            name ? name : "",
            error != 0 ? strerror(error) : "a write failed (the output is incomplete)");
    return rc != 0 ? rc : 1;
}

static int run(int argc, char **argv, const char **name)
{
    if (argc < 2) {
        help(stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0
        || strcmp(argv[1], "help") == 0) {
        help(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("gelu %s (kernels: %s)\n", gelu_version(), gelu_isa());
        return 0;
    }
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            *name = commands[i].name;
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    char q[CLI_QUOTE_SIZE];
    fprintf(stderr, "gelu: unknown command '%s' (gelu --help lists them)\n",
            cli_quote(argv[1], q, sizeof q));
    return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    const char *name = NULL;
    int rc = run(argc, argv, &name);
    return finish(name, rc);
}
