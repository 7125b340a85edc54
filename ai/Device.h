#pragma once
// Which device inference and training run on. Threads: any.
//
// Only c10's Device header: this header reaches the viewer's UI code through
// Analyzer.h and InferenceEngine.h, and <torch/types.h> alone costs every file
// that includes it about 9 s to compile. torch::Device is c10::Device.

#include <c10/core/Device.h>

#include <string>

namespace radlens::ai {

/// "auto": CUDA when LibTorch sees a GPU, else CPU with every core (LibTorch
/// starts with one intra-op thread). "cuda" without a GPU and any other
/// request throw std::runtime_error with the reason.
c10::Device chooseDevice(const std::string& request);
std::string deviceName(const c10::Device& device);

}  // namespace radlens::ai
