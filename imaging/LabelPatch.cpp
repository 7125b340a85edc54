#include "imaging/LabelPatch.h"

#include <algorithm>
#include <stdexcept>

namespace radlens::imaging {

std::size_t VoxelBox::voxelCount() const {
    if (empty()) return 0;
    return std::size_t(hi[0] - lo[0]) * std::size_t(hi[1] - lo[1]) * std::size_t(hi[2] - lo[2]);
}

RunLengthBytes::RunLengthBytes(const std::vector<std::uint8_t>& bytes) : size_(bytes.size()) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        const std::uint8_t v = bytes[i];
        std::size_t n = 1;
        while (i + n < bytes.size() && bytes[i + n] == v && n < 255) ++n;
        runs_.push_back(std::uint8_t(n));
        runs_.push_back(v);
        i += n;
    }
    runs_.shrink_to_fit();
}

std::vector<std::uint8_t> RunLengthBytes::decode() const {
    std::vector<std::uint8_t> out;
    out.reserve(size_);
    for (std::size_t i = 0; i + 1 < runs_.size(); i += 2)
        out.insert(out.end(), runs_[i], runs_[i + 1]);
    return out;
}

LabelPatch::LabelPatch(const std::array<int, 3>& dims, const VoxelBox& box,
                       const std::vector<std::uint8_t>& before,
                       const std::vector<std::uint8_t>& after)
    : dims_(dims), box_(box), before_(before), after_(after) {
    if (before.size() != box.voxelCount() || after.size() != box.voxelCount())
        throw std::invalid_argument("label patch: value count does not match its box");
    for (std::size_t i = 0; i < before.size(); ++i) changed_ += before[i] != after[i];
}

std::size_t LabelPatch::bytes() const {
    return sizeof(*this) + before_.encodedSize() + after_.encodedSize();
}

std::vector<std::uint8_t> copyBox(const Volume& labels, const VoxelBox& box) {
    std::vector<std::uint8_t> out;
    out.reserve(box.voxelCount());
    const auto& d = labels.dims();
    const std::uint8_t* p = labels.dataAs<std::uint8_t>();
    for (int z = box.lo[2]; z < box.hi[2]; ++z)
        for (int y = box.lo[1]; y < box.hi[1]; ++y) {
            const std::uint8_t* row =
                p + (std::size_t(z) * std::size_t(d[1]) + std::size_t(y)) * std::size_t(d[0]);
            out.insert(out.end(), row + box.lo[0], row + box.hi[0]);
        }
    return out;
}

LabelPatch LabelPatch::between(const Volume& before, const Volume& after) {
    if (before.pixelType() != PixelType::UInt8 || after.pixelType() != PixelType::UInt8 ||
        before.dims() != after.dims())
        throw std::invalid_argument("label patch: two label maps of different sizes");
    const auto& d = before.dims();
    const std::uint8_t* a = before.dataAs<std::uint8_t>();
    const std::uint8_t* b = after.dataAs<std::uint8_t>();
    VoxelBox box;
    box.lo = {d[0], d[1], d[2]};
    box.hi = {0, 0, 0};
    std::size_t i = 0;
    for (int z = 0; z < d[2]; ++z)
        for (int y = 0; y < d[1]; ++y)
            for (int x = 0; x < d[0]; ++x, ++i)
                if (a[i] != b[i]) {
                    box.lo = {std::min(box.lo[0], x), std::min(box.lo[1], y),
                              std::min(box.lo[2], z)};
                    box.hi = {std::max(box.hi[0], x + 1), std::max(box.hi[1], y + 1),
                              std::max(box.hi[2], z + 1)};
                }
    if (box.empty()) return {};
    return LabelPatch(d, box, copyBox(before, box), copyBox(after, box));
}

void LabelPatch::apply(Volume& labels, bool undo) const {
    if (empty()) return;
    if (labels.pixelType() != PixelType::UInt8 || labels.dims() != dims_)
        throw std::invalid_argument("label patch: made on a label map of another size");
    const std::vector<std::uint8_t> values = (undo ? before_ : after_).decode();
    std::uint8_t* p = labels.dataAs<std::uint8_t>();
    const int w = box_.hi[0] - box_.lo[0];
    std::size_t at = 0;
    for (int z = box_.lo[2]; z < box_.hi[2]; ++z)
        for (int y = box_.lo[1]; y < box_.hi[1]; ++y) {
            std::uint8_t* row = p + (std::size_t(z) * std::size_t(dims_[1]) + std::size_t(y)) *
                                        std::size_t(dims_[0]);
            std::copy(values.begin() + std::ptrdiff_t(at), values.begin() + std::ptrdiff_t(at + w),
                      row + box_.lo[0]);
            at += std::size_t(w);
        }
}

}  // namespace radlens::imaging
