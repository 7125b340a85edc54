#include "ai/SegmentationSlices.h"

#include <algorithm>
#include <cstddef>

namespace radlens::ai {

namespace {

/// `n` of `v`'s elements, evenly spread (all of them when n >= size).
std::vector<int> spread(const std::vector<int>& v, std::size_t n) {
    if (n >= v.size()) return v;
    std::vector<int> kept;
    for (std::size_t i = 0; i < n; ++i) kept.push_back(v[i * v.size() / n]);
    return kept;
}

}  // namespace

std::vector<int> segmentationSlices(const std::vector<bool>& hasLesion, int perGroup) {
    std::vector<int> with, without;
    for (std::size_t z = 0; z < hasLesion.size(); ++z)
        (hasLesion[z] ? with : without).push_back(int(z));
    const std::size_t cap = perGroup > 0 ? std::size_t(perGroup) : hasLesion.size();
    std::vector<int> slices = spread(with, cap);
    const std::vector<int> others =
        spread(spread(without, std::max<std::size_t>(1, with.size())), cap);
    slices.insert(slices.end(), others.begin(), others.end());
    std::sort(slices.begin(), slices.end());
    return slices;
}

}  // namespace radlens::ai
