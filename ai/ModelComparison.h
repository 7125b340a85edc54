#pragma once
// Two versions of a model on the same cases (`radlens-cli model compare`, the
// model manager's Compare page; docs/cli.md, "Trust"). Each model sees each
// case as analyze would (Analyzer: its own preprocessing, calibrated
// probabilities, its own thresholds).
//   Classifiers: per class both AUROCs, the paired difference B - A with its
//   95 % interval and p (DeLong, RocComparison.h), and each one's sensitivity
//   and specificity at its own operating point (its threshold).
//   Segmenters: IoU and Dice of each, over all pixels of all cases, per class
//   and their mean over classes.
//   Disagreements: the cases where the two differ most (classifiers: the
//   largest probability difference of a class; segmenters: the largest
//   difference of per-case Dice), at most `maxDisagreements`.
// Classes are matched by name; those of A that B lacks are left out.
//
// Threads: run() on one thread; `cancel` may be set from any thread and makes
// run() throw Cancelled; `progress` is called on the calling thread. Throws
// std::runtime_error when the models' tasks differ, no class is shared, or
// there are no cases.

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "ai/Analyzer.h"
#include "ai/Manifest.h"
#include "ai/TrainingConfig.h"
#include "ai/TrainingSample.h"

namespace radlens::ai {

struct ComparisonOptions {
    int maxDisagreements = 10;
    std::function<void(int done, int total)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

class ModelComparison {
public:
    /// `samples`: cases in A's terms (A's classes and mode), e.g. from
    /// TrainingDataLoader with a config made by configFor(A).
    static nlohmann::json run(LoadedModel& a, LoadedModel& b,
                              const std::vector<TrainingSample>& samples,
                              const ComparisonOptions& options = {});
    /// A sample's (1, H, W) image as a one-slice volume of modality values.
    static imaging::Volume volumeOf(const TrainingSample& sample);
    /// A TrainingConfig that loads `data` in the terms of `manifest`.
    static TrainingConfig configFor(const Manifest& manifest, const std::vector<std::string>& data);
    /// The cases a new version is best judged on: the data `b` was trained
    /// on (its provenance), read in `a`'s terms, kept to b's validation
    /// patients (none of them trained b). Throws std::runtime_error when b
    /// records no training data, or it cannot be read.
    static std::vector<TrainingSample> validationCasesOf(const Manifest& a, const Manifest& b);
};

}  // namespace radlens::ai
