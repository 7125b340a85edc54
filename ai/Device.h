#pragma once
// Which device inference and training run on. Threads: any.

#include <torch/types.h>

#include <string>

namespace radlens::ai {

/// "auto": CUDA when LibTorch sees a GPU, else CPU with every core (LibTorch
/// starts with one intra-op thread). "cuda" without a GPU and any other
/// request throw std::runtime_error with the reason.
torch::Device chooseDevice(const std::string& request);
std::string deviceName(const torch::Device& device);

}  // namespace radlens::ai
