/* idx_reader.c -- IDX files through zlib, checked (idx_reader.h). */
#include "idx_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define IDX_MAX_COUNT 100000000u /* more items than any IDX data set has */
#define IDX_MAX_SIDE 4096u

static int fail(char *err, size_t errsize, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errsize, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(err, errsize, format, ap);
    va_end(ap);
    return -1;
}

/* Reads exactly n bytes.  Returns n, fewer at the end of the data, or -1 on a zlib error
 * (corrupt compressed data, or a read error) with the message in err. */
static long long read_exactly(gzFile f, void *buf, size_t n, const char *path, char *err,
                              size_t errsize)
{
    size_t got = 0;
    while (got < n) {
        size_t want = n - got > (1u << 30) ? (1u << 30) : n - got;
        int r = gzread(f, (unsigned char *)buf + got, (unsigned)want);
        if (r < 0) {
            int code;
            const char *msg = gzerror(f, &code);
            if (code == Z_ERRNO)
                fail(err, errsize, "%s: %s", path, strerror(errno));
            else if (strncmp(msg, path, strlen(path)) == 0) /* zlib's message names the file */
                fail(err, errsize, "%s (truncated or corrupt gzip data)", msg);
            else
                fail(err, errsize, "%s: %s (truncated or corrupt gzip data)", path, msg);
            return -1;
        }
        if (r == 0) {
            /* the end: of the data, or of a stream cut short (zlib says Z_BUF_ERROR) */
            int code;
            const char *msg = gzerror(f, &code);
            if (code == Z_BUF_ERROR) {
                if (strncmp(msg, path, strlen(path)) == 0)
                    fail(err, errsize, "%s (truncated gzip data)", msg);
                else
                    fail(err, errsize, "%s: %s (truncated gzip data)", path, msg);
                return -1;
            }
            break;
        }
        got += (size_t)r;
    }
    return (long long)got;
}

/* Opens path and reads its header: ndims dimensions into dims.  Returns the open file, or
 * NULL with err set. */
static gzFile open_idx(const char *path, unsigned ndims, uint32_t *dims, char *err,
                       size_t errsize)
{
    gzFile f = gzopen(path, "rb");
    if (!f) {
        fail(err, errsize, "cannot open %s: %s", path, errno ? strerror(errno) : "out of memory");
        return NULL;
    }
    unsigned char head[4 + 4 * 3];
    size_t head_size = 4 + 4 * (size_t)ndims;
    /* the magic number first, so that a file of another kind is named as such */
    long long got = read_exactly(f, head, 4, path, err, errsize);
    if (got >= 0 && got < 4) {
        fail(err, errsize, "%s: truncated: %lld bytes, shorter than an IDX header", path, got);
        got = -1;
    } else if (got >= 0 && (head[0] != 0 || head[1] != 0 || head[2] != 0x08 || head[3] != ndims)) {
        fail(err, errsize,
             "%s: not an IDX file of unsigned bytes with %u dimension%s (magic %02x %02x %02x "
             "%02x, expected 00 00 08 %02x)",
             path, ndims, ndims == 1 ? "" : "s", head[0], head[1], head[2], head[3], ndims);
        got = -1;
    } else if (got >= 0) {
        got = read_exactly(f, head + 4, head_size - 4, path, err, errsize);
        if (got >= 0 && (size_t)got < head_size - 4) {
            fail(err, errsize, "%s: truncated: %lld bytes, shorter than an IDX header of %zu",
                 path, got + 4, head_size);
            got = -1;
        }
    }
    if (got < 0) {
        gzclose(f);
        return NULL;
    }
    for (unsigned k = 0; k < ndims; k++) {
        const unsigned char *p = head + 4 + 4 * k;
        dims[k] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    }
    return f;
}

/* Reads the n data bytes after the header into a new buffer and checks that nothing
 * follows.  Returns the buffer, or NULL with err set; closes f either way. */
static uint8_t *read_body(gzFile f, size_t n, const char *path, char *err, size_t errsize)
{
    uint8_t *data = malloc(n ? n : 1);
    if (!data) {
        fail(err, errsize, "%s: out of memory for %zu bytes", path, n);
        gzclose(f);
        return NULL;
    }
    long long got = read_exactly(f, data, n, path, err, errsize);
    if (got >= 0 && (size_t)got < n)
        fail(err, errsize, "%s: truncated: %lld of the %zu data bytes its header announces",
             path, got, n);
    unsigned char extra;
    long long more = got >= 0 && (size_t)got == n ? read_exactly(f, &extra, 1, path, err, errsize) : 0;
    if (more > 0)
        fail(err, errsize, "%s: more data than its header announces (%zu bytes)", path, n);
    gzclose(f);
    if (got < 0 || (size_t)got < n || more != 0) {
        free(data);
        return NULL;
    }
    return data;
}

int idx_read_images(const char *path, idx_images *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    uint32_t dims[3];
    gzFile f = open_idx(path, 3, dims, err, errsize);
    if (!f) return -1;
    if (dims[0] > IDX_MAX_COUNT || dims[1] == 0 || dims[1] > IDX_MAX_SIDE || dims[2] == 0 ||
        dims[2] > IDX_MAX_SIDE) {
        gzclose(f);
        return fail(err, errsize, "%s: implausible dimensions %u x %u x %u", path, dims[0],
                    dims[1], dims[2]);
    }
    size_t n = (size_t)dims[0] * dims[1] * dims[2]; /* < 2^27 * 2^24: no overflow in 64 bits */
    uint8_t *pixels = read_body(f, n, path, err, errsize);
    if (!pixels) return -1;
    out->count = dims[0];
    out->rows = dims[1];
    out->cols = dims[2];
    out->pixels = pixels;
    return 0;
}

int idx_read_labels(const char *path, idx_labels *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    uint32_t dims[1];
    gzFile f = open_idx(path, 1, dims, err, errsize);
    if (!f) return -1;
    if (dims[0] > IDX_MAX_COUNT) {
        gzclose(f);
        return fail(err, errsize, "%s: implausible count %u", path, dims[0]);
    }
    uint8_t *labels = read_body(f, dims[0], path, err, errsize);
    if (!labels) return -1;
    out->count = dims[0];
    out->labels = labels;
    return 0;
}

void idx_free_images(idx_images *images)
{
    free(images->pixels);
    memset(images, 0, sizeof *images);
}

void idx_free_labels(idx_labels *labels)
{
    free(labels->labels);
    memset(labels, 0, sizeof *labels);
}

/* One images file and its labels, checked against each other. */
static int load_pair(const char *dir, const char *images_name, const char *labels_name,
                     idx_images *images, idx_labels *labels, char *err, size_t errsize)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, images_name);
    if (idx_read_images(path, images, err, errsize) != 0) return -1;
    snprintf(path, sizeof path, "%s/%s", dir, labels_name);
    if (idx_read_labels(path, labels, err, errsize) != 0) {
        idx_free_images(images);
        return -1;
    }
    const char *problem = NULL;
    if (images->rows != 28 || images->cols != 28)
        problem = "images are not 28 x 28";
    else if (images->count != labels->count)
        problem = "not as many labels as images";
    else if (images->count == 0)
        problem = "no images";
    for (size_t i = 0; !problem && i < labels->count; i++)
        if (labels->labels[i] > 9) problem = "a label is not 0 to 9";
    if (problem) {
        fail(err, errsize, "%s/%s and %s: %s (%zu images of %zu x %zu, %zu labels)", dir,
             images_name, labels_name, problem, images->count, images->rows, images->cols,
             labels->count);
        idx_free_images(images);
        idx_free_labels(labels);
        return -1;
    }
    return 0;
}

int fashion_mnist_load(const char *dir, fashion_mnist *data, char *err, size_t errsize)
{
    memset(data, 0, sizeof *data);
    if (load_pair(dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                  &data->train_images, &data->train_labels, err, errsize) != 0)
        return -1;
    if (load_pair(dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                  &data->test_images, &data->test_labels, err, errsize) != 0) {
        fashion_mnist_free(data);
        return -1;
    }
    return 0;
}

void fashion_mnist_free(fashion_mnist *data)
{
    idx_free_images(&data->train_images);
    idx_free_images(&data->test_images);
    idx_free_labels(&data->train_labels);
    idx_free_labels(&data->test_labels);
}
