#pragma once
// Data-parallel training across processes or machines with torch c10d's
// ProcessGroupGloo over TCP (`radlens-cli train --rank R --world-size N
// --master HOST:PORT`). Rank 0 hosts the rendezvous store at HOST:PORT.
// Every rank takes its share of each global batch; gradients are averaged
// with an all-reduce after every backward pass, so all ranks keep identical
// weights. Batch-norm statistics stay per process (as PyTorch's DDP without
// SyncBatchNorm); `freeze_batchnorm` makes a run match one process exactly.
// NCCL for CUDA is not wired yet: CUDA tensors go through Gloo via the CPU.
//
// Threads: one training thread. Throws std::runtime_error when the group
// cannot form (wrong address, a rank missing past the timeout) or when this
// build has no Gloo (RADLENS_HAVE_GLOO unset).

#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace radlens::ai {

class DistributedContext {
public:
    /// Joins the group; blocks until all `worldSize` ranks are there or
    /// `timeoutSeconds` pass. `master`: "host:port".
    static std::shared_ptr<DistributedContext> connect(int rank, int worldSize,
                                                       const std::string& master,
                                                       int timeoutSeconds = 120);
    virtual ~DistributedContext() = default;

    int rank() const { return rank_; }
    int worldSize() const { return worldSize_; }
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
