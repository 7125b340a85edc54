#pragma once
// A model bundle's model.json (docs/architecture.md, "Formats"), as a plain
// object. Torch-free: fuzz/fuzz_manifest.cpp reads it without LibTorch.
//
// model.json (schema_version 1):
//   name, version, task ("classify" | "segment" | "interactive": a segmenter
//   with four input channels and one class, driven by clicks -- ClickSegmenter.h),
//   architecture,
//   mode ("multilabel": sigmoid, a threshold per class | "multiclass": softmax),
//   classes: [{name, color "#rrggbb", threshold, display_names {lang: name}?}],
//   input: {channels, size: [h, w]},
//   preprocessing: {modality, window: [lo, hi] | null, normalize: {mean, std}},
//   weights: {file, sha256}, provenance: {parent, source, created, data_digest, metrics}
//   calibration (optional; CalibrationReport.h): {method "temperature",
//     temperature [per class], ece_before, ece_after, nll_before, nll_after, reliability_*,
//     operating_points}
//   training_summary (optional; OodSummary.h): what the out-of-distribution
//     score compares an input with
//
// Threads: any. Manifest::fromJson throws BundleError naming the bundle and
// the field that is missing, of the wrong type or out of range.

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "ai/Architecture.h"
#include "imaging/Label.h"

namespace radlens::ai {

class BundleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ClassInfo {
    std::string name;
    std::string color = "#ff0000";
    double threshold = 0.5;
    /// On-screen names by language code ("ru": "Узелок"); optional.
    std::map<std::string, std::string> displayNames;
};

struct Manifest {
    /// Bounds fromJson checks: label maps are 8-bit; networks take 1..4 channels.
    static constexpr std::size_t kMaxClasses = 255;
    static constexpr int kMinInputSide = 16, kMaxInputSide = 4096;

    int schemaVersion = 1;
    std::string name;
    std::string version = "1";
    Architecture architecture = Architecture::ResNet18;
    std::string mode = "multilabel";
    std::vector<ClassInfo> classes;
    int inputChannels = 3;
    int inputHeight = 224, inputWidth = 224;
    nlohmann::json preprocessing = nlohmann::json::object();
    std::string weightsFile = "weights.pt";
    std::string weightsSha256;
    nlohmann::json provenance = nlohmann::json::object();
    nlohmann::json calibration;      ///< null when not calibrated
    nlohmann::json trainingSummary;  ///< null when the bundle has none

    /// calibration.temperature, per class; empty when not calibrated.
    std::vector<double> temperatures() const;

    bool interactive = false;  ///< task "interactive" (ClickSegmenter.h)

    std::string task() const {
        return interactive ? "interactive" : isSegmenter(architecture) ? "segment" : "classify";
    }
    /// Whether provenance says the model was trained on synthetic data (demo models).
    bool trainedOnSyntheticData() const {
        return provenance.is_object() && provenance.value("synthetic_data", false);
    }
    /// A segmenter's label value -> index into `classes`: multi-label
    /// segmenters write class c as c + 1, multi-class ones write c (class 0 is
    /// the background). -1 for the background and values out of range.
    int classOfLabel(int label) const {
        const int c = mode == "multilabel" ? label - 1 : label;
        return label > 0 && c >= 0 && c < int(classes.size()) ? c : -1;
    }
    /// The highest label value a segmenter writes.
    int maxLabel() const { return int(classes.size()) - (mode == "multilabel" ? 0 : 1); }
    /// The label values 1..maxLabel() a segmenter writes, as labels (class
    /// name and colour).
    std::vector<imaging::Label> labels() const;
    nlohmann::json toJson() const;
    /// Throws BundleError for missing or invalid fields.
    static Manifest fromJson(const nlohmann::json& j, const std::string& where);
};

/// Whether a bundle is meant for series of `modality`: true when the bundle
/// records no modality (preprocessing.modality), else when they match, with
/// the projection radiograph modalities CR, DX and DR counted as one.
bool modelSuitsModality(const Manifest& manifest, const std::string& modality);

/// A distinct display colour ("#rrggbb") for the i-th class of a new bundle.
std::string defaultClassColor(std::size_t i);

}  // namespace radlens::ai
