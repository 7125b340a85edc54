#pragma once
// Interactive segmentation of one 2D image by clicks (the "interactive" task):
// a U-Net whose input has four channels at the network's size S:
//   0  the image (preprocessed values), cropped around the object
//   1  positive clicks, 2  negative clicks: discs of radius max(2, S/40) px
//   3  the previous mask of the object (zeros at the first click)
// and one output channel, the object's logit.
//
// The crop: a square around the positive clicks and the previous mask,
// side = 1.8 x their extent, at least minimumSide() pixels of the image,
// resampled to S (bilinear; the border pixels extend outward). When the
// prediction reaches an edge of the crop inside the image, the crop grows to
// the prediction and the network runs once more. The result is pasted back on
// the image's grid, and only its parts that hold a positive click or overlap
// the previous mask are kept (a click never adds a blob elsewhere). A negative
// click is honoured whatever the network says: its pixel is background in the
// result (so a negative click always takes something away from an answer that
// covered it).
//
// The training batches (InteractiveBatches) use the same crop, guidance and
// input functions, so training and use see the same inputs.
//
// Speed: setSlice() keeps the preprocessed image, so a click costs one or two
// forward passes at S x S whatever the image's size; on the CPU they run on
// the calling thread alone (SingleThreadScope.h says why). The guidance enters at
// the first convolution, so the encoder's features depend on the clicks and
// are not reused between clicks.
//
// Threads: one thread at a time per object (the network is not shared).
// Throws std::invalid_argument for a missing slice or masks of another size.

#include <torch/torch.h>

#include <memory>
#include <vector>

#include "ai/ClickSimulation.h"
#include "ai/Networks.h"

namespace radlens::ai {

/// A square region of an image in pixel-edge coordinates: pixel i spans
/// [i - 0.5, i + 0.5], the crop [x0, x0 + side) x [y0, y0 + side).
struct CropBox {
    double x0 = -0.5, y0 = -0.5, side = 1;
};

class ClickSegmenter {
public:
    static constexpr int kInputChannels = 4;
    static constexpr double kExpansion = 1.8;

    /// `network`: a one-output U-Net with four input channels, in eval mode,
    /// on `device`. `inputSize`: S.
    ClickSegmenter(std::shared_ptr<Network> network, int inputSize, torch::Device device);

    /// The image, already preprocessed: (H, W) float32 on the CPU.
    void setSlice(torch::Tensor image);
    bool hasSlice() const { return image_.defined(); }
    /// The object the clicks describe, refining `previous` ((H, W) or
    /// undefined): (H, W) bool. Empty without a positive click or previous mask.
    torch::Tensor segment(const std::vector<Click>& clicks, const torch::Tensor& previous = {});
    /// One pass on zeros, as segment() runs them: the first click then finds
    /// the kernels chosen and the buffers allocated (on the CPU the first
    /// pass costs several times a later one).
    void warmUp();
    /// Forward passes of the last segment() (1 or 2).
    int lastPasses() const { return passes_; }

    // The pieces shared with training.
    /// max(32, 1/8 of the longer side): the smallest crop.
    static double minimumSide(int64_t height, int64_t width);
    /// The crop around a box [x0, x1] x [y0, y1] (pixel indices, inclusive).
    static CropBox cropAround(double x0, double y0, double x1, double y1, int64_t height,
                              int64_t width, double expansion = kExpansion);
    /// (H, W) -> (S, S): bilinear with the border extended, or nearest with
    /// zeros outside (masks).
    static torch::Tensor resample(const torch::Tensor& plane, const CropBox& crop, int size,
                                  bool nearest);
    /// A click in crop coordinates (pixel indices of the S x S crop).
    static Click toCrop(const Click& click, const CropBox& crop, int size);
    /// (2, S, S): discs for the positive and the negative clicks (crop coordinates).
    static torch::Tensor guidance(const std::vector<Click>& cropClicks, int size);
    /// Stacks image (S, S), guidance (2, S, S) and previous mask (S, S) into (4, S, S).
    static torch::Tensor input(const torch::Tensor& image, const torch::Tensor& guidance,
                               const torch::Tensor& previous);
    /// (S, S) probabilities -> (H, W) bool on the image's grid (false outside the crop).
    static torch::Tensor paste(const torch::Tensor& probability, const CropBox& crop,
                               int64_t height, int64_t width);

private:
    torch::Tensor predict(const std::vector<Click>& clicks, const torch::Tensor& previous,
                          const CropBox& crop);

    std::shared_ptr<Network> network_;
    int size_;
    torch::Device device_;
    torch::Tensor image_;
    int passes_ = 0;
};

}  // namespace radlens::ai
