#pragma once
// A classifier's calibration on its validation cases, as model.json records it
// (docs/cli.md, "Trust"): per-class temperatures (multi-label; one shared
// temperature for multi-class), expected calibration error and the mean
// negative log-likelihood per case before and after (the temperature minimises
// the NLL on these cases, so "nll_after" <= "nll_before" always; the binned
// ECE usually falls but can rise a little), both reliability diagrams, and an
// operating point per class chosen on the calibrated probabilities for the
// run's target (OperatingPoint.h). A class with fewer than 5 positive or 5
// negative validation cases (multi-class: fewer than 10 cases) keeps
// temperature 1 ("temperature_fitted": false in its operating point): so few
// cases would fit noise.
//
// Threads: any; pure. Throws std::invalid_argument for ragged inputs or an
// unknown target.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace radlens::ai {

struct CalibrationReport {
    std::vector<double> temperatures;  ///< per class
    std::vector<double> thresholds;    ///< per class, on calibrated probabilities
    nlohmann::json json;               ///< model.json's "calibration"

    /// `logits[i]`: case i's raw logits; `labels[i]`: its 0/1 per class.
    static CalibrationReport fit(const std::vector<std::vector<double>>& logits,
                                 const std::vector<std::vector<int>>& labels,
                                 const std::vector<std::string>& classes, bool multilabel,
                                 const std::string& target, double goal, std::uint64_t seed = 0);
};

/// Probabilities of one case's logits with per-class temperatures: sigmoid
/// (multi-label) or softmax (multi-class; the first temperature is used).
std::vector<double> calibratedProbabilities(const std::vector<double>& logits,
                                            const std::vector<double>& temperatures,
                                            bool multilabel);

}  // namespace radlens::ai
