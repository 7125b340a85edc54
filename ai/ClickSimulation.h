#pragma once
// Clicks on a 2D image and the simulated annotator of interactive
// segmentation (the protocol of Xu et al. 2016 that DeepGrow, RITM and the
// NoC@85/90 measure use): the first click at the object's deepest pixel (the
// one farthest from its border), every later click at the deepest pixel of the
// larger error region -- positive in a missed part, negative in an extra one.
// The image border counts as border (a click never lands on the edge of a
// region cut by it).
//
// Masks are (H, W) tensors of bool (or any integer type, non-zero = inside),
// on the CPU. Click coordinates are pixel indices: x the column, y the row.
//
// Threads: any; pure functions. Throws std::invalid_argument for masks that
// are not 2D or differ in size.

#include <torch/types.h>

#include <optional>
#include <random>
#include <utility>
#include <vector>

namespace radlens::ai {

struct Click {
    double x = 0, y = 0;  ///< column, row (pixel centres at whole numbers)
    bool positive = true;
};

class ClickSimulation {
public:
    /// Euclidean distance of every inside pixel to the nearest outside pixel
    /// (pixels beyond the image count as outside); 0 outside. (H, W) float32.
    static torch::Tensor distanceInside(const torch::Tensor& mask);
    /// The first click in `object`: its deepest pixel; with `rng`, a random
    /// pixel at least half as deep (training's variety). None for an empty object.
    static std::optional<Click> firstClick(const torch::Tensor& object,
                                           std::mt19937_64* rng = nullptr);
    /// The next click for a prediction of `object`: the deepest pixel of the
    /// missed or the extra region, whichever is deeper. None when they agree.
    static std::optional<Click> nextClick(const torch::Tensor& predicted,
                                          const torch::Tensor& object);
    /// 4-connected components: (labels (H, W) int32 with 0 outside and
    /// 1..count inside, count).
    static std::pair<torch::Tensor, int> components(const torch::Tensor& mask);
    /// The largest 4-connected component (empty for an empty mask).
    static torch::Tensor largestComponent(const torch::Tensor& mask);
    /// The components of `mask` that contain a positive click, or that overlap
    /// `keep` (empty: none). What a click tool keeps of a prediction.
    static torch::Tensor componentsAt(const torch::Tensor& mask, const std::vector<Click>& clicks,
                                      const torch::Tensor& keep = {});
    /// Overlap measures; two empty masks agree fully (1).
    static double dice(const torch::Tensor& a, const torch::Tensor& b);
    static double iou(const torch::Tensor& a, const torch::Tensor& b);
};

}  // namespace radlens::ai
