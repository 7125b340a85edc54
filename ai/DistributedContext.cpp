#include "ai/DistributedContext.h"

#include <torch/torch.h>

#include <stdexcept>

#ifdef RADLENS_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace radlens::ai {

double DistributedContext::allreduceMean(double value) {
    std::vector<torch::Tensor> t{torch::tensor({value}, torch::kFloat64)};
    allreduceMean(t);
    return t[0].item<double>();
}

#ifdef RADLENS_HAVE_GLOO

namespace {

class GlooContext : public DistributedContext {
public:
    GlooContext(int rank, int world, c10::intrusive_ptr<c10d::ProcessGroupGloo> group)
        : DistributedContext(rank, world), group_(std::move(group)) {}

    void allreduceMean(std::vector<torch::Tensor>& tensors) override {
        if (tensors.empty()) return;
        // One flat buffer: one collective per step instead of one per tensor.
        std::vector<torch::Tensor> flat;
        for (const torch::Tensor& t : tensors) flat.push_back(t.detach().to(torch::kCPU).flatten());
        std::vector<torch::Tensor> buffer{torch::cat(flat).to(torch::kFloat64)};
        group_->allreduce(buffer)->wait();
        buffer[0].div_(double(worldSize()));
        int64_t at = 0;
        for (torch::Tensor& t : tensors) {
            const int64_t n = t.numel();
            t.copy_(buffer[0].slice(0, at, at + n).view_as(t).to(t.dtype()));
            at += n;
        }
    }

    void barrier() override { group_->barrier()->wait(); }

private:
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group_;
};

}  // namespace

std::shared_ptr<DistributedContext> DistributedContext::connect(int rank, int worldSize,
                                                                const std::string& master,
                                                                int timeoutSeconds) {
    if (worldSize < 1 || rank < 0 || rank >= worldSize)
        throw std::runtime_error("rank must be from 0 to world size - 1");
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
        auto options = c10d::ProcessGroupGloo::Options::create();
        options->timeout = std::chrono::seconds(timeoutSeconds);
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(host));
        auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, worldSize, options);
        return std::make_shared<GlooContext>(rank, worldSize, group);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot join the training group at " + master + ": " + e.what());
    }
}

#else

std::shared_ptr<DistributedContext> DistributedContext::connect(int, int, const std::string&, int) {
    throw std::runtime_error(
        "this build has no Gloo (install libgloo-dev and rebuild) for distributed training");
}

#endif

}  // namespace radlens::ai
