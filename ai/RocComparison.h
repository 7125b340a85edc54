#pragma once
// Two models' areas under the ROC curve on the same cases, and whether they
// differ: DeLong, DeLong and Clarke-Pearson (1988). Each AUC is the
// Mann-Whitney statistic (ties count half); its structural components give
// the variance of each AUC and their covariance, hence the standard error of
// the paired difference B - A, a 95 % interval (normal) and a two-sided p.
//
// Threads: any; pure. Throws std::invalid_argument for inputs of different lengths.

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace radlens::ai {

struct AucComparison {
    double aucA = 0, aucB = 0;
    double difference = 0;  ///< B - A
    double standardError = 0;
    double lo = 0, hi = 0;  ///< 95 % interval of the difference
    double pValue = 1;
};

/// None when the labels lack positives or negatives (no AUC exists).
std::optional<AucComparison> compareAuc(const std::vector<double>& scoresA,
                                        const std::vector<double>& scoresB,
                                        const std::vector<int>& labels);

}  // namespace radlens::ai
