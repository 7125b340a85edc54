#pragma once
// Training losses (the reference work: Dice for segmentation, cross-entropy
// for classification; plus BCE with class weights for multi-label).
//
// Targets:
//   classify multilabel  (N, C) float 0/1
//   classify multiclass  (N) int64 class index
//   segment  multilabel  (N, H, W) int64 label map, 0 background, c+1 = class c
//   segment  multiclass  (N, H, W) int64 class index (0 = background class)
//
// Threads: any; pure functions. Throws std::invalid_argument for an unknown
// loss name or mismatched shapes.

#include <torch/torch.h>

#include <string>

namespace radlens::ai {

/// 1 - mean over channels of (2 sum(p t) + 1) / (sum p + sum t + 1), summed
/// over the batch and pixels. probs and onehot are (N, C, H, W).
torch::Tensor softDiceLoss(const torch::Tensor& probs, const torch::Tensor& onehot);

/// The loss named by `loss` ("dice+bce", "dice+ce", "dice", "bce", "ce") for
/// `mode` ("multilabel" | "multiclass"). `posWeight` (C) weighs positives in
/// BCE (undefined: none): (C) for classification, (1, C, 1, 1) for segmentation.
torch::Tensor trainingLoss(const std::string& loss, const std::string& mode,
                           const torch::Tensor& logits, const torch::Tensor& target,
                           const torch::Tensor& posWeight = {});

/// Segment multilabel target label map (N, H, W) -> (N, C, H, W) float one-hot.
torch::Tensor labelMapToChannels(const torch::Tensor& labels, int64_t classes);

}  // namespace radlens::ai
