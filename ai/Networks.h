#pragma once
// The networks, in LibTorch's C++ frontend, with torchvision's parameter names
// (ResNet: conv1, layer1.0.conv1, fc; EfficientNet-B0: features.0.0,
// classifier.1) so torchvision state dicts load unchanged, and U-Nets whose
// decoder follows segmentation_models.pytorch (decoder.blocks.N.conv1.0,
// segmentation_head.0) with the encoder's names under "encoder.".
//
// U-Net skips: ResNet-34 gives the stem (stride 2, 64 ch) and layer1..4
// (64, 128, 256, 512); EfficientNet-B0 gives features.1, .2, .3, .5 and .7
// (16, 24, 40, 112, 320 channels at strides 2..32). Decoder channels 256, 128,
// 64, 32, 16; nearest upsampling; conv-BN-ReLU twice per block.
//
// One-channel input: the first convolution has `inChannels` inputs. ImageNet
// weights (3 channels) are adapted by summing the first convolution's weights
// over the colour channels (WeightLoader does it), which keeps the response to
// a grey image equal to that of the same image repeated in R, G and B.
//
// Stochastic depth (EfficientNet) is not applied in training: it is a no-op in
// evaluation, which is what parity and inference use.
//
// Threads: a network may be used by one thread at a time.

#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ai/Architecture.h"

namespace radlens::ai {

/// Base of every network: logits, and the encoder's multi-scale features.
class Network : public torch::nn::Module {
public:
    /// (N, C, H, W) -> classifiers: (N, classes); segmenters: (N, classes, H, W).
    virtual torch::Tensor forward(torch::Tensor x) = 0;
    /// Encoder feature maps at strides 2, 4, 8, 16, 32.
    virtual std::vector<torch::Tensor> features(torch::Tensor x) = 0;
    /// Classifiers: the logits and the last convolutional activation they are
    /// pooled from (what Grad-CAM weighs). Segmenters throw std::logic_error.
    virtual std::pair<torch::Tensor, torch::Tensor> forwardWithActivation(torch::Tensor x) = 0;

    /// Inference only: folds every batch norm into the convolution before it
    /// (one pass less over each activation). The network then no longer
    /// trains or saves correctly: do it on a loaded copy, after moving it to
    /// its device (folded biases are plain tensors, not registered). Returns how many.
    int foldBatchNorms();
    /// Training: every batch norm normalises with its running statistics and
    /// no longer updates them (call after train(), which undoes it).
    void freezeBatchNorms();
    /// Stores 4-D weights channels-last (faster oneDNN convolutions on CPU).
    void toChannelsLast();
};

/// Throws std::invalid_argument for classes < 1 or inChannels not 1..4 (four:
/// the interactive segmenter's image, clicks and previous mask).
std::shared_ptr<Network> createNetwork(Architecture arch, int classes, int inChannels = 3);

}  // namespace radlens::ai
