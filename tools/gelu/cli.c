/* The gelu command-line tool: what the subcommands share (cli.h). */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu_kernel_list.h"

int cli_usage_error(const char *command, const char *format, ...)
{
    va_list ap;
    fprintf(stderr, "gelu %s: ", command);
    va_start(ap, format);
    vfprintf(stderr, format, ap);
    va_end(ap);
    fprintf(stderr, " (gelu %s --help)\n", command);
    return CLI_EXIT_USAGE;
}

const char *cli_quote_bytes(const char *data, size_t len, char *buf, size_t size)
{
    static const char hex[] = "0123456789abcdef";
    size_t used = 0, i = 0;
    if (size < 4) {           /* no room for "..." and the NUL: nothing shown */
        if (size > 0)
            buf[0] = '\0';
        return buf;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        int plain = c >= 0x20 && c < 0x7f && c != '\'' && c != '"' && c != '\\';
        if (used + (plain ? 1 : 4) > size - 4)   /* keep room for "..." and the NUL */
            break;
        if (plain) {
            buf[used++] = (char)c;
        } else {
            buf[used++] = '\\';
            buf[used++] = 'x';
            buf[used++] = hex[c >> 4];
            buf[used++] = hex[c & 15];
        }
    }
    if (i < len) {
        memcpy(buf + used, "...", 3);
        used += 3;
    }
    buf[used] = '\0';
    return buf;
}

const char *cli_quote(const char *text, char *buf, size_t size)
{
    return cli_quote_bytes(text, strlen(text), buf, size);
}

static int stdout_errno;

int cli_stdout_failed(void)
{
    if (!ferror(stdout))
        return 0;
    if (stdout_errno == 0)
        stdout_errno = errno;
    return 1;
}

int cli_stdout_errno(void) { return stdout_errno; }

int cli_option(const char *command, int argc, char **argv, int *i, const char *name,
               const char **value)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (strncmp(arg, name, len) != 0)
        return 0;
    if (arg[len] == '=') {
        *value = arg + len + 1;
        return 1;
    }
    if (arg[len] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(command, "option %s needs a value", name);
        return -1;
    }
    *i += 1;
    *value = argv[*i];
    return 1;
}

static const char *const fn_names[] = {GELU_FORM_NAMES};

int cli_parse_fn(const char *name, gelu_fn *fn)
{
    for (int i = 0; i < (int)(sizeof fn_names / sizeof fn_names[0]); i++) {
        if (strcmp(name, fn_names[i]) == 0) {
            *fn = (gelu_fn)i;
            return 0;
        }
    }
    return -1;
}

const char *cli_fn_name(gelu_fn fn) { return fn_names[fn]; }

int cli_parse_double(const char *text, double *value)
{
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0')
        return -1;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text)
        return -1;
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '\0')
        return -1;
    *value = v;   /* (ERANGE: overflow gives +-inf and underflow the nearest, as wanted) */
    return 0;
}

int cli_parse_int(const char *text, long lo, long hi, long *value)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
        return -1;
    *value = v;
    return 0;
}
