/* quote.c -- escaping text from the user for messages (quote.h). */
#include "quote.h"

/* Whether the byte at p is written as \xNN; *c1_tail carries "the next byte ends a C1
 * control" from one byte to the next. */
static int needs_escape(const unsigned char *p, int *c1_tail)
{
    if (*c1_tail) {
        *c1_tail = 0;
        return 1;
    }
    if (*p < 0x20 || *p == 0x7f || *p == '\\') return 1;
    if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) { /* U+0080..U+009F */
        *c1_tail = 1;
        return 1;
    }
    return 0;
}

int fm_fputs_escaped(const char *text, FILE *f)
{
    static const char hex[] = "0123456789abcdef";
    char buf[256];
    int c1_tail = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        /* a piece at a time: up to 60 bytes, each at most 4 when escaped */
        size_t at = 0;
        for (int k = 0; k < 60 && *p; k++, p++) {
            if (needs_escape(p, &c1_tail)) {
                buf[at++] = '\\';
                buf[at++] = 'x';
                buf[at++] = hex[*p >> 4];
                buf[at++] = hex[*p & 15];
            } else {
                buf[at++] = (char)*p;
            }
        }
        if (fwrite(buf, 1, at, f) != at) return EOF;
    }
    return 0;
}
