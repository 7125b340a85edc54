#pragma once
// Train/validation split by patient, stratified (the reference work: 80/20):
// patients are grouped by the set of classes present in any of their samples,
// each group is shuffled with the seed and round(fraction * size) of it goes
// to validation (at least one patient overall when there are two or more).
// No patient appears on both sides.
//
// Threads: any; pure.

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "ai/TrainingSample.h"

namespace radlens::ai {

struct DataSplit {
    std::vector<int> train, validation;  ///< sample indices, ascending
    nlohmann::json json(
        const std::vector<TrainingSample>& samples) const;  ///< patient ids per side

    static DataSplit byPatient(const std::vector<TrainingSample>& samples, double valFraction,
                               std::uint64_t seed);
};

}  // namespace radlens::ai
