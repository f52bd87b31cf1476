/* gelu verify, in a gelu built without MPFR (tools/CMakeLists.txt): says so. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

int cli_command_verify(int argc, char **argv)
{
    int help = argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
    fprintf(help ? stdout : stderr,
            "gelu verify: this gelu was built without MPFR, which the accuracy proof needs "
            "(Debian: apt-get install libmpfr-dev libgmp-dev; then rebuild libgelu)\n");
    return help ? 0 : 1;
}
