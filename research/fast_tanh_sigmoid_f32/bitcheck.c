#include <stdio.h>
#include <stdlib.h>
#include "proto_ts.h"
int main(int argc, char **argv)
{
    int sig = argc > 1 && strcmp(argv[1], "sigmoid") == 0;
    void (*ks)(const float *, float *, size_t) = sig ? proto_sigmoid_scalar : proto_tanh_scalar;
    void (*kv)(const float *, float *, size_t) = sig ? proto_sigmoid_avx512 : proto_tanh_avx512;
    enum { C = 1 << 16 };
    static float x[C], a[C], b[C];
    unsigned long long diff = 0;
    for (uint64_t base = 0; base < (1ull << 32); base += C) {
        for (uint32_t i = 0; i < C; i++) { uint32_t u = (uint32_t)(base + i); memcpy(&x[i], &u, 4); }
        ks(x, a, C);
        size_t n = C - (base >> 16) % 16; /* vary the tail */
        kv(x, b, n);
        for (size_t i = 0; i < n; i++)
            if (pt_bits32(a[i]) != pt_bits32(b[i])) {
                if (diff++ < 10) printf("diff x=%08x scalar=%08x avx512=%08x\n", pt_bits32(x[i]), pt_bits32(a[i]), pt_bits32(b[i]));
            }
    }
    printf("%s: bit differences: %llu\n", sig ? "sigmoid" : "tanh", diff);
    return diff != 0;
}
