/* cpu.c -- which kernels run: probed once, overridable by GELU_ISA or gelu_set_isa.
 *
 * The architecture's file (isa.h) says which SIMD kernels this CPU runs; the portable
 * "scalar" kernels run everywhere. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gelu.h"
#include "env_warning.h"
#include "isa.h"
#include "kernels.h"
#include "threads.h"

/* Every ISA name the API knows, whether or not this build has its kernels. */
static const char *const known_isa_names[] = {GELU_ISA_NAMES};

static _Atomic(const gelu_kernel_table *) active_table = NULL;

/* The kernels for a known ISA name that this CPU and build can run, else NULL. */
static const gelu_kernel_table *table_for_isa(const char *name)
{
    if (strcmp(name, gelu_scalar_kernels.isa) == 0) return &gelu_scalar_kernels;
    return gelu_arch_kernels(name);
}

static int isa_name_is_known(const char *name)
{
    for (size_t i = 0; i < sizeof known_isa_names / sizeof known_isa_names[0]; i++)
        if (strcmp(name, known_isa_names[i]) == 0) return 1;
    return 0;
}

/* The best kernels this CPU runs. */
static const gelu_kernel_table *probe_best_table(void)
{
    const gelu_kernel_table *t = gelu_arch_best_kernels();
    return t != NULL ? t : &gelu_scalar_kernels;
}

/* The default choice: GELU_ISA if it names a usable ISA, else the probe's.  Found once
 * (gelu_set_isa("auto") uses it again without reading GELU_ISA or warning again). */
static _Atomic(const gelu_kernel_table *) default_choice;

static const gelu_kernel_table *find_default_table(void)
{
    const char *env = getenv("GELU_ISA");
    if (env != NULL && strcmp(env, "auto") != 0) {
        const gelu_kernel_table *t = table_for_isa(env);
        if (t != NULL) return t;
        gelu_env_warning("GELU_ISA", env,
                         isa_name_is_known(env) ? "not supported on this CPU or build"
                                                : "unknown");
    }
    return probe_best_table();
}

static const gelu_kernel_table *default_table(void)
{
    const gelu_kernel_table *t = atomic_load_explicit(&default_choice, memory_order_acquire);
    if (t != NULL) return t;
    /* Two threads may both get here (and both print the line); they find the same table.
     * The line is written with cancellation off: no entry point is a cancellation point
     * (gelu.h section 8), gelu_isa and gelu_set_isa("auto") included. */
    int cancel = gelu_cancel_off();
    t = find_default_table();
    gelu_cancel_restore(cancel);
    atomic_store_explicit(&default_choice, t, memory_order_release);
    return t;
}

const gelu_kernel_table *gelu_active_kernels(void)
{
    const gelu_kernel_table *t = atomic_load_explicit(&active_table, memory_order_acquire);
    if (t != NULL) return t;
    /* Two threads may both get here; they compute the same table and the first wins. */
    const gelu_kernel_table *expected = NULL;
    const gelu_kernel_table *chosen = default_table();
    if (atomic_compare_exchange_strong(&active_table, &expected, chosen)) return chosen;
    return expected;
}

const char *gelu_isa(void) { return gelu_active_kernels()->isa; }

gelu_status gelu_set_isa(const char *name)
{
    if (name == NULL) return GELU_ERR_NULL;
    const gelu_kernel_table *t;
    if (strcmp(name, "auto") == 0) {
        t = default_table();
    } else {
        if (!isa_name_is_known(name)) return GELU_ERR_ARG;
        t = table_for_isa(name);
        if (t == NULL) return GELU_ERR_UNSUPPORTED;
    }
    atomic_store_explicit(&active_table, t, memory_order_release);
    return GELU_OK;
}
