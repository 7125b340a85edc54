#include "ai/Device.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace radlens::ai {

torch::Device chooseDevice(const std::string& request) {
    if (request == "cuda") {
        if (!torch::cuda::is_available())
            throw std::runtime_error(
                "CUDA was asked for, but LibTorch sees no CUDA device "
                "(this build of LibTorch may be CPU-only)");
        return torch::Device(torch::kCUDA, 0);
    }
    if (request == "auto" && torch::cuda::is_available()) return torch::Device(torch::kCUDA, 0);
    if (request != "auto" && request != "cpu")
        throw std::runtime_error("device must be auto, cpu or cuda, not " + request);
    // LibTorch starts with one intra-op thread here: use every core.
    at::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
    return torch::Device(torch::kCPU);
}

std::string deviceName(const torch::Device& device) {
    if (device.is_cuda()) return "cuda:" + std::to_string(device.index());
    return "cpu (" + std::to_string(at::get_num_threads()) + " threads)";
}

}  // namespace radlens::ai
