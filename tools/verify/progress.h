/* progress.h -- a progress line on stderr for the long checks of `gelu verify`:
 *   f32 erf forward  [########............]  41.3%  35.2 M/s  ETA 0:42
 * redrawn four times a second by a thread of its own while a check runs, erased when it
 * ends.  Off unless verify_progress_enable(1) (gelu verify turns it on when stderr is a
 * terminal).  verify_progress_add may be called from any thread. */
#ifndef GELU_VERIFY_PROGRESS_H
#define GELU_VERIFY_PROGRESS_H

#include <stdint.h>

void verify_progress_enable(int on);
/* A check named label (copied) of total units (inputs) starts. */
void verify_progress_begin(const char *label, uint64_t total);
/* done more units finished. */
void verify_progress_add(uint64_t done);
/* The check ended: stop redrawing and erase the line. */
void verify_progress_end(void);

#endif
