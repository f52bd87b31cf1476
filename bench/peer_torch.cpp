// peer_torch.cpp -- PyTorch (libtorch's ATen, C++) as a peer of bench_gelu:
// at::gelu_out and at::gelu_backward_out with approximate "none" and "tanh", f32, one
// thread (at::set_num_threads(1)), once as PyTorch runs by default (its GELU goes through
// oneDNN where it is built with it) and once with oneDNN disabled
// (at::globalContext().setUserEnabledMkldnn(false)), which runs ATen's own vectorised
// kernel.  The tensors wrap the benchmark's arrays (at::from_blob): nothing is copied.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#if defined(__has_include)
#if __has_include(<torch/csrc/api/include/torch/version.h>)
#include <torch/csrc/api/include/torch/version.h>
#endif
#endif
#ifndef TORCH_VERSION
#define TORCH_VERSION "(version unknown)"
#endif

#include <cstdio>
#include <cstdint>
#include <exception>

#include "bench.h"
#include "gelu.h"

namespace {

const bench_op kOps[] = {
    {"PyTorch gelu fwd f32", GELU_ERF, BENCH_FWD, BENCH_F32},
    {"PyTorch gelu bwd f32", GELU_ERF, BENCH_BWD, BENCH_F32},
    {"PyTorch gelu tanh fwd f32", GELU_TANH, BENCH_FWD, BENCH_F32},
    {"PyTorch gelu tanh bwd f32", GELU_TANH, BENCH_BWD, BENCH_F32},
    {"PyTorch -mkldnn gelu fwd f32", GELU_ERF, BENCH_FWD, BENCH_F32},
    {"PyTorch -mkldnn gelu bwd f32", GELU_ERF, BENCH_BWD, BENCH_F32},
    {"PyTorch -mkldnn gelu tanh fwd f32", GELU_TANH, BENCH_FWD, BENCH_F32},
    {"PyTorch -mkldnn gelu tanh bwd f32", GELU_TANH, BENCH_BWD, BENCH_F32},
    {"PyTorch gelu fwd bf16", GELU_ERF, BENCH_FWD, BENCH_BF16},
    {"PyTorch gelu bwd bf16", GELU_ERF, BENCH_BWD, BENCH_BF16},
    {"PyTorch gelu tanh fwd bf16", GELU_TANH, BENCH_FWD, BENCH_BF16},
    {"PyTorch gelu tanh bwd bf16", GELU_TANH, BENCH_BWD, BENCH_BF16},
};
constexpr int kNops = static_cast<int>(sizeof kOps / sizeof kOps[0]);

at::Tensor x, dy, y, xb, dyb, yb; // f32 views of the arrays; bf16 copies
bool ready_now = false;

int init(char *info, size_t len)
{
    try {
        at::set_num_threads(1);
        std::snprintf(info, len, "PyTorch %s (libtorch ATen, %d thread, oneDNN %s)",
                      TORCH_VERSION, at::get_num_threads(),
                      at::hasMKLDNN() ? "built in" : "not built in");
        return 0;
    } catch (const std::exception &e) {
        std::snprintf(info, len, "PyTorch: %s", e.what());
        return 1;
    }
}

int setup(const bench_data *d)
{
    try {
        auto opts = at::TensorOptions().dtype(at::kFloat);
        const int64_t n = static_cast<int64_t>(d->n);
        // from_blob wants void *; nothing writes x or dy.
        x = at::from_blob(reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(d->x)), {n},
                          opts);
        dy = at::from_blob(reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(d->dy)),
                           {n}, opts);
        y = at::from_blob(d->y, {n}, opts);
        xb = x.to(at::kBFloat16);
        dyb = dy.to(at::kBFloat16);
        yb = at::empty({n}, at::TensorOptions().dtype(at::kBFloat16));
        ready_now = true;
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_gelu: PyTorch setup: %s\n", e.what());
        return 1;
    }
}

int ready(int op)
{
    return ready_now && op >= 0 && op < kNops;
}

void run(int op)
{
    const bool mkldnn = op < 4 || op >= 8;
    const bool bf16 = op >= 8;
    const char *approximate = (op & 2) ? "tanh" : "none";
    if (at::globalContext().userEnabledMkldnn() != mkldnn)
        at::globalContext().setUserEnabledMkldnn(mkldnn);
    if (op & 1)
        at::gelu_backward_out(bf16 ? yb : y, bf16 ? dyb : dy, bf16 ? xb : x, approximate);
    else
        at::gelu_out(bf16 ? yb : y, bf16 ? xb : x, approximate);
}

void teardown()
{
    x = at::Tensor();
    dy = at::Tensor();
    y = at::Tensor();
    xb = at::Tensor();
    dyb = at::Tensor();
    yb = at::Tensor();
    ready_now = false;
    at::globalContext().setUserEnabledMkldnn(true);
}

} // namespace

extern "C" const bench_peer bench_peer_torch = {"PyTorch", init,     setup, ready,
                                                 run,       teardown, kNops, kOps};
