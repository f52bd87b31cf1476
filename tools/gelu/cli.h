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
