#pragma once
// What a model found in one series. Plain data; copy freely (volumes are shared).

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imaging/LesionStatistics.h"
#include "imaging/Volume.h"

namespace radlens::ai {

struct ClassFinding {
    std::string name;
    double probability = 0;  ///< calibrated when the bundle is
    double threshold = 0.5;
    bool flagged = false;
    std::optional<double> logit;  ///< the raw logit (absent in old cache entries)
};

/// How far the input lies from what the model was trained on (OodSummary.h).
struct OutOfDistribution {
    double score = 0, threshold = 0;
    bool outside = false;            ///< score above the threshold
    std::vector<std::string> notes;  ///< input ranges left (intensity, size)
};

struct Heatmap {
    std::string className;
    std::shared_ptr<imaging::Volume> map;  ///< float32, one slice, values 0..1
};

struct LabelFinding {
    std::string name;
    long voxels = 0;
    double volumeMl = 0;
    int components = 0;
};

struct Findings {
    std::string seriesUid;
    std::string modelName, modelVersion, modelSha256, device;
    std::vector<ClassFinding> classes;         ///< classifiers
    std::shared_ptr<imaging::Volume> labels;   ///< segmenters: uint8, series geometry
    std::vector<LabelFinding> labelSummaries;  ///< segmenters: per class but background
    std::vector<imaging::Lesion> lesions;      ///< segmenters: connected components
    std::vector<Heatmap> heatmaps;             ///< classifiers: Grad-CAM per flagged class
    std::optional<OutOfDistribution> ood;      ///< when the bundle holds a training summary
    double elapsedMs = 0;
    bool fromCache = false;  ///< true: summaries only (no label volume, no heatmaps)
    /// The model was trained on synthetic data (or on a base that was): the
    /// worklist and exports mark its findings so.
    bool syntheticModel = false;

    /// The "series" entry of `radlens-cli analyze --json` (docs/cli.md).
    nlohmann::json toJson() const;
    /// Inverse of toJson() for the cached summary.
    static Findings fromJson(const nlohmann::json& j);
};

}  // namespace radlens::ai
