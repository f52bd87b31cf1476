/* byte_range.h -- the argument checks' view of an array (api.c, fused_api.c): its bytes and
 * its element size, for the size-overflow and overlap rules of gelu.h §3 and §6. */
#ifndef GELU_BYTE_RANGE_H
#define GELU_BYTE_RANGE_H

#include <stddef.h>
#include <stdint.h>

#include "kernels.h"

typedef struct byte_range {
    uintptr_t begin, end;
    size_t elem; /* bytes of an element */
} byte_range;

static inline int gelu_fn_is_valid(gelu_fn f) { return (unsigned)f < GELU_FN_COUNT; }

/* a * b elements of `size` bytes from p: 0 if the count or the bytes overflow, or the range
 * runs past the end of the address space. */
static inline int gelu_make_range(const void *p, size_t a, size_t b, size_t size,
                                  byte_range *r)
{
    if (b != 0 && a > SIZE_MAX / b) return 0;
    size_t count = a * b;
    if (count > SIZE_MAX / size) return 0;
    uintptr_t begin = (uintptr_t)p, bytes = count * size;
    if (bytes > UINTPTR_MAX - begin) return 0;
    r->begin = begin;
    r->end = begin + bytes;
    r->elem = size;
    return 1;
}

/* An output may be exactly an input of the same shape (the same bytes and the same element
 * type: 2 cols of bf16 take the bytes of cols f32 values but are not the same array); any
 * other overlap is a conflict. */
static inline int gelu_ranges_conflict(byte_range out, byte_range other)
{
    if (out.begin == other.begin && out.end == other.end && out.elem == other.elem) return 0;
    return out.begin < other.end && other.begin < out.end;
}

#endif /* GELU_BYTE_RANGE_H */
