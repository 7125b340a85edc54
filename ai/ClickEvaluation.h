#pragma once
// How many clicks an object takes: the measure of interactive segmentation
// papers. For each object the simulated annotator (ClickSimulation) clicks up
// to `maxClicks` times; after each click the Dice of the answer is recorded.
//   NoC@85 / NoC@90: the clicks until Dice reaches 0.85 / 0.90, maxClicks
//   when it never does (counted as a failure too).
// The baseline, scripted brush strokes: each stroke is one dab of the brush
// at the deepest pixel of the larger error region, painting a missed region
// or erasing an extra one, its radius that pixel's depth but at most
// `brushRadiusPx` (an annotator who never paints over the border and whose
// brush is at most that large).
//
// Threads: any; the segmenter is used by one thread at a time.

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include <vector>

#include "ai/ClickSegmenter.h"

namespace radlens::ai {

class ClickEvaluation {
public:
    /// Dice after clicks 1..maxClicks on `object` ((H, W)) in `image` (the
    /// preprocessed slice, (H, W)); it stops early (repeating the last value)
    /// when the answer is exact.
    static std::vector<double> clickCurve(ClickSegmenter& segmenter, const torch::Tensor& image,
                                          const torch::Tensor& object, int maxClicks);
    /// Dice after strokes 1..maxStrokes of the scripted brush.
    static std::vector<double> brushCurve(const torch::Tensor& object, int maxStrokes,
                                          double brushRadiusPx);
    /// {"objects", "dice_at": {"1", "3", "5"}, "noc85", "noc90", "failures85",
    ///  "failures90", "max_clicks"} over the curves (means).
    static nlohmann::json summarize(const std::vector<std::vector<double>>& curves);
};

}  // namespace radlens::ai
