// peer_eigen.cpp -- Eigen 3.4's vectorised erf in the GELU formula, as a peer of
// bench_gelu: y = 0.5 x (1 + erf(x / sqrt 2)) on Eigen::ArrayXf (mapped on the benchmark's
// arrays), forward only (Eigen has no GELU; this composition is what users write).
//
// Eigen is header-only, so its speed is the speed of the flags this file is compiled
// with.  bench/CMakeLists.txt compiles it once per instruction set
// (BENCH_EIGEN_VARIANT = default, avx2, avx512), each copy with that ISA's flags; the
// benchmark runs a copy only on a CPU that has its ISA.  Each copy renames namespace Eigen
// (the macro below) so that the copies' template instantiations, compiled for different
// ISAs, cannot be merged by the linker.
#ifndef BENCH_EIGEN_VARIANT
#define BENCH_EIGEN_VARIANT default
#endif
#define BENCH_CAT2(a, b) a##b
#define BENCH_CAT(a, b) BENCH_CAT2(a, b)
#define BENCH_STR2(a) #a
#define BENCH_STR(a) BENCH_STR2(a)
#define Eigen BENCH_CAT(Eigen_bench_, BENCH_EIGEN_VARIANT)

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include <cstdio>

#include "bench.h"
#include "gelu.h"

#define BENCH_EIGEN_PEER BENCH_CAT(bench_peer_eigen_, BENCH_EIGEN_VARIANT)

namespace {

const bench_op kOps[] = {
    {"Eigen erf composition fwd f32 (" BENCH_STR(BENCH_EIGEN_VARIANT) ")", GELU_ERF,
     BENCH_FWD, BENCH_F32},
};

const bench_data *data = nullptr;

bool cpu_has_isa()
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
#if defined(__AVX512F__)
    if (!__builtin_cpu_supports("avx512f")) return false;
#endif
#if defined(__AVX512DQ__)
    if (!__builtin_cpu_supports("avx512dq")) return false;
#endif
#if defined(__AVX2__)
    if (!__builtin_cpu_supports("avx2")) return false;
#endif
#if defined(__FMA__)
    if (!__builtin_cpu_supports("fma")) return false;
#endif
#endif
    return true;
}

int init(char *info, size_t len)
{
    std::snprintf(info, len, "Eigen %d.%d.%d (%s build: %s)", EIGEN_WORLD_VERSION,
                  EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, BENCH_STR(BENCH_EIGEN_VARIANT),
                  Eigen::SimdInstructionSetsInUse());
    if (!cpu_has_isa()) {
        std::snprintf(info, len, "Eigen (%s build): this CPU lacks its ISA",
                      BENCH_STR(BENCH_EIGEN_VARIANT));
        return 1;
    }
    return 0;
}

int setup(const bench_data *d)
{
    data = d;
    return 0;
}

int ready(int op)
{
    return data != nullptr && op == 0;
}

void run(int)
{
    const Eigen::Index n = static_cast<Eigen::Index>(data->n);
    Eigen::Map<const Eigen::ArrayXf> x(data->x, n);
    Eigen::Map<Eigen::ArrayXf> y(data->y, n);
    y = 0.5f * x * (1.0f + (x * 0.70710678118654752f /* 1/sqrt 2 */).erf());
}

void teardown()
{
    data = nullptr;
}

} // namespace

extern "C" const bench_peer BENCH_EIGEN_PEER = {"Eigen", init, setup, ready, run, teardown,
                                                 1,       kOps};
