/* gelu eval: the library's values for numbers given as arguments or one per line on stdin. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "evaluate.h"
#include "line_reader.h"
#include "number_format.h"

#define EVAL_LINE_MAX 510   /* bytes of a stdin line, its '\n' not counted */

static const char eval_help[] =
    "usage: gelu eval [--fn erf|tanh|sigmoid|relu] [--backward] [--type f32|f64|bf16|f16]\n"
    "                 [--cr] [--hex] [X ...]\n"
    "\n"
    "Prints f(X) for each X (f'(X) with --backward), one per line, computed by libgelu in\n"
    "the given type, as the shortest decimal that reads back to the same value (--hex: the\n"
    "bit pattern).  Without X, reads one number per line from stdin (blank lines skipped).\n"
    "Numbers: decimal, C99 hex float (0x1.8p-1), inf, nan; each is rounded to the type\n"
    "first (bf16 and f16 through double).\n"
    "\n"
    "  --fn F        erf (exact GELU, default), tanh, sigmoid (x sigmoid(1.702x)), relu\n"
    "  --backward    the derivative f'(X) (the backward kernel with dy = 1)\n"
    "  --type T      f32 (default), f64, bf16, f16\n"
    "  --cr          f32 only: the correctly rounded kernel (gelu_forward_cr_f32)\n"
    "  --hex         print bit patterns in hex\n"
    "\n"
    "Options may come anywhere; after --, everything is a number.\n"
    "A number that does not parse (a line with a NUL byte in it, one longer than 510 bytes)\n"
    "stops the run with exit status 2 and a message naming its argument or line, after the\n"
    "values before it were printed.\n"
    "Example: gelu eval --fn erf -10 -0.75 1      (prints -7.619853e-23, -0.16997051, 0.8413448)\n";

typedef struct eval_options {
    gelu_fn fn;
    cli_type type;
    cli_mode mode;
    int hex;
} eval_options;

/* The bad-input message for the len bytes of text, argument or line number index. */
static int not_a_number(const char *text, size_t len, const char *where, long index)
{
    char q[CLI_QUOTE_SIZE];
    fflush(stdout);
    return cli_usage_error("eval", "%s %ld: '%s' is not a number", where, index,
                           cli_quote_bytes(text, len, q, sizeof q));
}

/* Prints the result for one number; returns 0, CLI_EXIT_USAGE (message printed), or 1 when
 * the library failed (message printed) or stdout did (main reports it). */
static int eval_one(const eval_options *o, const char *text, const char *where, long index)
{
    cli_bits x, y;
    if (cli_parse_value(o->type, text, &x) != 0)
        return not_a_number(text, strlen(text), where, index);
    gelu_status s = cli_evaluate(o->type, o->fn, o->mode, x, &y);
    if (s != GELU_OK) {
        fflush(stdout);
        fprintf(stderr, "gelu eval: libgelu: %s\n", gelu_status_string(s));
        return 1;
    }
    char buf[64];
    if (o->hex)
        cli_format_hex(o->type, y, buf, sizeof buf);
    else
        cli_format_shortest(o->type, y, buf, sizeof buf);
    puts(buf);
    return cli_stdout_failed();   /* 1: stop, main says that stdout failed */
}

static int eval_stdin(const eval_options *o)
{
    char line[EVAL_LINE_MAX + 1];
    long number = 0;
    for (;;) {
        size_t len;
        cli_line_status st = cli_read_line(stdin, line, sizeof line, &len);
        if (st == CLI_LINE_END)
            return 0;
        if (st == CLI_LINE_READ_ERROR) {
            fflush(stdout);
            perror("gelu eval: stdin");
            return 1;
        }
        number++;
        if (st == CLI_LINE_TOO_LONG) {
            fflush(stdout);
            return cli_usage_error("eval", "line %ld: longer than %d characters", number,
                                   EVAL_LINE_MAX);
        }
        while (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (memchr(line, '\0', len) != NULL)   /* the text after a NUL is part of the line */
            return not_a_number(line, len, "line", number);
        if (strspn(line, " \t") == len)
            continue;
        int rc = eval_one(o, line, "line", number);
        if (rc != 0)
            return rc;
    }
}

int cli_command_eval(int argc, char **argv)
{
    eval_options o = {GELU_ERF, CLI_F32, CLI_FORWARD, 0};
    int cr = 0, backward = 0, n_values = 0, options_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        char q[CLI_QUOTE_SIZE];
        int r;
        if (options_done || argv[i][0] != '-' || argv[i][1] != '-') {
            argv[1 + n_values++] = argv[i];   /* a number (a single '-' is a sign) */
        } else if (strcmp(argv[i], "--") == 0) {
            options_done = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            fputs(eval_help, stdout);
            return 0;
        } else if ((r = cli_option("eval", argc, argv, &i, "--fn", &v)) != 0) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (cli_parse_fn(v, &o.fn) != 0)
                return cli_usage_error("eval", "unknown --fn '%s' (erf, tanh, sigmoid, relu)",
                                       cli_quote(v, q, sizeof q));
        } else if ((r = cli_option("eval", argc, argv, &i, "--type", &v)) != 0) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (cli_parse_type(v, &o.type) != 0)
                return cli_usage_error("eval", "unknown --type '%s' (f32, f64, bf16, f16)",
                                       cli_quote(v, q, sizeof q));
        } else if (strcmp(argv[i], "--backward") == 0) {
            backward = 1;
        } else if (strcmp(argv[i], "--cr") == 0) {
            cr = 1;
        } else if (strcmp(argv[i], "--hex") == 0) {
            o.hex = 1;
        } else {
            return cli_usage_error("eval", "unknown option '%s'", cli_quote(argv[i], q, sizeof q));
        }
    }
    if (cr && backward)
        return cli_usage_error("eval", "--cr is a forward kernel; it cannot go with --backward");
    if (cr && o.type != CLI_F32)
        return cli_usage_error("eval", "--cr needs --type f32 (the correctly rounded kernel "
                                       "is f32; bf16 and f16 are always correctly rounded)");
    o.mode = cr ? CLI_FORWARD_CR : backward ? CLI_DERIVATIVE : CLI_FORWARD;
    if (n_values == 0)
        return eval_stdin(&o);
    for (int k = 0; k < n_values; k++) {
        int rc = eval_one(&o, argv[1 + k], "argument", (long)(k + 1));
        if (rc != 0)
            return rc;
    }
    return 0;
}
