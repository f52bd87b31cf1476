/* idx_reader.h -- the IDX files of MNIST and Fashion-MNIST (LeCun et al.; Xiao, Rasul &
 * Vollgraf 2017), gzip-compressed or plain, read with zlib and checked: the magic number
 * (two zero bytes, type 0x08 = unsigned byte, the number of dimensions), the dimensions
 * (big-endian 32-bit), and exactly as many data bytes as they announce, no more, no less.
 * A gzip file must be one whole gzip stream (its CRC-32 and length checked) and end with
 * it: a cut trailer, bytes after the stream, or a second gzip member are refused.
 * Every failure is a message naming the file and what is wrong. */
#ifndef FASHION_MNIST_IDX_READER_H
#define FASHION_MNIST_IDX_READER_H

#include <stddef.h>
#include <stdint.h>

typedef struct idx_images {
    size_t count, rows, cols;
    uint8_t *pixels; /* count x rows x cols, row-major */
} idx_images;

typedef struct idx_labels {
    size_t count;
    uint8_t *labels;
} idx_labels;

/* Returns 0, or -1 with a one-line message in err[errsize] and *out left empty. */
int idx_read_images(const char *path, idx_images *out, char *err, size_t errsize);
int idx_read_labels(const char *path, idx_labels *out, char *err, size_t errsize);
void idx_free_images(idx_images *images);
void idx_free_labels(idx_labels *labels);

/* The four files of Fashion-MNIST in dir (train-images-idx3-ubyte.gz and so on, as Debian's
 * dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist), checked
 * against each other: 28 x 28 images, as many labels as images, labels 0 to 9. */
typedef struct fashion_mnist {
    idx_images train_images, test_images;
    idx_labels train_labels, test_labels;
} fashion_mnist;

#define FASHION_MNIST_DEFAULT_DIR "/usr/share/datasets/fashion-mnist"

int fashion_mnist_load(const char *dir, fashion_mnist *data, char *err, size_t errsize);
void fashion_mnist_free(fashion_mnist *data);

#endif
