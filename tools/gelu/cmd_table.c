/* gelu table: a CSV of x, each form and its derivative over a range. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "evaluate.h"
#include "number_format.h"

#define TABLE_MAX_ROWS 10000000L

static const char table_help[] =
    "usage: gelu table --from A --to B --step S [--fn erf|tanh|sigmoid|relu]\n"
    "                  [--type f64|f32|bf16|f16]\n"
    "\n"
    "Prints a CSV table: a header line, then one row per x = A, A + S, A + 2S, ... up to B\n"
    "(each x computed as A + i*S and rounded to the type), with f(x) and f'(x) of each form\n"
    "(or of --fn alone), computed by libgelu in the type (default f64), each number the\n"
    "shortest decimal that reads back to the same value.  At most 10,000,000 rows.\n"
    "Example: gelu table --from -3 --to 3 --step 0.5 --fn erf\n";

static int parse_number_option(const char *name, const char *text, double *v)
{
    char q[CLI_QUOTE_SIZE];
    if (cli_parse_double(text, v) != 0 || !isfinite(*v))
        return cli_usage_error("table", "%s '%s' is not a finite number", name,
                               cli_quote(text, q, sizeof q));
    return 0;
}

int cli_command_table(int argc, char **argv)
{
    const char *from = NULL, *to = NULL, *step = NULL;
    int only = -1;
    cli_type type = CLI_F64;
    char q[CLI_QUOTE_SIZE], q2[CLI_QUOTE_SIZE];
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(table_help, stdout);
            return 0;
        }
        if ((r = cli_option("table", argc, argv, &i, "--from", &from)) != 0
            || (r = cli_option("table", argc, argv, &i, "--to", &to)) != 0
            || (r = cli_option("table", argc, argv, &i, "--step", &step)) != 0) {
            if (r < 0)
                return CLI_EXIT_USAGE;
        } else if ((r = cli_option("table", argc, argv, &i, "--fn", &v)) != 0) {
            gelu_fn fn;
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (cli_parse_fn(v, &fn) != 0)
                return cli_usage_error("table", "unknown --fn '%s' (erf, tanh, sigmoid, relu)",
                                       cli_quote(v, q, sizeof q));
            only = (int)fn;
        } else if ((r = cli_option("table", argc, argv, &i, "--type", &v)) != 0) {
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (cli_parse_type(v, &type) != 0)
                return cli_usage_error("table", "unknown --type '%s' (f32, f64, bf16, f16)",
                                       cli_quote(v, q, sizeof q));
        } else {
            return cli_usage_error("table", "unexpected argument '%s'",
                                   cli_quote(argv[i], q, sizeof q));
        }
    }
    if (from == NULL || to == NULL || step == NULL)
        return cli_usage_error("table", "--from, --to and --step are all needed");
    double a, b, s;
    int rc;
    if ((rc = parse_number_option("--from", from, &a)) != 0
        || (rc = parse_number_option("--to", to, &b)) != 0
        || (rc = parse_number_option("--step", step, &s)) != 0)
        return rc;
    if (!(s > 0))
        return cli_usage_error("table", "--step must be positive (got '%s')",
                               cli_quote(step, q, sizeof q));
    if (b < a)
        return cli_usage_error("table", "--to '%s' is below --from '%s'",
                               cli_quote(to, q, sizeof q), cli_quote(from, q2, sizeof q2));
    /* the last row: B itself when (B - A) / S is a whole number up to rounding */
    double span = (b - a) / s;
    if (!(span < (double)TABLE_MAX_ROWS))
        return cli_usage_error("table", "that is more than %ld rows", TABLE_MAX_ROWS);
    long rows = (long)floor(span * (1 + 1e-12) + 1e-9) + 1;

    printf("x");
    for (int f = 0; f < 4; f++) {
        if (only < 0 || only == f)
            printf(",%s,%s_derivative", cli_fn_name((gelu_fn)f), cli_fn_name((gelu_fn)f));
    }
    printf("\n");
    for (long i = 0; i < rows; i++) {
        cli_bits x = cli_bits_from_double(type, a + (double)i * s);
        char buf[64];
        cli_format_shortest(type, x, buf, sizeof buf);
        fputs(buf, stdout);
        for (int f = 0; f < 4; f++) {
            if (only >= 0 && only != f)
                continue;
            for (int mode = CLI_FORWARD; mode <= CLI_DERIVATIVE; mode++) {
                cli_bits y;
                gelu_status st = cli_evaluate(type, (gelu_fn)f, (cli_mode)mode, x, &y);
                if (st != GELU_OK) {
                    fprintf(stderr, "gelu table: libgelu: %s\n", gelu_status_string(st));
                    return 1;
                }
                cli_format_shortest(type, y, buf, sizeof buf);
                printf(",%s", buf);
            }
        }
        printf("\n");
        if (cli_stdout_failed())
            return 1;   /* stop: main says that stdout failed */
    }
    return 0;   /* main checks that stdout took it all */
}
