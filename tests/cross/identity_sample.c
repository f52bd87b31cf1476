/* identity_sample.c -- digests of libgelu's results on a fixed sample of inputs, for
 * comparing two builds bit for bit (x86 against aarch64 under QEMU: tests/cross/compare.sh).
 *
 *   identity_sample [--isa NAME] [--only SET]           one digest line per block, stdout
 *   identity_sample [--isa NAME] --dump SET BLOCK       the block's inputs and outputs
 *   identity_sample [--isa NAME] --print-isa            the ISA the results come from
 *
 * The results come from the public API, with the default ISA unless --isa names one.
 * A "set" is a type, a form and a direction, written f32-erf-forward, f64-relu-backward,
 * ...; a block is 65,536 consecutive sample inputs of one set.
 *
 *   f32: 2^24 + 2^20 inputs, 272 blocks.  Blocks 0-255: input i (0 <= i < 2^24) has the
 *        bit pattern i << 8 | (8 hashed bits): every 256th pattern, so every sign and
 *        exponent, NaNs (quiet and signalling, with payloads), infinities, zeros and
 *        subnormals included, each with scattered low mantissa bits.  Block b holds the
 *        patterns whose top byte is b.  Blocks 256-271, dense where the float kernels
 *        switch pieces and paths: 256-263 uniform in [-14, 14) (step 2^-19), 264-271
 *        uniform in [-4.25, 4.25) (step 2^-21); block 256 starts with the 32 floats
 *        around each of +-0.125, 0.25, 0.375, 0.5, 1, 1.125, 2, 3.5, 3.875 - 2^-22, 3.875,
 *        4, 4.125, 12, 13, 15 and 70 (the kernels' range ends).
 *   f64: 2^20 inputs, 16 blocks: blocks 0-7 spread the same way over every bit pattern
 *        (i << 45 | 45 hashed bits), blocks 8-11 uniform in [-40, 40), blocks 12-15
 *        uniform in [-6, 6) (where the kernels switch between polynomials).
 *   f32cr (gelu_forward_cr_f32): the f32 inputs.
 *   bf16, f16: forward, one block of all 65,536 patterns; backward, 16 blocks pairing every
 *        pattern x with a hashed pattern dy (NaN, inf, subnormals included).
 *   backward: dy is 1 for even indices (so dx is f'(x) itself), a hashed bit pattern (any
 *        value: NaN, inf, subnormal, ...) for indices 1 mod 4, and a hashed value of
 *        magnitude in [2^-7, 2^9) with either sign for indices 3 mod 4.
 *   Even blocks go to the library in one call of 65,536; odd blocks in pieces of hashed
 *   lengths 1 to 4,096, so vector tails and every alignment are exercised too.
 *
 * Digest line: "<set> <block> <hash>", the hash a 64-bit fold of the output bits in order
 * (one differing output always changes it).  Dump line, one per element:
 * "<index in block> <x bits> <dy bits> <output bits> <x as %a>" (dy "-" for forward).
 *
 * GELU_IDENTITY_FLIP=<set>:<block>:<index> flips the lowest bit of that one output after
 * the library computed it: a deliberately wrong result, to show that the comparison
 * catches one bit and points at the input (see tests/cross/README.md).
 *
 * Exit status: 0, or 1 on a library error or bad arguments.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu.h"
#include "gelu_kernel_list.h"

#define BLOCK        65536u
#define F32_BLOCKS   272u           /* 2^24 inputs over all bit patterns, 2^20 dense ones */
#define F32_SPREAD   256u           /* the blocks over all bit patterns */
#define F64_BLOCKS   16u            /* 2^20 inputs */
#define MAX_PIECE    4096u

static const char *const fn_names[4] = {GELU_FORM_NAMES};
static const gelu_fn fn_values[4] = { GELU_ERF, GELU_TANH, GELU_SIGMOID, GELU_RELU };

/* A set: type (0 f32, 1 f64, 2 f32 correctly rounded (forward only), 3 bf16, 4 f16), form,
 * direction (0 forward, 1 backward). */
enum { T_F32, T_F64, T_CR, T_BF16, T_F16, N_TYPES };
static const char *const type_names[N_TYPES] = { "f32", "f64", "f32cr", "bf16", "f16" };
#define HALF_BACKWARD_BLOCKS 16u
typedef struct { int type, fn, backward; } set_t;

static int same_set(set_t a, set_t b)
{
    return a.type == b.type && a.fn == b.fn && a.backward == b.backward;
}

static void set_name(set_t s, char *buf, size_t size)
{
    snprintf(buf, size, "%s-%s-%s", type_names[s.type], fn_names[s.fn],
             s.backward ? "backward" : "forward");
}

static int parse_set(const char *text, set_t *s)
{
    char buf[64];
    for (int type = 0; type < N_TYPES; type++)
        for (int fn = 0; fn < 4; fn++)
            for (int bw = 0; bw < (type == T_CR ? 1 : 2); bw++) {
                set_t t = { type, fn, bw };
                set_name(t, buf, sizeof buf);
                if (strcmp(buf, text) == 0) {
                    *s = t;
                    return 1;
                }
            }
    return 0;
}

/* splitmix64's finaliser: a fixed, portable hash of an index. */
static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static float f32_from_bits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint32_t f32_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double f64_from_bits(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static uint64_t f64_bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

/* --- inputs ------------------------------------------------------------------------ */

/* The range ends of the float kernels' paths (block 256 starts with the floats around them). */
static const float f32_edges[16] = {
    0.125f, 0.25f, 0.375f, 0.5f, 1.0f, 1.125f, 2.0f, 3.5f,
    0x1.effffep1f, 3.875f, 4.0f, 4.125f, 12.0f, 13.0f, 15.0f, 70.0f,
};

/* Dense input j of block b >= F32_SPREAD, h a hash: k 2^-e with |k| < 2^24, exact. */
static float f32_dense(unsigned block, uint32_t j, uint64_t h)
{
    if (block == F32_SPREAD && j < 1024) { /* edge j / 64, sign bit 5, offset -16..15 ulp */
        uint32_t e = f32_bits(f32_edges[j >> 6]) + (j & 31) - 16;
        return f32_from_bits(e | (j & 32u) << 26);
    }
    if (block < F32_SPREAD + 8) /* k uniform in [-14 * 2^19, 14 * 2^19) */
        return (float)((int32_t)((h >> 11) % (28u << 19)) - (int32_t)(14u << 19)) * 0x1p-19f;
    /* k uniform in [-4.25 * 2^21, 4.25 * 2^21) */
    return (float)((int32_t)((h >> 11) % (17u << 20)) - (int32_t)(17u << 19)) * 0x1p-21f;
}

static void f32_inputs(unsigned block, float *x, float *dy)
{
    for (uint32_t j = 0; j < BLOCK; j++) {
        uint32_t i = block * BLOCK + j;
        uint64_t h = mix64(i);
        x[j] = block < F32_SPREAD ? f32_from_bits(i << 8 | (uint32_t)(h & 0xff))
                                  : f32_dense(block, j, h);
        uint32_t hb = (uint32_t)(h >> 32);
        if ((j & 1) == 0)
            dy[j] = 1.0f;
        else if ((j & 3) == 1)
            dy[j] = f32_from_bits(hb);
        else  /* sign, exponent 120..135 (magnitude in [2^-7, 2^9)), mantissa: hashed */
            dy[j] = f32_from_bits((hb & 0x80000000u) | (120u + (hb >> 23 & 15u)) << 23
                                  | (hb & 0x7fffffu));
    }
}

static void f64_inputs(unsigned block, double *x, double *dy)
{
    for (uint32_t j = 0; j < BLOCK; j++) {
        uint64_t i = (uint64_t)block * BLOCK + j;
        uint64_t h = mix64(i ^ 0x5151515151515151ull);
        /* k * 2^-e with |k| < 2^53 is exact: the inputs cannot depend on how the compiler
         * contracts or rounds (no a + b * c here). */
        if (block < 8)
            x[j] = f64_from_bits(i << 45 | (h & ((1ull << 45) - 1)));
        else if (block < 12)  /* k uniform in [-40 * 2^47, 40 * 2^47) */
            x[j] = (double)((int64_t)((h >> 11) % (80ull << 47)) - (int64_t)(40ull << 47)) * 0x1p-47;
        else                  /* k uniform in [-6 * 2^49, 6 * 2^49) */
            x[j] = (double)((int64_t)((h >> 11) % (12ull << 49)) - (int64_t)(6ull << 49)) * 0x1p-49;
        uint64_t hb = mix64(h);
        if ((j & 1) == 0)
            dy[j] = 1.0;
        else if ((j & 3) == 1)
            dy[j] = f64_from_bits(hb);
        else
            dy[j] = f64_from_bits((hb & 0x8000000000000000ull)
                                  | (1016ull + (hb >> 52 & 15u)) << 52
                                  | (hb & 0xfffffffffffffull));
    }
}

/* bf16/f16: forward, one block of all 65,536 patterns; backward, block b pairs pattern j
 * with a hashed pattern dy (any value). */
static void half_inputs(unsigned block, int backward, uint16_t *x, uint16_t *dy)
{
    for (uint32_t j = 0; j < BLOCK; j++) {
        x[j] = (uint16_t)j;
        dy[j] = backward ? (uint16_t)mix64((uint64_t)block * BLOCK + j + 0x1234567ull) : 0;
    }
}

static unsigned blocks_of(set_t s)
{
    if (s.type == T_F32 || s.type == T_CR) return F32_BLOCKS;
    if (s.type == T_F64) return F64_BLOCKS;
    return s.backward ? HALF_BACKWARD_BLOCKS : 1u;
}

static size_t elem_size(set_t s)
{
    return s.type == T_F64 ? 8 : s.type >= T_BF16 ? 2 : 4;
}

/* --- computing a block ------------------------------------------------------------- */

static int call(set_t s, const void *x, const void *dy, void *y, size_t off, size_t n)
{
    gelu_fn f = fn_values[s.fn];
    gelu_status st;
    if (s.type == T_F32 || s.type == T_CR) {
        const float *xf = (const float *)x + off, *dyf = (const float *)dy + off;
        float *yf = (float *)y + off;
        st = s.type == T_CR ? gelu_forward_cr_f32(f, xf, yf, n)
             : s.backward   ? gelu_backward_f32(f, xf, dyf, yf, n)
                            : gelu_forward_f32(f, xf, yf, n);
    } else if (s.type >= T_BF16) {
        const uint16_t *xh = (const uint16_t *)x + off, *dyh = (const uint16_t *)dy + off;
        uint16_t *yh = (uint16_t *)y + off;
        if (s.type == T_BF16)
            st = s.backward ? gelu_backward_bf16(f, xh, dyh, yh, n) : gelu_forward_bf16(f, xh, yh, n);
        else
            st = s.backward ? gelu_backward_f16(f, xh, dyh, yh, n) : gelu_forward_f16(f, xh, yh, n);
    } else {
        const double *xd = (const double *)x + off, *dyd = (const double *)dy + off;
        double *yd = (double *)y + off;
        st = s.backward ? gelu_backward_f64(f, xd, dyd, yd, n) : gelu_forward_f64(f, xd, yd, n);
    }
    if (st != GELU_OK) {
        char name[64];
        set_name(s, name, sizeof name);
        fprintf(stderr, "identity_sample: %s: %s\n", name, gelu_status_string(st));
        return 0;
    }
    return 1;
}

/* The fault injection of GELU_IDENTITY_FLIP (see the top of the file). */
static int g_flip_on;
static set_t g_flip_set;
static unsigned g_flip_block, g_flip_index;

static int compute_block(set_t s, unsigned block, void *x, void *dy, void *y)
{
    if (s.type == T_F32 || s.type == T_CR)
        f32_inputs(block, x, dy);
    else if (s.type == T_F64)
        f64_inputs(block, x, dy);
    else
        half_inputs(block, s.backward, x, dy);
    if (block % 2 == 0) {
        if (!call(s, x, dy, y, 0, BLOCK))
            return 0;
    } else {
        size_t off = 0;
        for (uint64_t k = 0; off < BLOCK; k++) {
            size_t n = 1 + (size_t)(mix64(block * 1000003ull + k) % MAX_PIECE);
            if (n > BLOCK - off)
                n = BLOCK - off;
            if (!call(s, x, dy, y, off, n))
                return 0;
            off += n;
        }
    }
    if (g_flip_on && same_set(s, g_flip_set) && block == g_flip_block) {
        if (elem_size(s) == 4)
            ((uint32_t *)y)[g_flip_index] ^= 1u;
        else if (elem_size(s) == 2)
            ((uint16_t *)y)[g_flip_index] ^= 1u;
        else
            ((uint64_t *)y)[g_flip_index] ^= 1u;
    }
    return 1;
}

static uint64_t digest(set_t s, unsigned block, const void *y)
{
    uint64_t h = mix64(0x6a09e667f3bcc909ull ^ block);
    for (uint32_t j = 0; j < BLOCK; j++) {
        uint64_t w;
        if (elem_size(s) == 4)
            w = f32_bits(((const float *)y)[j]);
        else if (elem_size(s) == 2)
            w = ((const uint16_t *)y)[j];
        else
            w = f64_bits(((const double *)y)[j]);
        h = (h ^ w) * 0x100000001b3ull;   /* bijective in h for each w */
        h ^= h >> 29;
    }
    return mix64(h);
}

static void dump_block(set_t s, const void *x, const void *dy, const void *y)
{
    for (uint32_t j = 0; j < BLOCK; j++) {
        if (elem_size(s) == 2) {
            printf("%5" PRIu32 " %04x", j, ((const uint16_t *)x)[j]);
            if (s.backward)
                printf(" %04x", ((const uint16_t *)dy)[j]);
            else
                printf(" -");
            printf(" %04x\n", ((const uint16_t *)y)[j]);
        } else if (elem_size(s) == 4) {
            float xv = ((const float *)x)[j];
            printf("%5" PRIu32 " %08" PRIx32, j, f32_bits(xv));
            if (s.backward)
                printf(" %08" PRIx32, f32_bits(((const float *)dy)[j]));
            else
                printf(" -");
            printf(" %08" PRIx32 " %a\n", f32_bits(((const float *)y)[j]), (double)xv);
        } else {
            double xv = ((const double *)x)[j];
            printf("%5" PRIu32 " %016" PRIx64, j, f64_bits(xv));
            if (s.backward)
                printf(" %016" PRIx64, f64_bits(((const double *)dy)[j]));
            else
                printf(" -");
            printf(" %016" PRIx64 " %a\n", f64_bits(((const double *)y)[j]), xv);
        }
    }
}

static int usage(void)
{
    fprintf(stderr,
            "usage: identity_sample [--isa NAME] [--only SET]\n"
            "       identity_sample [--isa NAME] --dump SET BLOCK\n"
            "       identity_sample [--isa NAME] --print-isa\n"
            "SET: f32|f64 - erf|tanh|sigmoid|relu - forward|backward, e.g. f32-erf-forward\n");
    return 1;
}

static int parse_block(const char *text, set_t s, unsigned *block)
{
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    unsigned nblocks = blocks_of(s);
    if (end == text || *end != '\0' || v >= nblocks)
        return 0;
    *block = (unsigned)v;
    return 1;
}

int main(int argc, char **argv)
{
    const char *isa = NULL;
    int dump = 0, only = 0, print_isa = 0;
    set_t the_set = { 0, 0, 0 };
    unsigned the_block = 0;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--isa") == 0 && a + 1 < argc) {
            isa = argv[++a];
        } else if (strcmp(argv[a], "--print-isa") == 0) {
            print_isa = 1;
        } else if (strcmp(argv[a], "--only") == 0 && a + 1 < argc) {
            if (!parse_set(argv[++a], &the_set))
                return usage();
            only = 1;
        } else if (strcmp(argv[a], "--dump") == 0 && a + 2 < argc) {
            if (!parse_set(argv[a + 1], &the_set) || !parse_block(argv[a + 2], the_set, &the_block))
                return usage();
            dump = 1;
            a += 2;
        } else {
            return usage();
        }
    }
    if (isa) {
        gelu_status st = gelu_set_isa(isa);
        if (st != GELU_OK) {
            fprintf(stderr, "identity_sample: --isa %s: %s\n", isa, gelu_status_string(st));
            return 1;
        }
    }
    if (print_isa) {
        printf("%s\n", gelu_isa());
        return fflush(stdout) == 0 ? 0 : 1;
    }
    const char *flip = getenv("GELU_IDENTITY_FLIP");
    if (flip && *flip) {
        char name[64];
        if (sscanf(flip, "%63[^:]:%u:%u", name, &g_flip_block, &g_flip_index) != 3
            || !parse_set(name, &g_flip_set) || g_flip_index >= BLOCK) {
            fprintf(stderr, "identity_sample: bad GELU_IDENTITY_FLIP=%s "
                            "(want SET:BLOCK:INDEX)\n", flip);
            return 1;
        }
        g_flip_on = 1;
        fprintf(stderr, "identity_sample: GELU_IDENTITY_FLIP: flipping one output bit "
                        "(%s block %u index %u)\n", name, g_flip_block, g_flip_index);
    }

    /* Room for a block of doubles in each array (malloc: suitably aligned for both). */
    void *x = malloc(BLOCK * sizeof(double));
    void *dy = malloc(BLOCK * sizeof(double));
    void *y = malloc(BLOCK * sizeof(double));
    if (!x || !dy || !y) {
        fprintf(stderr, "identity_sample: out of memory\n");
        return 1;
    }

    int ok = 1;
    if (dump) {
        ok = compute_block(the_set, the_block, x, dy, y);
        if (ok)
            dump_block(the_set, x, dy, y);
    } else {
        fprintf(stderr, "identity_sample: isa %s; f32: 2^24 + 2^20 inputs, f64: 2^20, "
                        "every form, forward and backward; f32 correctly rounded forward "
                        "on the f32 inputs; bf16 and f16: every input forward, 2^20 pairs "
                        "backward\n", gelu_isa());
        for (int type = 0; type < N_TYPES && ok; type++)
            for (int fn = 0; fn < 4 && ok; fn++)
                for (int bw = 0; bw < (type == T_CR ? 1 : 2) && ok; bw++) {
                    set_t s = { type, fn, bw };
                    if (only && !same_set(s, the_set))
                        continue;
                    char name[64];
                    set_name(s, name, sizeof name);
                    unsigned nblocks = blocks_of(s);
                    for (unsigned b = 0; b < nblocks && ok; b++) {
                        ok = compute_block(s, b, x, dy, y);
                        if (ok)
                            printf("%s %03u %016" PRIx64 "\n", name, b, digest(s, b, y));
                    }
                }
    }
    free(x);
    free(dy);
    free(y);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "identity_sample: write error on stdout\n");
        return 1;
    }
    return ok ? 0 : 1;
}
