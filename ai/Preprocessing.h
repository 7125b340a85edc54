#pragma once
// The one preprocessing function shared by inference and training, described
// by a bundle's "preprocessing" object:
//   window:   [lo, hi] clip of modality values (CT: [-1500, 500], the reference
//             work), or absent
//   scale:    "none" | "minmax" | "percentile" (0.5th..99.5th percentile to
//             0..1; X-ray grey levels), per image
//   mean, std: (x - mean) / std after the above; when absent, computed per image
//             over the values between its 5th and 95th percentiles (the
//             reference work's statistic, there over the training set)
//   resize:   "stretch" (to the input size) | "letterbox" (keep the aspect
//             ratio, pad with the image's minimum)
// Images are bilinear-resampled (align_corners false); label masks (training)
// nearest-neighbour. One-channel input repeats to three channels when the
// network takes three.
//
// Threads: any; pure functions. Throws std::invalid_argument on bad specs.

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace radlens::ai {

struct Manifest;

struct Preprocessing {
    std::optional<std::pair<double, double>> window;
    std::string scale = "none";
    std::optional<double> mean, std;
    std::string resize = "stretch";
    int height = 224, width = 224, channels = 3;

    static Preprocessing fromManifest(const Manifest& manifest);
    nlohmann::json toJson() const;

    /// (N, 1, H, W) modality values -> (N, channels, height, width) float32.
    torch::Tensor apply(const torch::Tensor& images) const;
    /// Masks (N, 1, H, W) -> (N, 1, height, width), nearest neighbour, same geometry as apply().
    torch::Tensor applyToMask(const torch::Tensor& masks) const;
    /// Network output (N, C, height, width) back onto the original (H, W) grid.
    torch::Tensor restore(const torch::Tensor& output, int64_t H, int64_t W) const;
};

/// (N, C, H, W) resampled to (h, w): bilinear with align_corners false, or
/// nearest neighbour (label masks).
torch::Tensor resampleImage(const torch::Tensor& x, int64_t h, int64_t w, bool nearest);

/// Percentiles `qs` (0..100, ascending) of a tensor's values, as
/// torch::quantile gives them (linear interpolation between order
/// statistics; NaN when a value is NaN), by selection: O(n) per percentile
/// where torch::quantile sorts the whole tensor for each. Any thread.
/// Throws std::invalid_argument for no values or a q outside 0..100.
std::vector<double> percentiles(const torch::Tensor& values, const std::vector<double>& qs);

/// Mean and standard deviation of the values between the 5th and 95th percentile.
std::pair<double, double> robustMeanStd(const torch::Tensor& values);

}  // namespace radlens::ai
