/* cpu_features_x86.h -- the x86 ISAs libgelu has kernels for, as this CPU and OS allow. */
#ifndef GELU_CPU_FEATURES_X86_H
#define GELU_CPU_FEATURES_X86_H

typedef struct gelu_x86_features {
    int avx2_fma; /* AVX2 and FMA, with AVX state saved by the OS */
    int avx512;   /* AVX-512 F, DQ, BW and VL, with ZMM and opmask state saved by the OS */
} gelu_x86_features;

gelu_x86_features gelu_x86_probe(void);

#endif /* GELU_CPU_FEATURES_X86_H */
