#pragma once
// Train/validation/test split by patient, stratified (the reference work:
// 80/20). Samples the data set's official test list names (testSet) are the
// test side, and so is every other sample of their patients. Without such a
// list, test_fraction of the patients is held out first, the same way as the
// validation side: patients are grouped by the set of classes present in any
// of their samples, each group is shuffled with the seed and round(fraction *
// size) of it is taken (at least one patient overall when there are two or
// more). Validation is then drawn from the remaining patients. No patient
// appears on two sides.
//
// Threads: any; pure.

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "ai/TrainingSample.h"

namespace radlens::ai {

struct DataSplit {
    std::vector<int> train, validation, test;  ///< sample indices, ascending

    /// Patient ids per side and sample counts (model.json's provenance.split).
    nlohmann::json json(const std::vector<TrainingSample>& samples) const;
    /// {"train", "val", "test"} images and {"train_patients", "val_patients",
    /// "test_patients"} counts (the `split` of train's info line).
    nlohmann::json counts(const std::vector<TrainingSample>& samples) const;

    static DataSplit byPatient(const std::vector<TrainingSample>& samples, double valFraction,
                               std::uint64_t seed, double testFraction = 0.0);
};

}  // namespace radlens::ai
