#include "ui/AiClickSession.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "ai/ClickSimulation.h"
#include "ai/LoadedModel.h"
#include "imaging/LabelTools.h"

namespace radlens::ui {

namespace {

/// Voxel (x, y, z) of in-plane pixel (u, v) on plane `index` along `axis`.
std::array<int, 3> voxelOf(int axis, int index, int u, int v) {
    const auto [ua, va] = imaging::LabelTools::inPlaneAxes(axis);
    std::array<int, 3> p{};
    p[std::size_t(axis)] = index;
    p[std::size_t(ua)] = u;
    p[std::size_t(va)] = v;
    return p;
}

/// The median and standard deviation of the (2r+1)^2 pixels of `plane`
/// around (u, v), clipped to the plane.
std::pair<double, double> around(const torch::Tensor& plane, const ai::Click& c, int r) {
    const int64_t V = plane.size(0), U = plane.size(1);
    const int64_t u = std::clamp<int64_t>(std::llround(c.x), 0, U - 1);
    const int64_t v = std::clamp<int64_t>(std::llround(c.y), 0, V - 1);
    const torch::Tensor patch = plane.slice(0, std::max<int64_t>(0, v - r), std::min(V, v + r + 1))
                                    .slice(1, std::max<int64_t>(0, u - r), std::min(U, u + r + 1))
                                    .reshape(-1);
    const double median = patch.median().item<double>();
    const double sd = patch.numel() > 1 ? patch.std().item<double>() : 0.0;
    return {median, sd};
}

}  // namespace

AiClickSession::AiClickSession(std::shared_ptr<ai::LoadedModel> model)
    : segmentation_(std::move(model)) {}

void AiClickSession::reset() {
    clicks_.clear();
    object_ = torch::Tensor();
    axis_ = index_ = -1;
    label_ = 0;
}

std::size_t AiClickSession::write(imaging::LabelEdit& edit, int axis, int index,
                                  const torch::Tensor& before, const torch::Tensor& answer,
                                  std::uint8_t label, bool overwrite) const {
    const int64_t V = answer.size(0), U = answer.size(1);
    const bool* a = answer.data_ptr<bool>();
    const bool* b = before.defined() ? before.data_ptr<bool>() : nullptr;
    std::size_t changed = 0;
    for (int64_t v = 0; v < V; ++v)
        for (int64_t u = 0; u < U; ++u) {
            const int64_t i = v * U + u;
            const bool in = a[i], was = b && b[i];
            if (in == was && !in) continue;
            const auto p = voxelOf(axis, index, int(u), int(v));
            const std::uint8_t now = edit.get(p[0], p[1], p[2]);
            if (in && now != label && (now == 0 || overwrite)) {
                edit.set(p[0], p[1], p[2], label);
                ++changed;
            } else if (!in && was && now == label) {
                edit.set(p[0], p[1], p[2], 0);
                ++changed;
            }
        }
    return changed;
}

std::size_t AiClickSession::click(imaging::LabelEdit& edit, const imaging::Volume& image, int axis,
                                  int index, double u, double v, bool positive, std::uint8_t label,
                                  bool overwrite) {
    const imaging::Volume& labels = edit.labels();
    if (clicks_.empty() || axis != axis_ || index != index_ || label != label_) {
        reset();
        axis_ = axis;
        index_ = index;
        label_ = label;
        const torch::Tensor current =
            ai::InteractiveSegmentation::labelPlane(labels, axis, index, label);
        object_ = ai::ClickSimulation::componentsAt(current, {{u, v, true}});
        segmentation_.setPlane(image, axis, index);
    }
    clicks_.push_back({u, v, positive});
    torch::Tensor answer = segmentation_.segment(clicks_, object_);
    lastMs_ = segmentation_.lastMilliseconds();
    const std::size_t changed = write(edit, axis, index, object_, answer, label, overwrite);
    // The object is what holds the label now among the answer's pixels.
    object_ = answer & ai::InteractiveSegmentation::labelPlane(labels, axis, index, label);
    return changed;
}

int AiClickSession::propagate(imaging::LabelEdit& edit, const imaging::Volume& image, int axis,
                              int index, std::uint8_t label, bool overwrite,
                              const std::function<bool(int, int)>& progress) {
    const imaging::Volume& labels = edit.labels();
    torch::Tensor start = active() && axis == axis_ && index == index_ && label == label_
                              ? object_
                              : ai::InteractiveSegmentation::labelPlane(labels, axis, index, label);
    if (!start.defined() || !start.any().item<bool>()) return 0;
    const int count = labels.dims()[std::size_t(axis)];
    // What the object looks like: its core on the starting plane (see the header).
    const std::optional<ai::Click> core = ai::ClickSimulation::firstClick(start);
    if (!core) return 0;
    const torch::Tensor startPlane = ai::InteractiveSegmentation::plane(image, axis, index);
    const auto [coreValue, coreSpread] = around(startPlane, *core, 2);
    const torch::Tensor sorted = std::get<0>(startPlane.reshape(-1).sort());
    const int64_t n = sorted.numel();
    const double range =
        sorted[std::min(n - 1, n * 99 / 100)].item<double>() - sorted[n / 100].item<double>();
    const double tolerance = std::max(2 * coreSpread, 0.02 * range);
    int written = 0, done = 0;
    const int total = count - 1;
    for (int direction : {-1, 1}) {
        torch::Tensor previous = start;
        for (int k = index + direction; k >= 0 && k < count; k += direction) {
            if (progress && !progress(done, total)) return written;
            ++done;
            const std::optional<ai::Click> seed = ai::ClickSimulation::firstClick(previous);
            if (!seed) break;
            const double seedValue =
                around(ai::InteractiveSegmentation::plane(image, axis, k), *seed, 1).first;
            if (std::abs(seedValue - coreValue) > tolerance) break;  // the object has ended
            segmentation_.setPlane(image, axis, k);
            const torch::Tensor answer = segmentation_.segment({*seed}, previous);
            if (!answer.any().item<bool>() || !(answer & previous).any().item<bool>()) break;
            // Only adds on the new plane: what is there already stays.
            write(edit, axis, k, torch::Tensor(), answer, label, overwrite);
            ++written;
            previous = answer;
        }
    }
    reset();
    return written;
}

}  // namespace radlens::ui
