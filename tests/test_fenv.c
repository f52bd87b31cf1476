/* test_fenv.c -- the caller's floating-point environment (gelu.h section 3): every entry
 * point gives the default environment's bits in every state, and leaves the state as it
 * found it.
 *
 * States: each rounding mode (fesetround) crossed with the architecture's other controls,
 * set directly in the control register:
 *   x86:     MXCSR FTZ (bit 15), DAZ (bit 6), both, and every exception unmasked (bits 7-12
 *            cleared: a trap inside the library would kill the test with SIGFPE);
 *   AArch64: FPCR FZ (bit 24), DN (default NaN, bit 25), both, FZ16 (bit 19), and the trap
 *            enables (bits 8-12, 15) where the CPU keeps them (run under QEMU by make
 *            cross-aarch64).
 * For each state: every entry point (the table of tests/test_threads_ops.c) on inputs with
 * subnormals, NaN payloads, infinities and tails, at 1 and 2 threads, compared bit for bit
 * with the results computed first in the default environment; then the control register
 * must read exactly as set (the library restored it), and sticky flags raised before the
 * call must still be raised (the library never clears them).
 *
 * Also checks the test bites: in each state with FTZ or DAZ, an ordinary float computation
 * here does flush a subnormal (so the state was really in force during the calls). */
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu.h"
#include "test_threads_ops.h"

#if defined(__x86_64__) || defined(__i386__)
#  include <xmmintrin.h>
#  define FENV_X86 1
#elif defined(__aarch64__)
#  define FENV_ARM 1
#endif

static unsigned long g_checks, g_failures;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        g_checks++;                                                                        \
        if (!(cond)) {                                                                     \
            g_failures++;                                                                  \
            if (g_failures <= 30) {                                                        \
                printf("FAIL %s:%d: ", __FILE__, __LINE__);                                \
                printf(__VA_ARGS__);                                                       \
                printf("\n");                                                              \
            }                                                                              \
        }                                                                                  \
    } while (0)

/* ---- the architecture's control register ----------------------------------------------- */

typedef struct control_state {
    const char *name;
    unsigned long set, clear; /* bits set and cleared in the control register */
    int flushes;              /* 1 when a subnormal product must flush to zero here */
} control_state;

#if FENV_X86
static unsigned long control_read(void) { return _mm_getcsr(); }
static void control_write(unsigned long v) { _mm_setcsr((unsigned)v); }
#  define CONTROL_FLAGS 0x3ful /* sticky flags: the library may raise, never clear */
static const control_state k_states[] = {
    {"default", 0, 0, 0},
    {"FTZ", 0x8000, 0, 1},
    {"DAZ", 0x0040, 0, 1},
    {"FTZ+DAZ", 0x8040, 0, 1},
    {"exceptions unmasked", 0, 0x1f80, 0},
    {"FTZ+DAZ, exceptions unmasked", 0x8040, 0x1f80, 1},
};
#elif FENV_ARM
static unsigned long control_read(void)
{
    uint64_t v;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(v));
    return (unsigned long)v;
}
static void control_write(unsigned long v)
{
    __asm__ __volatile__("msr fpcr, %0" : : "r"((uint64_t)v));
}
#  define CONTROL_FLAGS 0ul /* FPSR holds the flags, not FPCR */
static const control_state k_states[] = {
    {"default", 0, 0, 0},
    {"FZ", 1ul << 24, 0, 1},
    {"DN", 1ul << 25, 0, 0},
    {"FZ+DN", 3ul << 24, 0, 1},
    {"FZ16", 1ul << 19, 0, 0},
    {"traps enabled", 0x9f00, 0, 0},
};
#else
static unsigned long control_read(void) { return 0; }
static void control_write(unsigned long v) { (void)v; }
#  define CONTROL_FLAGS 0ul
static const control_state k_states[] = {{"default", 0, 0, 0}};
#endif

static const struct { int mode; const char *name; } k_modes[] = {
    {FE_TONEAREST, "to nearest"},
#ifdef FE_UPWARD
    {FE_UPWARD, "upward"},
#endif
#ifdef FE_DOWNWARD
    {FE_DOWNWARD, "downward"},
#endif
#ifdef FE_TOWARDZERO
    {FE_TOWARDZERO, "toward zero"},
#endif
};

/* A subnormal times 1 through memory the compiler cannot see: 0 under FTZ or DAZ.  The
 * product goes through a volatile too: the compiler does not know that the control
 * register changes arithmetic, and would otherwise move the multiplication to where its
 * result is used, after the register is restored. */
static volatile float g_subnormal = 0x1p-140f, g_one = 1.0f, g_product;
static int subnormals_flush(void)
{
    g_product = g_subnormal * g_one;
    return g_product == 0.0f;
}

/* ---- inputs ------------------------------------------------------------------------------ */

/* test_arrays_init's values, with every fifth element of the float inputs replaced by a
 * subnormal, a tiny normal or a far-tail value, where FTZ/DAZ or a rounding mode would bite. */
static void add_hard_values(test_arrays *a)
{
    static const float f32[] = {0x1p-149f, -0x1p-149f, 0x1.8p-130f, -0x1.fffffcp-127f,
                                0x1p-126f, -0x1p-126f, -12.5f, -13.9f, -9.25f, 0x1p-30f,
                                -0x1p-30f, -0.7517915f, 30.0f, -3.0f};
    static const double f64[] = {0x1p-1074, -0x1p-1074, -0x1.8p-1030, 0x1p-1022, -0x1p-1022,
                                 -37.5, -38.6, -26.25, -0x1p-60, -0.75179152470222394, 3.5};
    size_t nf = sizeof f32 / sizeof f32[0], nd = sizeof f64 / sizeof f64[0];
    for (size_t i = 0, k = 0; i < 2 * a->n; i += 5, k++) {
        a->x32[i] = f32[k % nf];
        a->dy32[i] = (k / nf) % 2 ? f32[(k + 3) % nf] : 1.0f;
    }
    for (size_t i = 0, k = 0; i < a->n; i += 5, k++) {
        a->x64[i] = f64[k % nd];
        a->dy64[i] = (k / nd) % 2 ? f64[(k + 5) % nd] : 1.0;
    }
    for (size_t c = 0; c < a->cols; c += 7) a->bias32[c] = -0x1p-140f;
}

/* ---- the test -------------------------------------------------------------------------- */

static void run_all(const test_arrays *a, unsigned char *out)
{
    for (size_t k = 0; k < test_op_count; k++)
        (void)test_op_run(k, a, out + test_output_offset(k, a->n));
}

int main(int argc, char **argv)
{
    /* 40,000: at 2 threads every op is split (16,384 elements a part at least) */
    size_t n = argc > 1 && strcmp(argv[1], "--quick") == 0 ? 40000 : 70000;
    test_arrays a;
    test_arrays_init(&a, n, 7u);
    add_hard_values(&a);
    size_t bytes = test_output_bytes(n) * test_op_count;
    unsigned char *ref = malloc(bytes), *got = malloc(bytes);
    if (ref == NULL || got == NULL) { printf("FAIL out of memory\n"); return 1; }

    unsigned long base = control_read();
    CHECK(fegetround() == FE_TONEAREST, "the test starts in the default rounding mode");
    gelu_set_num_threads(1);
    memset(ref, 0x5a, bytes);
    run_all(&a, ref);

    size_t states = sizeof k_states / sizeof k_states[0];
    size_t modes = sizeof k_modes / sizeof k_modes[0];
    unsigned long tried = 0;
    for (size_t s = 0; s < states; s++) {
        for (size_t m = 0; m < modes; m++) {
            for (int threads = 1; threads <= 2; threads++) {
                const control_state *st = &k_states[s];
                gelu_set_num_threads(threads);
                if (fesetround(k_modes[m].mode) != 0) continue;
                /* every sticky flag raised: the library must not clear one */
                unsigned long want = (control_read() & ~st->clear) | st->set | CONTROL_FLAGS;
                control_write(want);
                want = control_read(); /* bits this CPU does not keep read back as 0 */
                if ((want & st->set) != st->set || (want & st->clear) != 0) {
                    control_write(base);
                    fesetround(FE_TONEAREST);
                    if (m == 0 && threads == 1)
                        printf("skipped: %s (this CPU does not keep those bits)\n", st->name);
                    continue;
                }
                int flush = st->flushes ? subnormals_flush() : 0; /* no traps: see k_states */
                memset(got, 0x5a, bytes);
                run_all(&a, got);
                unsigned long after = control_read();
                int mode_after = fegetround();
                control_write(base);
                fesetround(FE_TONEAREST);
                tried++;
                CHECK((after & ~CONTROL_FLAGS) == (want & ~CONTROL_FLAGS),
                      "%s, %s, %d threads: control register 0x%lx left as 0x%lx", st->name,
                      k_modes[m].name, threads, want, after);
                CHECK((after & want & CONTROL_FLAGS) == (want & CONTROL_FLAGS),
                      "%s, %s: sticky flags cleared", st->name, k_modes[m].name);
                CHECK(mode_after == k_modes[m].mode, "%s, %s: rounding mode changed to %d",
                      st->name, k_modes[m].name, mode_after);
                if (st->flushes)
                    CHECK(flush, "%s: a subnormal did not flush (the state was not set)",
                          st->name);
                for (size_t k = 0; k < test_op_count; k++) {
                    size_t off = test_output_offset(k, n);
                    CHECK(memcmp(ref + off, got + off, test_output_bytes(n)) == 0,
                          "%s, %s, %d threads: %s differs from the default environment's",
                          st->name, k_modes[m].name, threads, test_op_name(k));
                }
            }
        }
    }
    gelu_set_num_threads(0);
    test_arrays_free(&a);
    free(ref);
    free(got);
    printf("%s: %lu checks in %lu states, %lu failures\n", g_failures ? "FAIL" : "ok",
           g_checks, tried, g_failures);
    return g_failures != 0;
}
