/* quote.h -- text from the user (option values, file names) made safe for a message line:
 * control bytes (0x00-0x1f, 0x7f), the C1 controls as UTF-8 (c2 80 to c2 9f) and the
 * backslash are written as \xNN, so that a value with a newline or an escape sequence
 * cannot forge a second line or drive the terminal.  Other bytes, UTF-8 included, are
 * copied.  (The example is built without the gelu tool too, so it has its own.) */
#ifndef FASHION_MNIST_QUOTE_H
#define FASHION_MNIST_QUOTE_H

#include <stdio.h>

/* Writes text to f, escaped.  Returns 0, or EOF on a write error. */
int fm_fputs_escaped(const char *text, FILE *f);

#endif
