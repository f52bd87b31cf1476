/* progress.c -- the progress line of `gelu verify` (see progress.h). */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int enabled;
static char label_text[48];
static uint64_t total_units;
static atomic_uint_fast64_t done_units;
static atomic_int stop_drawing;
static double start_time;
static pthread_t drawer;
static int drawing;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* "1:05", "1:02:03", or "--:--" while the rate is unknown. */
static void format_eta(char *out, size_t size, double seconds)
{
    if (!(seconds >= 0.0) || seconds > 359999.0) {
        snprintf(out, size, "--:--");
        return;
    }
    int s = (int)(seconds + 0.5);
    if (s >= 3600)
        snprintf(out, size, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(out, size, "%d:%02d", s / 60, s % 60);
}

static void draw(void)
{
    uint64_t done = atomic_load(&done_units);
    if (done > total_units) done = total_units;
    double fraction = total_units ? (double)done / (double)total_units : 1.0;
    double elapsed = now_seconds() - start_time;
    double rate = elapsed > 0.0 ? (double)done / elapsed : 0.0;
    char bar[21];
    int filled = (int)(fraction * 20.0);
    for (int i = 0; i < 20; i++) bar[i] = i < filled ? '#' : '.';
    bar[20] = '\0';
    char eta[48];
    format_eta(eta, sizeof eta, done ? (double)(total_units - done) / rate : -1.0);
    const char *unit = "";
    double shown = rate;
    if (rate >= 1e6) { shown = rate / 1e6; unit = " M"; }
    else if (rate >= 1e3) { shown = rate / 1e3; unit = " k"; }
    /* \033[K: erase the rest of the line (a shorter line leaves nothing behind). */
    fprintf(stderr, "\r%-24s [%s] %5.1f%%  %6.1f%s/s  ETA %s\033[K", label_text, bar,
            100.0 * fraction, shown, unit, eta);
    fflush(stderr);
}

static void *draw_loop(void *unused)
{
    (void)unused;
    const struct timespec quarter = {0, 250000000L};
    while (!atomic_load(&stop_drawing)) {
        draw();
        nanosleep(&quarter, NULL);
    }
    return NULL;
}

void verify_progress_enable(int on) { enabled = on; }

void verify_progress_begin(const char *label, uint64_t total)
{
    if (!enabled) return;
    snprintf(label_text, sizeof label_text, "%s", label);
    total_units = total;
    atomic_store(&done_units, 0);
    atomic_store(&stop_drawing, 0);
    start_time = now_seconds();
    drawing = pthread_create(&drawer, NULL, draw_loop, NULL) == 0;
}

void verify_progress_add(uint64_t done)
{
    if (enabled) atomic_fetch_add(&done_units, done);
}

void verify_progress_end(void)
{
    if (!enabled || !drawing) return;
    atomic_store(&stop_drawing, 1);
    pthread_join(drawer, NULL);
    drawing = 0;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
}
