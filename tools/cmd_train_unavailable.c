/* gelu train, in a gelu built without the Fashion-MNIST example (no OpenBLAS or zlib found,
 * or GELU_BUILD_EXAMPLES=OFF): says so. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

int cli_command_train(int argc, char **argv)
{
    int help = argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
    fprintf(help ? stdout : stderr,
            "gelu train: this gelu was built without the Fashion-MNIST example, which needs "
            "OpenBLAS and zlib (Debian: apt-get install libopenblas-dev zlib1g-dev; then "
            "rebuild libgelu with GELU_BUILD_EXAMPLES=ON)\n");
    return help ? 0 : 1;
}
