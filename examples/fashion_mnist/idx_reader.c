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

/* An IDX file being read: gzip (the first two bytes 1f 8b) through inflate, or plain.
 * zlib's gzread() is not used: it skips whatever follows the gzip stream, and when the
 * caller's buffer takes the last data byte it ends without checking that the stream did
 * (a trailer cut short passes).  Here the stream must end (Z_STREAM_END: the CRC-32 and the
 * length checked) and the file with it. */
typedef struct idx_source {
    FILE *file;
    const char *path;
    int gzip;  /* 1: through inflate */
    int ended; /* gzip: inflate returned Z_STREAM_END */
    z_stream z;
    unsigned char in[1 << 16];
    size_t plain_have, plain_at; /* plain: unread bytes in `in` (the two sniffed ones) */
} idx_source;

/* More input for inflate.  Returns the bytes read (0 at the end of the file), or -1 on a
 * read error with err set. */
static long long fill(idx_source *s, char *err, size_t errsize)
{
    size_t got = fread(s->in, 1, sizeof s->in, s->file);
    if (got == 0 && ferror(s->file))
        return fail(err, errsize, "%s: %s", s->path, strerror(errno));
    s->z.next_in = s->in;
    s->z.avail_in = (uInt)got;
    return (long long)got;
}

/* Inflates into out[n] until it is full or the stream ends.  Returns the bytes written, or
 * -1 with err set (a read error, corrupt data, or a file that ends inside the stream). */
static long long inflate_some(idx_source *s, unsigned char *out, size_t n, char *err,
                              size_t errsize)
{
    size_t got = 0;
    while (got < n && !s->ended) {
        if (s->z.avail_in == 0) {
            long long r = fill(s, err, errsize);
            if (r < 0) return -1;
            if (r == 0)
                return fail(err, errsize,
                            "%s: truncated gzip data: the file ends before the compressed "
                            "stream does (its data or its CRC-32 and length trailer cut)",
                            s->path);
        }
        size_t want = n - got > (1u << 30) ? (1u << 30) : n - got;
        s->z.next_out = out + got;
        s->z.avail_out = (uInt)want;
        int ret = inflate(&s->z, Z_NO_FLUSH);
        got += want - s->z.avail_out;
        if (ret == Z_STREAM_END)
            s->ended = 1;
        else if (ret == Z_MEM_ERROR)
            return fail(err, errsize, "%s: out of memory in zlib", s->path);
        else if (ret != Z_OK && ret != Z_BUF_ERROR)
            return fail(err, errsize, "%s: corrupt gzip data: %s", s->path,
                        s->z.msg ? s->z.msg : "inflate failed");
    }
    return (long long)got;
}

/* Reads up to n bytes.  Returns n, fewer at the end of the data, or -1 with err set. */
static long long read_exactly(idx_source *s, void *buf, size_t n, char *err, size_t errsize)
{
    if (s->gzip) return inflate_some(s, buf, n, err, errsize);
    size_t got = 0;
    while (got < n && s->plain_at < s->plain_have)
        ((unsigned char *)buf)[got++] = s->in[s->plain_at++];
    if (got < n) {
        got += fread((unsigned char *)buf + got, 1, n - got, s->file);
        if (got < n && ferror(s->file))
            return fail(err, errsize, "%s: %s", s->path, strerror(errno));
    }
    return (long long)got;
}

static void close_source(idx_source *s)
{
    if (s->gzip) inflateEnd(&s->z);
    fclose(s->file);
    free(s);
}

/* After the n data bytes: nothing more.  For gzip, the stream must end here (its trailer
 * whole and right) and the file with it.  Returns 0, or -1 with err set. */
static int check_end(idx_source *s, size_t n, char *err, size_t errsize)
{
    unsigned char extra;
    long long more = read_exactly(s, &extra, 1, err, errsize);
    if (more < 0) return -1;
    if (more > 0)
        return fail(err, errsize, "%s: more data than its header announces (%zu bytes)",
                    s->path, n);
    if (!s->gzip) return 0;
    /* the stream has ended; what is left in the buffer and the file must be nothing */
    size_t left = s->z.avail_in;
    unsigned char first[2];
    size_t have = 0;
    for (size_t i = 0; i < left && have < 2; i++) first[have++] = s->z.next_in[i];
    if (have < 2) {
        size_t r = fread(first + have, 1, 2 - have, s->file);
        if (r == 0 && ferror(s->file))
            return fail(err, errsize, "%s: %s", s->path, strerror(errno));
        have += r;
    }
    if (have == 0) return 0;
    if (have == 2 && first[0] == 0x1f && first[1] == 0x8b)
        return fail(err, errsize,
                    "%s: a second gzip member (bytes 1f 8b) after the end of the gzip stream "
                    "(concatenated gzip files are not accepted)",
                    s->path);
    return fail(err, errsize, "%s: junk after the end of the gzip stream", s->path);
}

/* Opens path and reads its header: ndims dimensions into dims.  Returns the open source,
 * or NULL with err set. */
static idx_source *open_idx(const char *path, unsigned ndims, uint32_t *dims, char *err,
                            size_t errsize)
{
    idx_source *s = calloc(1, sizeof *s);
    if (!s) {
        fail(err, errsize, "cannot open %s: out of memory", path);
        return NULL;
    }
    s->path = path;
    errno = 0;
    s->file = fopen(path, "rb");
    if (!s->file) {
        fail(err, errsize, "cannot open %s: %s", path, errno ? strerror(errno) : "out of memory");
        free(s);
        return NULL;
    }
    /* gzip or plain, by the first two bytes (an IDX file starts 00 00) */
    s->plain_have = fread(s->in, 1, 2, s->file);
    if (s->plain_have < 2 && ferror(s->file)) {
        fail(err, errsize, "%s: %s", path, strerror(errno));
        fclose(s->file);
        free(s);
        return NULL;
    }
    if (s->plain_have == 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
        s->gzip = 1;
        s->z.next_in = s->in;
        s->z.avail_in = 2;
        int ret = inflateInit2(&s->z, 15 + 16); /* gzip only */
        if (ret != Z_OK) {
            fail(err, errsize, "%s: zlib: %s", path,
                 ret == Z_MEM_ERROR ? "out of memory" : "inflateInit2 failed");
            fclose(s->file);
            free(s);
            return NULL;
        }
    }
    unsigned char head[4 + 4 * 3];
    size_t head_size = 4 + 4 * (size_t)ndims;
    /* the magic number first, so that a file of another kind is named as such */
    long long got = read_exactly(s, head, 4, err, errsize);
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
        got = read_exactly(s, head + 4, head_size - 4, err, errsize);
        if (got >= 0 && (size_t)got < head_size - 4) {
            fail(err, errsize, "%s: truncated: %lld bytes, shorter than an IDX header of %zu",
                 path, got + 4, head_size);
            got = -1;
        }
    }
    if (got < 0) {
        close_source(s);
        return NULL;
    }
    for (unsigned k = 0; k < ndims; k++) {
        const unsigned char *p = head + 4 + 4 * k;
        dims[k] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    }
    return s;
}

/* Reads the n data bytes after the header into a new buffer and checks that nothing
 * follows.  Returns the buffer, or NULL with err set; closes s either way. */
static uint8_t *read_body(idx_source *s, size_t n, char *err, size_t errsize)
{
    uint8_t *data = malloc(n ? n : 1);
    if (!data) {
        fail(err, errsize, "%s: out of memory for %zu bytes", s->path, n);
        close_source(s);
        return NULL;
    }
    long long got = read_exactly(s, data, n, err, errsize);
    int bad = got < 0;
    if (!bad && (size_t)got < n) {
        fail(err, errsize, "%s: truncated: %lld of the %zu data bytes its header announces",
             s->path, got, n);
        bad = 1;
    }
    if (!bad) bad = check_end(s, n, err, errsize) != 0;
    close_source(s);
    if (bad) {
        free(data);
        return NULL;
    }
    return data;
}

int idx_read_images(const char *path, idx_images *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    uint32_t dims[3];
    idx_source *f = open_idx(path, 3, dims, err, errsize);
    if (!f) return -1;
    if (dims[0] > IDX_MAX_COUNT || dims[1] == 0 || dims[1] > IDX_MAX_SIDE || dims[2] == 0 ||
        dims[2] > IDX_MAX_SIDE) {
        close_source(f);
        return fail(err, errsize, "%s: implausible dimensions %u x %u x %u", path, dims[0],
                    dims[1], dims[2]);
    }
    size_t n = (size_t)dims[0] * dims[1] * dims[2]; /* < 2^27 * 2^24: no overflow in 64 bits */
    uint8_t *pixels = read_body(f, n, err, errsize);
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
    idx_source *f = open_idx(path, 1, dims, err, errsize);
    if (!f) return -1;
    if (dims[0] > IDX_MAX_COUNT) {
        close_source(f);
        return fail(err, errsize, "%s: implausible count %u", path, dims[0]);
    }
    uint8_t *labels = read_body(f, dims[0], err, errsize);
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
