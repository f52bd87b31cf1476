#include <stdio.h>
#include <stdlib.h>
#include "proto_derf.h"
int main(void)
{
    enum { C = 1 << 16 };
    static float x[C], a[C], b[C];
    unsigned long long diff = 0;
    for (uint64_t base = 0; base < (1ull << 32); base += C) {
        for (uint32_t i = 0; i < C; i++) { uint32_t u = (uint32_t)(base + i); memcpy(&x[i], &u, 4); }
        proto_derf_scalar(x, a, C);
        size_t n = C - (base >> 16) % 16; /* vary the tail */
        proto_derf_avx512(x, b, n);
        for (size_t i = 0; i < n; i++)
            if (pd_bits32(a[i]) != pd_bits32(b[i])) {
                if (diff++ < 10) printf("diff x=%08x scalar=%08x avx512=%08x\n", pd_bits32(x[i]), pd_bits32(a[i]), pd_bits32(b[i]));
            }
    }
    printf("bit differences: %llu\n", diff);
    return diff != 0;
}
