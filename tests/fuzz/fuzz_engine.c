/* fuzz_engine.c -- see fuzz_engine.h. */
#define _POSIX_C_SOURCE 200112L /* posix_memalign */
#include "fuzz_engine.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading the fuzzer's bytes ------------------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    size_t n, i;
} reader;

static unsigned take8(reader *r) { return r->i < r->n ? r->p[r->i++] : 0u; }
static unsigned take16(reader *r)
{
    unsigned lo = take8(r);
    return lo | take8(r) << 8;
}

/* ---- the call being built -------------------------------------------------------------- */

typedef enum placement { PLACE_OWN, PLACE_SAME, PLACE_PARTIAL, PLACE_NULL, PLACE_WILD } placement;

typedef struct block {
    unsigned char *mem, *snapshot;
    size_t size;
} block;

typedef struct call_plan {
    const fuzz_op *op;
    int fn;
    size_t a, b;        /* n, or rows and cols */
    int huge;           /* sizes near SIZE_MAX: the arrays are not that long */
    const char *isa;
    int threads;
    placement place[FUZZ_MAX_ARRAYS];
    int block_of[FUZZ_MAX_ARRAYS];
    ptrdiff_t offset[FUZZ_MAX_ARRAYS]; /* bytes from the block's start */
    void *ptr[FUZZ_MAX_ARRAYS];
    size_t bytes[FUZZ_MAX_ARRAYS];     /* valid when !huge */
    block blocks[FUZZ_MAX_ARRAYS];
    int block_count;
} call_plan;

static const char *const k_isas[] = {"scalar", "avx2", "avx512", "neon", "auto"};
static const int k_bad_fns[] = {-1, 4, 5, 255, 256, INT_MAX, INT_MIN, -4};

static void describe(const call_plan *c)
{
    fprintf(stderr, "fuzz: %s fn=%d a=%zu b=%zu isa=%s threads=%d huge=%d\n", c->op->name,
            c->fn, c->a, c->b, c->isa, c->threads, c->huge);
    for (int i = 0; i < c->op->count; i++)
        fprintf(stderr, "  %-6s place=%d block=%d offset=%td ptr=%p\n", c->op->arrays[i].name,
                (int)c->place[i], c->block_of[i], c->offset[i], c->ptr[i]);
}

#define FAIL(c, ...)                                                                       \
    do {                                                                                   \
        fprintf(stderr, "fuzz: FAIL: " __VA_ARGS__);                                       \
        fprintf(stderr, "\n");                                                             \
        describe(c);                                                                       \
        abort();                                                                           \
    } while (0)

/* ---- the contract's model (gelu.h sections 3 and 6) ------------------------------------ */

typedef struct range {
    uintptr_t begin, end;
    size_t elem;
} range;

/* The element count of array i, 0 if it overflows size_t. */
static int element_count(const call_plan *c, int i, size_t *count)
{
    switch (c->op->arrays[i].len) {
    case LEN_N: *count = c->a; return 1;
    case LEN_C: *count = c->b; return 1;
    case LEN_RC:
        if (c->b != 0 && c->a > SIZE_MAX / c->b) return 0;
        *count = c->a * c->b;
        return 1;
    case LEN_R2C:
        if (c->b > SIZE_MAX / 2) return 0;
        if (c->b != 0 && c->a > SIZE_MAX / (2 * c->b)) return 0;
        *count = c->a * 2 * c->b;
        return 1;
    }
    return 0;
}

static int make_range(const call_plan *c, int i, range *r)
{
    size_t count, elem = c->op->arrays[i].elem;
    if (!element_count(c, i, &count) || count > SIZE_MAX / elem) return 0;
    uintptr_t begin = (uintptr_t)c->ptr[i], bytes = count * elem;
    if (bytes > UINTPTR_MAX - begin) return 0;
    r->begin = begin;
    r->end = begin + bytes;
    r->elem = elem;
    return 1;
}

static int overlap(range x, range y) { return x.begin < y.end && y.begin < x.end; }

static gelu_status expected_status(const call_plan *c)
{
    const fuzz_op *op = c->op;
    if (c->fn < 0 || c->fn > 3) return GELU_ERR_ARG;
    if (op->fused ? c->a == 0 || c->b == 0 : c->a == 0) return GELU_OK;
    for (int i = 0; i < op->count; i++)
        if (c->ptr[i] == NULL) return GELU_ERR_NULL;
    range r[FUZZ_MAX_ARRAYS];
    for (int i = 0; i < op->count; i++)
        if (!make_range(c, i, &r[i])) return GELU_ERR_ARG;
    for (int o = 0; o < op->count; o++) {
        if (!op->arrays[o].output) continue;
        for (int i = 0; i < op->count; i++) {
            if (i == o) continue;
            if (op->arrays[i].output) {
                if (overlap(r[o], r[i])) return GELU_ERR_OVERLAP; /* two outputs: never */
            } else if (overlap(r[o], r[i]) &&
                       !(r[o].begin == r[i].begin && r[o].end == r[i].end &&
                         r[o].elem == r[i].elem)) {
                return GELU_ERR_OVERLAP; /* exactly the same array is in place */
            }
        }
    }
    return GELU_OK;
}

/* ---- building the call from the bytes ---------------------------------------------------- */

static const size_t k_huge[] = {SIZE_MAX, SIZE_MAX / 2 + 1, SIZE_MAX / 4 + 1, SIZE_MAX / 8 + 1,
                                SIZE_MAX / 2, SIZE_MAX / 4, (size_t)1 << 32, SIZE_MAX - 63};

static void choose_sizes(call_plan *c, reader *r)
{
    unsigned mode = take8(r) % 16, v = take16(r), w = take16(r);
    if (mode == 0) { /* near SIZE_MAX */
        c->huge = 1;
        c->a = k_huge[v % 8];
        c->b = c->op->fused ? (v & 8 ? k_huge[w % 8] : 1 + w % 64) : 0;
        if (c->op->fused && (v & 16)) { size_t t = c->a; c->a = c->b; c->b = t; }
    } else if (mode == 1) { /* empty */
        c->a = c->op->fused && (v & 1) ? 1 + w % 8 : 0;
        c->b = c->op->fused && !(v & 1) ? 1 + w % 8 : 0;
        if (!c->op->fused) c->b = 0;
    } else if (mode == 2) { /* large enough for two threads and more (threads.h) */
        c->a = c->op->fused ? 32 + v % 40 : 32768 + v % 40000; /* up to 4 parts */
        c->b = c->op->fused ? 1024 + w % 128 : 0;
    } else { /* small */
        c->a = c->op->fused ? 1 + v % 24 : 1 + v % 1200;
        c->b = c->op->fused ? 1 + w % 300 : 0;
    }
}

static void choose_placements(call_plan *c, reader *r)
{
    const fuzz_op *op = c->op;
    for (int i = 0; i < op->count; i++) {
        unsigned p = take8(r), q = take16(r);
        size_t elem = op->arrays[i].elem;
        c->place[i] = PLACE_OWN;
        c->block_of[i] = c->block_count;
        c->offset[i] = (ptrdiff_t)((p >> 3) * elem); /* 0-31 elements: every alignment */
        if (p % 8 == 5 && i > 0) {
            int j = (int)(q % (unsigned)i);
            if (c->place[j] <= PLACE_PARTIAL && c->offset[j] % (ptrdiff_t)elem == 0) {
                c->place[i] = PLACE_SAME;
                c->block_of[i] = c->block_of[j];
                c->offset[i] = c->offset[j];
            }
        } else if (p % 8 == 6 && i > 0) {
            int j = (int)(q % (unsigned)i);
            if (c->place[j] <= PLACE_PARTIAL) {
                /* mostly at most 4 elements either way, where an off-by-some check
                 * would slip (a random byte gives each such shift 1 time in 12); else
                 * anywhere within 4,096 elements */
                unsigned k = take8(r);
                ptrdiff_t d = (k % 4 != 0 ? (ptrdiff_t)((k >> 2) % 9) - 4
                                          : (ptrdiff_t)(int16_t)take16(r) % 4096) *
                              (ptrdiff_t)elem;
                ptrdiff_t off = c->offset[j] + d;
                off -= ((off % (ptrdiff_t)elem) + (ptrdiff_t)elem) % (ptrdiff_t)elem;
                c->place[i] = PLACE_PARTIAL;
                c->block_of[i] = c->block_of[j];
                c->offset[i] = off;
            }
        } else if (p % 8 == 7 && (p >> 3) % 4 == 0) {
            c->place[i] = (p >> 5) % 2 ? PLACE_WILD : PLACE_NULL;
        }
        if (c->place[i] == PLACE_OWN) c->block_count++;
    }
}

/* dst[0..size) = the fill bytes repeated from `start` (a fixed pattern when there are
 * none), by doubling copies rather than byte by byte. */
static void fill_bytes(unsigned char *dst, size_t size, const uint8_t *fill, size_t fill_size,
                       size_t start)
{
    if (size == 0) return;
    size_t have;
    if (fill_size == 0) {
        static const unsigned char pattern[] = {0x3f, 0x80, 0x00, 0x01, 0xbf, 0x40, 0xc1, 0x7f};
        fill = pattern;
        fill_size = sizeof pattern;
    }
    start %= fill_size;
    size_t first = fill_size - start < size ? fill_size - start : size;
    memcpy(dst, fill + start, first);
    have = first;
    if (have < size) {
        size_t more = fill_size - first < size - have ? fill_size - first : size - have;
        memcpy(dst + have, fill, more);
        have += more;
    }
    while (have < size) { /* have is a whole number of periods until the last copy */
        size_t n = have < size - have ? have : size - have;
        memcpy(dst + have, dst, n);
        have += n;
    }
}

/* Allocates the blocks (exactly as long as their arrays reach, so that ASan sees a read
 * past the end) and sets the pointers; fills the blocks with the fuzzer's bytes. */
static int allocate(call_plan *c, const uint8_t *fill, size_t fill_size)
{
    const fuzz_op *op = c->op;
    for (int i = 0; i < op->count; i++) {
        size_t count = 0;
        if (!c->huge && element_count(c, i, &count)) c->bytes[i] = count * op->arrays[i].elem;
        else c->bytes[i] = 64; /* a huge size: the array is not really there */
    }
    for (int k = 0; k < c->block_count; k++) {
        ptrdiff_t lo = 0, hi = 1;
        int first = 1;
        for (int i = 0; i < op->count; i++) {
            if (c->place[i] > PLACE_PARTIAL || c->block_of[i] != k) continue;
            ptrdiff_t b = c->offset[i], e = b + (ptrdiff_t)c->bytes[i];
            if (first || b < lo) lo = b;
            if (first || e > hi) hi = e;
            first = 0;
        }
        ptrdiff_t shift = lo < 0 ? (-lo + 63) / 64 * 64 : 0; /* keeps alignment mod 64 */
        size_t size = (size_t)(hi + shift);
        void *mem = NULL;
        if (posix_memalign(&mem, 64, size ? size : 1) != 0) return 0;
        block *bl = &c->blocks[k];
        bl->mem = mem;
        bl->size = size;
        bl->snapshot = malloc(size ? size : 1);
        if (bl->snapshot == NULL) return 0;
        fill_bytes(bl->mem, size, fill, fill_size, (size_t)k * 7);
        for (int i = 0; i < op->count; i++)
            if (c->place[i] <= PLACE_PARTIAL && c->block_of[i] == k)
                c->ptr[i] = bl->mem + shift + c->offset[i];
    }
    for (int i = 0; i < op->count; i++) {
        if (c->place[i] == PLACE_NULL) c->ptr[i] = NULL;
        if (c->place[i] == PLACE_WILD) /* the top of the address space, aligned */
            c->ptr[i] = (void *)(UINTPTR_MAX - 4095u);
    }
    return 1;
}

static void release(call_plan *c)
{
    for (int k = 0; k < c->block_count; k++) {
        free(c->blocks[k].mem);
        free(c->blocks[k].snapshot);
    }
}

/* ---- the check ------------------------------------------------------------------------- */

static ptrdiff_t block_shift(const call_plan *c, int k)
{
    for (int i = 0; i < c->op->count; i++)
        if (c->place[i] <= PLACE_PARTIAL && c->block_of[i] == k)
            return (unsigned char *)c->ptr[i] - c->blocks[k].mem - c->offset[i];
    return 0;
}

/* After a successful call: copies the outputs' bytes of block k over its snapshot, so that
 * the snapshot then equals the block exactly when nothing outside the outputs changed. */
static void overlay_outputs(const call_plan *c, int k)
{
    ptrdiff_t shift = block_shift(c, k);
    for (int i = 0; i < c->op->count; i++) {
        if (!c->op->arrays[i].output || c->place[i] > PLACE_PARTIAL || c->block_of[i] != k)
            continue;
        size_t at = (size_t)(shift + c->offset[i]);
        memcpy(c->blocks[k].snapshot + at, c->blocks[k].mem + at, c->bytes[i]);
    }
}

static void set_config(const char *isa, int threads)
{
    gelu_status s = gelu_set_isa(isa);
    if (s == GELU_ERR_UNSUPPORTED) s = gelu_set_isa("auto"); /* not scalar against scalar */
    if (s != GELU_OK) {
        fprintf(stderr, "fuzz: gelu_set_isa(\"%s\") gave %d\n", isa, (int)s);
        abort();
    }
    if (gelu_set_num_threads(threads) != GELU_OK) abort();
}

/* Off-by-some slips in the overlap checks: each array placed partly over another is also
 * tried shifted by -4..4 elements, and every shift the contract refuses must be refused
 * by the library with the status predicted and nothing written.  (Shifts it accepts are not
 * called: the block was sized for the fuzzed layout.) */
static void sweep_overlaps(call_plan *c)
{
    for (int i = 0; i < c->op->count; i++) {
        if (c->place[i] != PLACE_PARTIAL || c->huge) continue;
        void *original = c->ptr[i];
        for (int shift = -4; shift <= 4; shift++) {
            c->ptr[i] = (void *)((uintptr_t)original +
                                 (uintptr_t)((intptr_t)shift * (intptr_t)c->op->arrays[i].elem));
            gelu_status want = expected_status(c);
            if (want == GELU_OK) continue;
            for (int k = 0; k < c->block_count; k++)
                memcpy(c->blocks[k].snapshot, c->blocks[k].mem, c->blocks[k].size);
            gelu_status got = c->op->call((gelu_fn)c->fn, c->ptr, c->a, c->b);
            if (got != want)
                FAIL(c, "%s shifted by %d: status %d, the contract says %d",
                     c->op->arrays[i].name, shift, (int)got, (int)want);
            for (int k = 0; k < c->block_count; k++)
                if (memcmp(c->blocks[k].mem, c->blocks[k].snapshot, c->blocks[k].size) != 0)
                    FAIL(c, "a refused call (%s shifted by %d) wrote block %d",
                         c->op->arrays[i].name, shift, k);
        }
        c->ptr[i] = original;
    }
}

void fuzz_one_input(const fuzz_op *ops, size_t op_count, const uint8_t *data, size_t size)
{
    reader r = {data, size, 0};
    call_plan c;
    memset(&c, 0, sizeof c);
    c.op = &ops[take8(&r) % op_count];
    unsigned f = take8(&r);
    c.fn = f < 0xe0 ? (int)(f % 4) : k_bad_fns[f % 8];
    choose_sizes(&c, &r);
    unsigned cfg = take8(&r);
    c.isa = k_isas[(cfg & 7) % 5];
    c.threads = (int)(cfg >> 3) % 5; /* 0: the default */
    choose_placements(&c, &r);
    if (!allocate(&c, data + r.i, size - r.i)) { release(&c); return; }

    gelu_status want = expected_status(&c);
    int unreal = c.huge, empty = c.op->fused ? c.a == 0 || c.b == 0 : c.a == 0;
    for (int i = 0; i < c.op->count; i++) unreal |= c.place[i] == PLACE_WILD;
    if (want == GELU_OK && unreal && !empty) {
        release(&c); /* arrays that do not exist: calling would be the caller's bug */
        return;
    }

    /* the reference: separate copies, portable kernels, one thread */
    void *ref[FUZZ_MAX_ARRAYS] = {0};
    int have_ref = want == GELU_OK && !unreal && !empty;
    if (have_ref) {
        for (int i = 0; i < c.op->count; i++) {
            ref[i] = malloc(c.bytes[i] ? c.bytes[i] : 1);
            if (ref[i] == NULL) abort();
            if (c.ptr[i] != NULL) memcpy(ref[i], c.ptr[i], c.bytes[i]);
        }
        set_config("scalar", 1);
        gelu_status s = c.op->call((gelu_fn)c.fn, ref, c.a, c.b);
        if (s != GELU_OK) FAIL(&c, "the reference call gave %d", (int)s);
    }

    for (int k = 0; k < c.block_count; k++)
        memcpy(c.blocks[k].snapshot, c.blocks[k].mem, c.blocks[k].size);
    set_config(c.isa, c.threads);
    gelu_status got = c.op->call((gelu_fn)c.fn, c.ptr, c.a, c.b);
    if (got != want) FAIL(&c, "status %d, the contract says %d", (int)got, (int)want);

    for (int k = 0; k < c.block_count; k++) {
        if (got == GELU_OK && !empty) overlay_outputs(&c, k);
        if (memcmp(c.blocks[k].mem, c.blocks[k].snapshot, c.blocks[k].size) != 0)
            FAIL(&c, "block %d written outside the outputs (status %d)", k, (int)got);
    }
    if (have_ref) {
        for (int i = 0; i < c.op->count; i++)
            if (c.op->arrays[i].output && memcmp(ref[i], c.ptr[i], c.bytes[i]) != 0)
                FAIL(&c, "%s differs from the portable kernels' result", c.op->arrays[i].name);
    }
    for (int i = 0; i < c.op->count; i++) free(ref[i]);
    sweep_overlaps(&c);
    release(&c);
}
