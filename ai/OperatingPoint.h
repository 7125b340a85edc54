#pragma once
// The threshold a class flags at, chosen on validation cases for a target
// the user sets (docs/architecture.md, "Trust"):
//   "sensitivity" G: the highest threshold whose sensitivity is at least G
//                    (fewest false alarms for that sensitivity);
//   "specificity" G: the lowest threshold whose specificity is at least G;
//   "f1":            the threshold of the highest F1 (ties: the higher one).
// A case is positive when its probability >= the threshold. Candidate
// thresholds are the midpoints between neighbouring distinct probabilities
// (and one beyond each end), so a threshold never sits on a case's value.
// The sensitivity and specificity at the chosen threshold come with a
// percentile-bootstrap 95 % interval: `rounds` resamples of the cases with
// replacement (seeded), the threshold held fixed.
//
// Threads: any; pure. Throws std::invalid_argument for an unknown target or
// inputs of different lengths.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace radlens::ai {

struct Interval {
    double lo = 0, hi = 0;
};

struct OperatingPoint {
    std::string target = "f1";
    double goal = 0;  ///< the sensitivity or specificity asked for (f1: unused)
    double threshold = 0.5;
    std::optional<double> sensitivity, specificity;  ///< none without positives / negatives
    std::optional<Interval> sensitivityCi, specificityCi;
    long positives = 0, negatives = 0;

    nlohmann::json toJson() const;
};

/// Sensitivity and specificity of `probabilities >= threshold` (none where
/// the labels have no positives / negatives).
std::pair<std::optional<double>, std::optional<double>> sensitivitySpecificity(
    const std::vector<double>& probabilities, const std::vector<int>& labels, double threshold);

OperatingPoint chooseOperatingPoint(const std::vector<double>& probabilities,
                                    const std::vector<int>& labels, const std::string& target,
                                    double goal, int rounds = 1000, std::uint64_t seed = 0);

}  // namespace radlens::ai
