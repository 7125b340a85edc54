#pragma once
// Click to segment on a series: an interactive bundle (task "interactive",
// ClickSegmenter.h) on one plane of a volume. The plane is the one a slice
// view shows: index axis `axis` fixed (0 sagittal, 1 coronal, 2 axial), its
// in-plane axes (u, v) = (1, 2), (0, 2), (0, 1) as imaging::LabelTools has
// them; 2D tensors are (v, u), and a click's x is u, its y is v.
//
// setPlane() preprocesses the plane once (the bundle's window, scale, mean
// and std at the plane's own size); each segment() then costs one or two
// forward passes at the bundle's input size.
//
// Threads: one thread at a time (the model's network is not shared).
// Throws std::runtime_error for a bundle that is not interactive or a plane
// outside the volume; std::invalid_argument for masks of another size.

#include <torch/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ai/Analyzer.h"
#include "ai/ClickSegmenter.h"
#include "imaging/Volume.h"

namespace radlens::ai {

class InteractiveSegmentation {
public:
    /// `model`: LoadedModel::load of an interactive bundle.
    explicit InteractiveSegmentation(std::shared_ptr<LoadedModel> model);

    const LoadedModel& model() const { return *model_; }
    /// Preprocesses plane `index` along `axis` of `volume` (grey or colour).
    void setPlane(const imaging::Volume& volume, int axis, int index);
    /// The object of the clicks (plane coordinates), refining `previous`
    /// ((v, u) or undefined): (v, u) bool.
    torch::Tensor segment(const std::vector<Click>& clicks, const torch::Tensor& previous = {});
    /// Milliseconds of the last segment() (inference alone).
    double lastMilliseconds() const { return lastMs_; }
    int lastPasses() const { return segmenter_.lastPasses(); }
    /// The bundle's preprocessing of a (v, u) plane of modality values, at its own size.
    torch::Tensor preprocess(const torch::Tensor& plane) const;
    /// The segmenter itself (evaluation drives it with preprocessed images).
    ClickSegmenter& segmenter() { return segmenter_; }

    /// Plane `index` along `axis` of `volume` as (v, u) float32 modality values.
    static torch::Tensor plane(const imaging::Volume& volume, int axis, int index);
    /// The plane of a UInt8 label map as (v, u) bool where it equals `label`.
    static torch::Tensor labelPlane(const imaging::Volume& labels, int axis, int index, int label);

private:
    std::shared_ptr<LoadedModel> model_;
    ClickSegmenter segmenter_;
    double lastMs_ = 0;
};

}  // namespace radlens::ai
