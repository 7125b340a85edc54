#pragma once
// The AI click tool's state and work, without widgets: the clicks on one
// object (one plane of one view axis, one label), the interactive model
// (ai::InteractiveSegmentation) and how its answer is written into the label
// map through a LabelEdit (so each click is one undo step).
//
// Writing an answer on a plane: pixels of the object that the new answer
// leaves out go back to background (only where they still hold the active
// label); pixels it adds take the active label where they are background, and
// over other labels only with `overwrite`. Other labels are never cleared.
//
// A session starts at the first click on a plane: the object starts as the
// active label's connected parts under that click (so a click refines what
// the brush or the AI drew there), else empty. A click on another plane or
// label, reset(), or an undo or redo (the editor calls reset()) starts a new one.
//
// Propagate: from the object on the session's plane, plane by plane in both
// directions along the axis, each plane seeded by the previous plane's answer
// (as the previous mask, with a positive click at its deepest pixel), until
// the answer is empty or no longer overlaps the previous plane's, the seed no
// longer looks like the object, or the volume ends. "Looks like": the median
// of the 3x3 pixels around the seed lies within the object's core value (the
// median of the 5x5 pixels around its deepest point on the starting plane)
// plus or minus twice their standard deviation (at least 2 % of the starting
// plane's value range, 1st..99th percentile). An interactive model always
// answers a positive click with something, so where the object has ended
// (a lesion's last slice, the soft tissue it borders) only the image can say
// stop. A textured object has a wide core spread and goes on further; one
// much like its surroundings can stop late: the result is one undo step.
//
// Threads: GUI thread (or any one thread). Ownership: holds the model;
// refers to no volume beyond a call. Throws std::runtime_error (model, plane)
// and what LibTorch throws.

#include <torch/types.h>

#include <functional>
#include <memory>
#include <vector>

#include "ai/InteractiveSegmentation.h"
#include "imaging/LabelEdit.h"
#include "imaging/Volume.h"

namespace radlens::ui {

class AiClickSession {
public:
    explicit AiClickSession(std::shared_ptr<ai::LoadedModel> model);

    const ai::LoadedModel& model() const { return segmentation_.model(); }
    /// A click at in-plane position (u, v) of plane `index` along `axis`;
    /// writes the answer through `edit`. Returns the voxels changed.
    std::size_t click(imaging::LabelEdit& edit, const imaging::Volume& image, int axis, int index,
                      double u, double v, bool positive, std::uint8_t label, bool overwrite);
    /// Carries the object through the neighbouring planes; `progress(done,
    /// total)` returning false stops it. Returns the planes written. Without
    /// a session, the object is the active label on plane `index`.
    int propagate(imaging::LabelEdit& edit, const imaging::Volume& image, int axis, int index,
                  std::uint8_t label, bool overwrite,
                  const std::function<bool(int done, int total)>& progress = {});
    void reset();
    bool active() const { return !clicks_.empty(); }
    int clicks() const { return int(clicks_.size()); }
    /// Milliseconds of the last click's inference.
    double lastMilliseconds() const { return lastMs_; }

private:
    /// Writes `answer` as the object on plane (axis, index), replacing `before`.
    std::size_t write(imaging::LabelEdit& edit, int axis, int index, const torch::Tensor& before,
                      const torch::Tensor& answer, std::uint8_t label, bool overwrite) const;

    ai::InteractiveSegmentation segmentation_;
    int axis_ = -1, index_ = -1;
    std::uint8_t label_ = 0;
    std::vector<ai::Click> clicks_;
    torch::Tensor object_;  ///< (v, u) bool: what the session's object is now
    double lastMs_ = 0;
};

}  // namespace radlens::ui
