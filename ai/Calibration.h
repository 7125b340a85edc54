#pragma once
// Calibration of a classifier's probabilities on its validation set
// (docs/architecture.md, "Trust"):
//   - temperature scaling: the temperature T > 0 for which sigmoid(logit / T)
//     (multi-label: one per class) or softmax(logits / T) (multi-class: one
//     shared T) has the lowest negative log-likelihood on the given cases
//     (Guo et al. 2017). NLL is convex in 1/T, so a bracketed golden-section
//     search over 1/T in [1/20, 20] finds the minimum to 1e-6.
//   - expected calibration error: the probabilities of every (case, class)
//     pair in `bins` equal-width bins; the count-weighted mean of
//     |mean probability - fraction positive| per bin (class-wise ECE).
//   - the reliability diagram: those bins.
//
// Threads: any; pure functions. Throws std::invalid_argument for inputs of
// different lengths.

#include <nlohmann/json.hpp>

#include <vector>

namespace radlens::ai {

struct ReliabilityBin {
    double lo = 0, hi = 0;
    long count = 0;
    double meanProbability = 0, fractionPositive = 0;
};

/// T minimising the NLL of sigmoid(logits / T) against 0/1 labels. 1 when
/// both kinds are not present (nothing to fit).
double fitTemperature(const std::vector<double>& logits, const std::vector<int>& labels);

/// One T for softmax(logits / T); `logits[i]` holds case i's logits, labels
/// the true class index. 1 for fewer than two cases.
double fitSoftmaxTemperature(const std::vector<std::vector<double>>& logits,
                             const std::vector<int>& labels);

/// The reliability diagram of probabilities against 0/1 labels.
std::vector<ReliabilityBin> reliabilityBins(const std::vector<double>& probabilities,
                                            const std::vector<int>& labels, int bins = 10);

/// Expected calibration error over the same bins (0 for no cases).
double expectedCalibrationError(const std::vector<double>& probabilities,
                                const std::vector<int>& labels, int bins = 10);

nlohmann::json toJson(const std::vector<ReliabilityBin>& bins);

}  // namespace radlens::ai
