/* fashion_mnist: GELU against ReLU on Fashion-MNIST (train.h; --help). */
#include "train.h"

int main(int argc, char **argv) { return fashion_mnist_main("fashion_mnist", argc, argv); }
