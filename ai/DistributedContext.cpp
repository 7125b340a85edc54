#include "ai/DistributedContext.h"

#include <torch/torch.h>

#include <stdexcept>

#ifdef RADLENS_HAVE_NCCL
#include <c10/cuda/CUDAFunctions.h>
#endif

#if defined(RADLENS_HAVE_GLOO) || defined(RADLENS_HAVE_NCCL)
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef RADLENS_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef RADLENS_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace radlens::ai {

double DistributedContext::allreduceMean(double value) {
    std::vector<torch::Tensor> t{torch::tensor({value}, torch::kFloat64)};
    allreduceMean(t);
    return t[0].item<double>();
}

bool DistributedContext::hasGloo() {
#ifdef RADLENS_HAVE_GLOO
    return true;
#else
    return false;
#endif
}

bool DistributedContext::hasNccl() {
#ifdef RADLENS_HAVE_NCCL
    return true;
#else
    return false;
#endif
}

std::string DistributedContext::defaultBackend(const torch::Device& device) {
    return device.is_cuda() && hasNccl() ? "nccl" : "gloo";
}

namespace {

/// Averages `tensors` in place through one flat buffer (one collective per
/// step instead of one per tensor) on `device`, with `reduce` summing it.
template <class Reduce>
void flatMean(std::vector<torch::Tensor>& tensors, const torch::Device& device, int world,
              torch::Dtype dtype, Reduce reduce) {
    if (tensors.empty()) return;
    std::vector<torch::Tensor> flat;
    for (const torch::Tensor& t : tensors) flat.push_back(t.detach().to(device).flatten());
    std::vector<torch::Tensor> buffer{torch::cat(flat).to(dtype)};
    reduce(buffer);
    buffer[0].div_(double(world));
    int64_t at = 0;
    for (torch::Tensor& t : tensors) {
        const int64_t n = t.numel();
        t.copy_(buffer[0].slice(0, at, at + n).view_as(t).to(t.device(), t.scalar_type()));
        at += n;
    }
}

}  // namespace

#if defined(RADLENS_HAVE_GLOO) || defined(RADLENS_HAVE_NCCL)

namespace {

#ifdef RADLENS_HAVE_GLOO
class GlooContext : public DistributedContext {
public:
    GlooContext(int rank, int world, c10::intrusive_ptr<c10d::ProcessGroupGloo> group)
        : DistributedContext(rank, world), group_(std::move(group)) {}
    std::string backend() const override { return "gloo"; }
    void allreduceMean(std::vector<torch::Tensor>& tensors) override {
        flatMean(tensors, torch::kCPU, worldSize(), torch::kFloat64,
                 [&](std::vector<torch::Tensor>& b) { group_->allreduce(b)->wait(); });
    }
    void barrier() override { group_->barrier()->wait(); }

private:
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group_;
};
#endif

#ifdef RADLENS_HAVE_NCCL
class NcclContext : public DistributedContext {
public:
    NcclContext(int rank, int world, c10::intrusive_ptr<c10d::ProcessGroupNCCL> group)
        : DistributedContext(rank, world), group_(std::move(group)) {}
    std::string backend() const override { return "nccl"; }
    void allreduceMean(std::vector<torch::Tensor>& tensors) override {
        // On this rank's GPU, in float32 (what the gradients are).
        const torch::Device device(torch::kCUDA, c10::cuda::current_device());
        flatMean(tensors, device, worldSize(), torch::kFloat32,
                 [&](std::vector<torch::Tensor>& b) { group_->allreduce(b)->wait(); });
    }
    void barrier() override { group_->barrier()->wait(); }

private:
    c10::intrusive_ptr<c10d::ProcessGroupNCCL> group_;
};
#endif

}  // namespace

std::shared_ptr<DistributedContext> DistributedContext::connect(int rank, int worldSize,
                                                                const std::string& master,
                                                                const std::string& backend,
                                                                int timeoutSeconds) {
    if (worldSize < 1 || rank < 0 || rank >= worldSize)
        throw std::runtime_error("rank must be from 0 to world size - 1");
    if (backend != "gloo" && backend != "nccl")
        throw std::runtime_error("unknown distributed backend " + backend + " (gloo or nccl)");
    if ((backend == "gloo" && !hasGloo()) || (backend == "nccl" && !hasNccl()))
        throw std::runtime_error("this build has no " + backend + " for distributed training");
    const auto colon = master.rfind(':');
    if (colon == std::string::npos)
        throw std::runtime_error("--master must be HOST:PORT, not " + master);
    const std::string host = master.substr(0, colon);
    int port = 0;
    try {
        port = std::stoi(master.substr(colon + 1));
    } catch (const std::exception&) {
    }
    if (port <= 0 || port > 65535)
        throw std::runtime_error("--master has no valid port: " + master);
    try {
        c10d::TCPStoreOptions opts;
        opts.port = std::uint16_t(port);
        opts.isServer = rank == 0;
        opts.numWorkers = std::size_t(worldSize);
        opts.waitWorkers = true;
        opts.timeout = std::chrono::seconds(timeoutSeconds);
        auto store = c10::make_intrusive<c10d::TCPStore>(host, opts);
#ifdef RADLENS_HAVE_NCCL
        if (backend == "nccl") {
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = std::chrono::seconds(timeoutSeconds);
            auto group =
                c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, worldSize, options);
            return std::make_shared<NcclContext>(rank, worldSize, group);
        }
#endif
#ifdef RADLENS_HAVE_GLOO
        auto options = c10d::ProcessGroupGloo::Options::create();
        options->timeout = std::chrono::seconds(timeoutSeconds);
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(host));
        auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, worldSize, options);
        return std::make_shared<GlooContext>(rank, worldSize, group);
#else
        throw std::runtime_error("this build has no gloo");
#endif
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot join the training group at " + master + ": " + e.what());
    }
}

#else

std::shared_ptr<DistributedContext> DistributedContext::connect(int, int, const std::string&,
                                                                const std::string& backend, int) {
    throw std::runtime_error("this build has no " + backend +
                             " (install libgloo-dev and rebuild) for distributed training");
}

#endif

}  // namespace radlens::ai
