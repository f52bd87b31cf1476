/* The gelu command-line tool: what the subcommands share. */
#ifndef GELU_CLI_H
#define GELU_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "gelu.h"

#define CLI_EXIT_USAGE 2   /* bad usage or bad input: one line on stderr naming it */

/* Prints "gelu <command>: <message>" as one line on stderr and returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* User input quoted in an error message: printable ASCII as it is; control bytes, quotes
 * (' and "), backslashes and non-ASCII bytes as \xNN, so that an argument can neither
 * forge a second line nor hide what it holds.  Writes at most size - 1 characters and a
 * NUL into buf, ending with "..." where the input had to be cut (CLI_QUOTE_SIZE shows at
 * least CLI_QUOTE_SHOWN bytes of input), and returns buf.  cli_quote_bytes takes len bytes,
 * NUL bytes included (shown as \x00).  Example:
 *     char q[CLI_QUOTE_SIZE];
 *     cli_usage_error("eval", "unknown option '%s'", cli_quote(argv[i], q, sizeof q)); */
#define CLI_QUOTE_SHOWN 64
#define CLI_QUOTE_SIZE (4 * CLI_QUOTE_SHOWN + 4)
const char *cli_quote(const char *text, char *buf, size_t size);
const char *cli_quote_bytes(const char *data, size_t len, char *buf, size_t size);

/* For a command that stops when stdout fails (main reports it, see main.c): 1 if a write to
 * stdout has failed, else 0.  Call it right after the writes: the first time it sees the
 * failure it keeps errno, the reason, for cli_stdout_errno() (0 if none was kept). */
int cli_stdout_failed(void);
int cli_stdout_errno(void);

/* Option parsing for "--name value" and "--name=value".  If argv[*i] is option name, sets
 * *value (advancing *i past a separate value) and returns 1; returns 0 if it is not that
 * option; returns -1 (after cli_usage_error) if the value is missing. */
int cli_option(const char *command, int argc, char **argv, int *i, const char *name,
               const char **value);

/* "erf", "tanh", "sigmoid", "relu" -> gelu_fn.  Returns 0, or -1 for another name. */
int cli_parse_fn(const char *name, gelu_fn *fn);
const char *cli_fn_name(gelu_fn fn);

/* A whole string as a double (decimal or C99 hex float, inf, nan; leading and trailing
 * blanks allowed).  Returns 0, or -1 if anything else is in it. */
int cli_parse_double(const char *text, double *value);

/* A whole string as a decimal integer from lo to hi.  Returns 0, or -1 otherwise. */
int cli_parse_int(const char *text, long lo, long hi, long *value);

#endif
