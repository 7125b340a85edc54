#include "imaging/LabelEdit.h"

#include <algorithm>
#include <stdexcept>

namespace radlens::imaging {

LabelEdit::LabelEdit(Volume& labels)
    : labels_(labels), data_(labels.dataAs<std::uint8_t>()), dims_(labels.dims()) {
    if (labels.pixelType() != PixelType::UInt8)
        throw std::invalid_argument("label maps are 8-bit (uint8) volumes");
}

void LabelEdit::set(int x, int y, int z, std::uint8_t value) {
    const std::size_t i = index(x, y, z);
    if (data_[i] == value) return;
    if (original_.emplace(i, data_[i]).second) {
        const std::array<int, 3> p{x, y, z};
        if (touched_.empty()) {
            touched_.lo = p;
            touched_.hi = {x + 1, y + 1, z + 1};
        } else {
            for (int a = 0; a < 3; ++a) {
                touched_.lo[std::size_t(a)] =
                    std::min(touched_.lo[std::size_t(a)], p[std::size_t(a)]);
                touched_.hi[std::size_t(a)] =
                    std::max(touched_.hi[std::size_t(a)], p[std::size_t(a)] + 1);
            }
        }
    }
    data_[i] = value;
    changed_ = true;
}

LabelPatch LabelEdit::finish() {
    LabelPatch patch;
    if (!touched_.empty()) {
        const std::vector<std::uint8_t> after = copyBox(labels_, touched_);
        std::vector<std::uint8_t> before = after;
        const int w = touched_.hi[0] - touched_.lo[0], h = touched_.hi[1] - touched_.lo[1];
        for (const auto& [i, v] : original_) {
            const int x = int(i % std::size_t(dims_[0]));
            const int y = int(i / std::size_t(dims_[0]) % std::size_t(dims_[1]));
            const int z = int(i / (std::size_t(dims_[0]) * std::size_t(dims_[1])));
            before[(std::size_t(z - touched_.lo[2]) * std::size_t(h) +
                    std::size_t(y - touched_.lo[1])) *
                       std::size_t(w) +
                   std::size_t(x - touched_.lo[0])] = v;
        }
        patch = LabelPatch(dims_, touched_, before, after);
    }
    original_.clear();
    touched_ = VoxelBox{};
    changed_ = false;
    return patch;
}

}  // namespace radlens::imaging
