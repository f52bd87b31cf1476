/* train.h -- GELU against ReLU on Fashion-MNIST: the same network, initial weights and data
 * order trained once per activation; test accuracy and dead units measured per epoch; a
 * table, a CSV file and an SVG learning curve at the end.  `fashion_mnist --help` (or
 * `gelu train --help`) describes the options and the two settings. */
#ifndef FASHION_MNIST_TRAIN_H
#define FASHION_MNIST_TRAIN_H

/* The whole program: prog names it in messages ("fashion_mnist", "gelu train").  Returns
 * the exit status: 0, 1 when the data cannot be read or training fails, 2 bad usage. */
int fashion_mnist_main(const char *prog, int argc, char **argv);

#endif
