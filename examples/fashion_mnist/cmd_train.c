/* gelu train: the Fashion-MNIST example (train.h) as a subcommand of the gelu tool. */
#include "commands.h"
#include "train.h"

int cli_command_train(int argc, char **argv) { return fashion_mnist_main("gelu train", argc, argv); }
