#pragma once
// Runs one loaded model on one volume, synchronously.
//
// Classifiers see one 2D image: the only slice of a 2D series, the slice asked
// for, or else the maximum intensity projection along the slices. Probabilities
// are sigmoid (multilabel) or softmax (multiclass) of the logits divided by
// the bundle's temperatures when it is calibrated (the raw logit is kept); each flagged
// class (probability >= its threshold) gets a Grad-CAM heatmap on that image.
// Segmenters run slice by slice in batches; the label volume has the series
// geometry. Multiclass: label = argmax (the first class is background, 0).
// Multilabel: label = 1 + the most probable class above its threshold, else 0.
// Batching does not change results (eval mode; tested).
// When the bundle holds a training summary, the findings carry the input's
// out-of-distribution score: the classifier's image; for a segmenter the
// median over up to 8 evenly spaced slices. MONOCHROME1 images are read in
// MONOCHROME2 sense (Monochrome.h). A CT volume given to a bundle trained on
// projection radiographs (CR, DX, DR, RG), or the reverse, is refused with
// std::runtime_error naming both; other mismatches run and the
// out-of-distribution score judges them.
//
// Threads: one Analyzer call per LoadedModel at a time (the worker that owns
// it). `cancel` may be set from any thread; it is checked between batches and
// makes analyze() throw Cancelled. Progress is called from the calling thread.

#include <atomic>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ai/Findings.h"
#include "imaging/Volume.h"

namespace radlens::ai {

class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

struct LoadedModel;  // ai/LoadedModel.h: a bundle's network on its device (LibTorch)

struct AnalyzeOptions {
    int batchSize = 4;
    std::optional<int> slice;  ///< classifiers: this slice instead of the MIP
    bool heatmaps = true;
    /// Classes that get a heatmap even when not flagged (the compare page).
    std::vector<std::string> heatmapClasses;
    std::function<void(int done, int total)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

class Analyzer {
public:
    static Findings analyze(LoadedModel& model, const imaging::Volume& volume,
                            const std::string& seriesUid, const AnalyzeOptions& options = {});
};

}  // namespace radlens::ai
