#pragma once
// Adam (and AMSGrad) whose update runs as one pass over each parameter on the
// CPU: where torch::optim::Adam reads and writes the parameter-sized tensors
// in about ten separate operations (exp_avg, exp_avg_sq, the maximum, the
// square root, the division, the update), this reads p, grad and the moments
// once and writes them once. For ResNet-50 (25 M parameters) that is most of
// the optimiser's memory traffic, which is memory bound on a CPU.
//
// Same mathematics, same state (AdamParamState: step, exp_avg, exp_avg_sq,
// max_exp_avg_sq) and so the same save()/load() checkpoints as
// torch::optim::Adam; results agree to float rounding (tested against it).
// Parameters that are not dense contiguous float32 on the CPU (CUDA ones)
// take torch::optim::Adam's own step.
//
// Threads: like any torch optimiser, one thread at a time; the update itself
// runs on ATen's intra-op threads.

#include <torch/optim/adam.h>

#include <vector>

namespace radlens::ai {

class FusedAdam : public torch::optim::Adam {
public:
    FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options);
    torch::Tensor step(LossClosure closure = nullptr) override;
    /// Drops every parameter's gradient, as PyTorch's zero_grad(set_to_none=
    /// True) (its default since 2.0): backward then hands over fresh gradients
    /// instead of adding them to zeroed ones, a memory pass less per
    /// parameter. Same values as zero_grad().
    void clearGradients();
};

}  // namespace radlens::ai
