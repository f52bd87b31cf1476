/* test_idx_reader.c -- examples/fashion_mnist/idx_reader.c on valid, truncated (the gzip
 * trailer cut by each of its 8 bytes included), corrupt, over-long (bytes or a second gzip
 * member after the stream) and inconsistent files, written here into a scratch directory
 * (argv[1]).  Each bad file must be refused with a message naming the file and the problem;
 * valid ones must read back.
 *   test_idx_reader SCRATCH_DIR   (created if missing) */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <zlib.h>

#include "idx_reader.h"

static const char *dir;
static int failures;

static void path_of(char *out, size_t size, const char *name) { snprintf(out, size, "%s/%s", dir, name); }

/* An IDX header (ndims dimensions) then n data bytes (value i % 251), gzip-compressed unless
 * plain; extra bytes after the data. */
static void write_idx(const char *name, int plain, unsigned type, unsigned ndims,
                      const uint32_t *dims, size_t n, size_t extra)
{
    unsigned char *buf = malloc(4 + 4 * ndims + n + extra);
    assert(buf);
    size_t k = 0;
    buf[k++] = 0;
    buf[k++] = 0;
    buf[k++] = (unsigned char)type;
    buf[k++] = (unsigned char)ndims;
    for (unsigned d = 0; d < ndims; d++) {
        buf[k++] = (unsigned char)(dims[d] >> 24);
        buf[k++] = (unsigned char)(dims[d] >> 16);
        buf[k++] = (unsigned char)(dims[d] >> 8);
        buf[k++] = (unsigned char)dims[d];
    }
    for (size_t i = 0; i < n + extra; i++) buf[k++] = (unsigned char)(i % 251 % 10);
    char path[4096];
    path_of(path, sizeof path, name);
    if (plain) {
        FILE *f = fopen(path, "wb");
        assert(f && fwrite(buf, 1, k, f) == k && fclose(f) == 0);
    } else {
        gzFile g = gzopen(path, "wb");
        assert(g && gzwrite(g, buf, (unsigned)k) == (int)k && gzclose(g) == Z_OK);
    }
    free(buf);
}

/* Cuts a file to its first size bytes. */
static void cut_file(const char *name, long size)
{
    char path[4096];
    path_of(path, sizeof path, name);
    FILE *f = fopen(path, "rb");
    assert(f);
    unsigned char *buf = malloc((size_t)size + 1);
    assert(buf && fread(buf, 1, (size_t)size, f) == (size_t)size);
    fclose(f);
    f = fopen(path, "wb");
    assert(f && fwrite(buf, 1, (size_t)size, f) == (size_t)size && fclose(f) == 0);
    free(buf);
}

/* Appends n bytes to a file. */
static void append_bytes(const char *name, const void *bytes, size_t n)
{
    char path[4096];
    path_of(path, sizeof path, name);
    FILE *f = fopen(path, "ab");
    assert(f && fwrite(bytes, 1, n, f) == n && fclose(f) == 0);
}

/* Appends a complete, valid gzip member holding n bytes (concatenated gzip files). */
static void append_gzip_member(const char *name, const void *bytes, size_t n)
{
    char path[4096];
    path_of(path, sizeof path, name);
    gzFile g = gzopen(path, "ab");
    assert(g && (n == 0 || gzwrite(g, bytes, (unsigned)n) == (int)n) && gzclose(g) == Z_OK);
}

static long file_size(const char *name)
{
    char path[4096];
    path_of(path, sizeof path, name);
    FILE *f = fopen(path, "rb");
    assert(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void flip_byte(const char *name, long offset)
{
    char path[4096];
    path_of(path, sizeof path, name);
    FILE *f = fopen(path, "r+b");
    assert(f && fseek(f, offset, SEEK_SET) == 0);
    int c = fgetc(f);
    assert(c != EOF && fseek(f, offset, SEEK_SET) == 0);
    fputc(c ^ 0x5a, f);
    assert(fclose(f) == 0);
}

/* Reading name as images (images = 1) or labels must fail with a message containing want. */
static void expect_refused(const char *name, int images, const char *want)
{
    char path[4096], err[8192];
    path_of(path, sizeof path, name);
    idx_images im;
    idx_labels lb;
    int r = images ? idx_read_images(path, &im, err, sizeof err)
                   : idx_read_labels(path, &lb, err, sizeof err);
    if (r == 0 || !strstr(err, want) || !strstr(err, name)) {
        fprintf(stderr, "FAIL %s: r = %d, message '%s' (want '%s' and the file name)\n", name,
                r, r == 0 ? "" : err, want);
        failures++;
        if (r == 0) images ? idx_free_images(&im) : idx_free_labels(&lb);
    } else {
        printf("refused as expected: %s\n", err);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_idx_reader SCRATCH_DIR\n");
        return 2;
    }
    dir = argv[1];
    mkdir(dir, 0700); /* or it is there already: every file is written anew */
    char path[4096], err[8192];

    /* valid: 3 images of 28 x 28 and 3 labels, gzip; and the same plain (zlib reads both) */
    uint32_t im_dims[3] = {3, 28, 28}, lb_dims[1] = {3};
    write_idx("images.gz", 0, 0x08, 3, im_dims, 3 * 784, 0);
    write_idx("labels.gz", 0, 0x08, 1, lb_dims, 3, 0);
    write_idx("images-plain", 1, 0x08, 3, im_dims, 3 * 784, 0);
    idx_images im;
    idx_labels lb;
    path_of(path, sizeof path, "images.gz");
    assert(idx_read_images(path, &im, err, sizeof err) == 0);
    assert(im.count == 3 && im.rows == 28 && im.cols == 28);
    for (size_t i = 0; i < 3 * 784; i++) assert(im.pixels[i] == i % 251 % 10);
    idx_free_images(&im);
    path_of(path, sizeof path, "images-plain");
    assert(idx_read_images(path, &im, err, sizeof err) == 0 && im.count == 3);
    idx_free_images(&im);
    path_of(path, sizeof path, "labels.gz");
    assert(idx_read_labels(path, &lb, err, sizeof err) == 0 && lb.count == 3);
    assert(lb.labels[0] == 0 && lb.labels[1] == 1 && lb.labels[2] == 2);
    idx_free_labels(&lb);

    /* missing */
    expect_refused("no-such-file.gz", 1, "cannot open");
    /* truncated: the header announces 3 images, the data hold 2 and a half */
    write_idx("short.gz", 0, 0x08, 3, im_dims, 2 * 784 + 392, 0);
    expect_refused("short.gz", 1, "truncated");
    /* shorter than the header */
    write_idx("header.gz", 0, 0x08, 3, im_dims, 0, 0);
    cut_file("header.gz", 0);
    expect_refused("header.gz", 1, "truncated");
    /* more data than announced */
    write_idx("long.gz", 0, 0x08, 3, im_dims, 3 * 784, 1);
    expect_refused("long.gz", 1, "more data");
    write_idx("long-plain", 1, 0x08, 3, im_dims, 3 * 784, 1);
    expect_refused("long-plain", 1, "more data");
    /* wrong magic: type 0x0d (float), or labels read as images (1 dimension) */
    write_idx("float.gz", 0, 0x0d, 3, im_dims, 3 * 784, 0);
    expect_refused("float.gz", 1, "not an IDX file");
    expect_refused("labels.gz", 1, "not an IDX file");
    /* implausible dimensions */
    uint32_t huge[3] = {0xffffffffu, 28, 28};
    write_idx("huge.gz", 0, 0x08, 3, huge, 0, 0);
    expect_refused("huge.gz", 1, "implausible");
    /* the compressed stream cut in the middle, and a byte of it changed */
    write_idx("cut.gz", 0, 0x08, 3, im_dims, 3 * 784, 0);
    cut_file("cut.gz", file_size("cut.gz") / 2);
    expect_refused("cut.gz", 1, "truncated");
    /* every data byte there, but the gzip trailer (CRC-32, then the length ISIZE) cut by
     * every k of its 8 bytes: each refused.  Small files (3 images) and larger ones (100
     * images, 78,400 bytes): zlib's gzread() reports the cut only while its own 16 KiB
     * buffer is being filled; when the caller's buffer takes the last data byte it ends
     * without ever checking that the stream did (the small file alone was tested before,
     * and passed for that reason). */
    uint32_t many_dims[3] = {100, 28, 28}, many_lb[1] = {20000};
    for (long k = 1; k <= 8; k++) {
        char name[64];
        snprintf(name, sizeof name, "trailer-%ld.gz", k);
        write_idx(name, 0, 0x08, 3, im_dims, 3 * 784, 0);
        cut_file(name, file_size(name) - k);
        expect_refused(name, 1, "truncated");
        snprintf(name, sizeof name, "trailer-large-%ld.gz", k);
        write_idx(name, 0, 0x08, 3, many_dims, 100 * 784, 0);
        cut_file(name, file_size(name) - k);
        expect_refused(name, 1, "truncated");
        snprintf(name, sizeof name, "trailer-labels-%ld.gz", k);
        write_idx(name, 0, 0x08, 1, many_lb, 20000, 0);
        cut_file(name, file_size(name) - k);
        expect_refused(name, 0, "truncated");
    }
    /* bytes after the end of the gzip stream: 1 byte, 100 bytes, the gzip magic alone, and
     * a second, valid gzip member (empty, and one holding data): each refused */
    static const unsigned char junk100[100] = {'j', 'u', 'n', 'k'};
    static const unsigned char magic[2] = {0x1f, 0x8b};
    write_idx("junk-1.gz", 0, 0x08, 3, im_dims, 3 * 784, 0);
    append_bytes("junk-1.gz", "\n", 1);
    expect_refused("junk-1.gz", 1, "after the end of the gzip stream");
    write_idx("junk-100.gz", 0, 0x08, 3, many_dims, 100 * 784, 0);
    append_bytes("junk-100.gz", junk100, sizeof junk100);
    expect_refused("junk-100.gz", 1, "after the end of the gzip stream");
    write_idx("junk-zero.gz", 0, 0x08, 1, lb_dims, 3, 0);
    append_bytes("junk-zero.gz", junk100 + 50, 1); /* a zero byte */
    expect_refused("junk-zero.gz", 0, "after the end of the gzip stream");
    write_idx("junk-magic.gz", 0, 0x08, 3, im_dims, 3 * 784, 0);
    append_bytes("junk-magic.gz", magic, sizeof magic);
    expect_refused("junk-magic.gz", 1, "after the end of the gzip stream");
    write_idx("member-empty.gz", 0, 0x08, 3, im_dims, 3 * 784, 0);
    append_gzip_member("member-empty.gz", NULL, 0);
    expect_refused("member-empty.gz", 1, "second gzip member");
    write_idx("member-data.gz", 0, 0x08, 1, many_lb, 20000, 0);
    append_gzip_member("member-data.gz", junk100, sizeof junk100);
    expect_refused("member-data.gz", 0, "second gzip member");
    /* the same two files without the additions: accepted (the checks do not refuse
     * everything) */
    write_idx("junk-1.gz", 0, 0x08, 3, im_dims, 3 * 784, 0);
    path_of(path, sizeof path, "junk-1.gz");
    if (idx_read_images(path, &im, err, sizeof err) != 0) {
        fprintf(stderr, "FAIL: a valid file refused: %s\n", err);
        failures++;
    } else {
        idx_free_images(&im);
    }
    write_idx("flip.gz", 0, 0x08, 3, im_dims, 3 * 784, 0);
    flip_byte("flip.gz", file_size("flip.gz") - 6); /* the CRC-32 of the gzip trailer */
    expect_refused("flip.gz", 1, "corrupt");

    /* fashion_mnist_load: the four files, checked against each other */
    uint32_t train_dims[3] = {4, 28, 28}, train_lb[1] = {4}, test_dims[3] = {2, 28, 28},
             test_lb[1] = {2};
    write_idx("train-images-idx3-ubyte.gz", 0, 0x08, 3, train_dims, 4 * 784, 0);
    write_idx("train-labels-idx1-ubyte.gz", 0, 0x08, 1, train_lb, 4, 0);
    write_idx("t10k-images-idx3-ubyte.gz", 0, 0x08, 3, test_dims, 2 * 784, 0);
    write_idx("t10k-labels-idx1-ubyte.gz", 0, 0x08, 1, test_lb, 2, 0);
    fashion_mnist data;
    assert(fashion_mnist_load(dir, &data, err, sizeof err) == 0);
    assert(data.train_images.count == 4 && data.test_labels.count == 2);
    fashion_mnist_free(&data);
    /* as many labels as images */
    uint32_t three[1] = {3};
    write_idx("t10k-labels-idx1-ubyte.gz", 0, 0x08, 1, three, 3, 0);
    if (fashion_mnist_load(dir, &data, err, sizeof err) == 0 || !strstr(err, "not as many labels")) {
        fprintf(stderr, "FAIL: label count mismatch not refused: %s\n", err);
        failures++;
    }
    /* labels 0 to 9: a label 10 */
    unsigned char bad[4 + 4 + 2] = {0, 0, 8, 1, 0, 0, 0, 2, 3, 10};
    path_of(path, sizeof path, "t10k-labels-idx1-ubyte.gz");
    gzFile g = gzopen(path, "wb");
    assert(g && gzwrite(g, bad, sizeof bad) == (int)sizeof bad && gzclose(g) == Z_OK);
    if (fashion_mnist_load(dir, &data, err, sizeof err) == 0 || !strstr(err, "not 0 to 9")) {
        fprintf(stderr, "FAIL: label 10 not refused: %s\n", err);
        failures++;
    }
    /* images of another size */
    uint32_t small[3] = {2, 14, 14};
    write_idx("t10k-labels-idx1-ubyte.gz", 0, 0x08, 1, test_lb, 2, 0);
    write_idx("t10k-images-idx3-ubyte.gz", 0, 0x08, 3, small, 2 * 196, 0);
    if (fashion_mnist_load(dir, &data, err, sizeof err) == 0 || !strstr(err, "not 28 x 28")) {
        fprintf(stderr, "FAIL: 14 x 14 images not refused: %s\n", err);
        failures++;
    }
    printf("%s\n", failures ? "FAIL" : "idx reader: all ok");
    return failures ? 1 : 0;
}
