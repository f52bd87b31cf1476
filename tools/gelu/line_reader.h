/* Lines of a text stream read byte by byte, so that a NUL byte inside a line is seen as
 * part of it (fgets and strlen would end the line there and take the rest for another). */
#ifndef GELU_CLI_LINE_READER_H
#define GELU_CLI_LINE_READER_H

#include <stddef.h>
#include <stdio.h>

typedef enum cli_line_status {
    CLI_LINE_OK = 0,        /* a line, maybe the last one without its '\n' */
    CLI_LINE_END = 1,       /* end of input: nothing more was there */
    CLI_LINE_TOO_LONG = 2,  /* more than size - 1 bytes before the '\n' (the rest is unread) */
    CLI_LINE_READ_ERROR = 3 /* ferror(f) */
} cli_line_status;

/* Reads one line from f into buf without its '\n', NUL-terminated; *len is its length in
 * bytes, NUL bytes inside it included. */
cli_line_status cli_read_line(FILE *f, char *buf, size_t size, size_t *len);

#endif
