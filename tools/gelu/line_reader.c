/* Lines of a text stream, NUL bytes and all (line_reader.h). */
#include "line_reader.h"

cli_line_status cli_read_line(FILE *f, char *buf, size_t size, size_t *len)
{
    size_t n = 0;
    int c;
    *len = 0;
    if (size == 0)
        return CLI_LINE_TOO_LONG;
    buf[0] = '\0';
    while ((c = getc(f)) != EOF && c != '\n') {
        if (n + 1 >= size)
            return CLI_LINE_TOO_LONG;
        buf[n++] = (char)c;
    }
    buf[n] = '\0';
    *len = n;
    if (c == EOF && ferror(f))
        return CLI_LINE_READ_ERROR;
    if (c == EOF && n == 0)
        return CLI_LINE_END;
    return CLI_LINE_OK;
}
