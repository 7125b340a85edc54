#pragma once
// The q-quantile of values by linear interpolation between order statistics
// (numpy's default): shared by the bootstrap intervals (OperatingPoint) and
// the out-of-distribution cut-off (OodSummary).
//
// Threads: any; pure. `values` must not be empty.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace radlens::ai {

inline double quantile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    const double pos = q * double(values.size() - 1);
    const std::size_t i = std::size_t(pos);
    const double f = pos - double(i);
    return i + 1 < values.size() ? values[i] * (1 - f) + values[i + 1] * f : values[i];
}

}  // namespace radlens::ai
