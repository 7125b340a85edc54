#pragma once
// Data-parallel training across processes or machines with torch c10d over
// TCP (`radlens-cli train --rank R --world-size N --master HOST:PORT`): NCCL
// when training on CUDA and this LibTorch has it (a CUDA PyTorch's), else
// Gloo. Rank 0 hosts the rendezvous store at HOST:PORT.
// Every rank takes its share of each global batch; gradients are averaged
// with an all-reduce after every backward pass, so all ranks keep identical
// weights. Batch-norm statistics stay per process (as PyTorch's DDP without
// SyncBatchNorm); `freeze_batchnorm` makes a run match one process exactly.
// With Gloo, CUDA tensors go through the CPU; NCCL reduces them on the GPUs
// (one GPU per rank: NCCL refuses two ranks on one device).
//
// Threads: one training thread. Throws std::runtime_error when the group
// cannot form (wrong address, a rank missing past the timeout) or when this
// build lacks the backend (RADLENS_HAVE_GLOO / RADLENS_HAVE_NCCL unset).

#include <c10/core/Device.h>
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace radlens::ai {

class DistributedContext {
public:
    /// Joins the group; blocks until all `worldSize` ranks are there or
    /// `timeoutSeconds` pass. `master`: "host:port".
    /// `backend`: "gloo" or "nccl" (see defaultBackend).
    static std::shared_ptr<DistributedContext> connect(int rank, int worldSize,
                                                       const std::string& master,
                                                       const std::string& backend = "gloo",
                                                       int timeoutSeconds = 120);
    /// "nccl" for a CUDA device when this build has NCCL, else "gloo".
    static std::string defaultBackend(const torch::Device& device);
    /// Whether this build has each backend.
    static bool hasGloo();
    static bool hasNccl();
    virtual ~DistributedContext() = default;

    int rank() const { return rank_; }
    int worldSize() const { return worldSize_; }
    virtual std::string backend() const = 0;
    /// Replaces each tensor by its mean over the ranks (in place).
    virtual void allreduceMean(std::vector<torch::Tensor>& tensors) = 0;
    double allreduceMean(double value);
    virtual void barrier() = 0;

protected:
    DistributedContext(int rank, int worldSize) : rank_(rank), worldSize_(worldSize) {}

private:
    int rank_, worldSize_;
};

}  // namespace radlens::ai
