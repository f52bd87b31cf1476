/* env_warning.c -- see env_warning.h. */
#include "env_warning.h"

#include <stdio.h>
#include <string.h>

#define SHOWN_BYTES 40

void gelu_env_warning(const char *name, const char *value, const char *why)
{
    char shown[SHOWN_BYTES * 4 + 4]; /* every byte as \xNN, then "..." */
    size_t used = 0, i = 0;
    for (; value[i] != '\0' && i < SHOWN_BYTES; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            shown[used++] = (char)c;
        } else {
            static const char hex[] = "0123456789abcdef";
            shown[used++] = '\\';
            shown[used++] = 'x';
            shown[used++] = hex[c >> 4];
            shown[used++] = hex[c & 15];
        }
    }
    if (value[i] != '\0') {
        memcpy(shown + used, "...", 3);
        used += 3;
    }
    shown[used] = '\0';
    fprintf(stderr, "libgelu: %s=\"%s\" is %s; using the default\n", name, shown, why);
}
