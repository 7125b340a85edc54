#include "imaging/DefaultWindow.h"

#include <algorithm>
#include <cstdint>

namespace radlens::imaging {

std::optional<std::pair<double, double>> headerWindow(const Volume& v) {
    if (!v.windowPresets.empty())
        return std::make_pair(v.windowPresets.front().center, v.windowPresets.front().width);
    if (v.pixelType() == PixelType::Rgb8) return std::make_pair(127.5, 255.0);
    if (v.units == "HU") return std::make_pair(40.0, 400.0);
    return std::nullopt;
}

std::pair<double, double> defaultWindow(const Volume& v) {
    if (auto w = headerWindow(v)) return *w;
    const auto n = v.geometry().voxelCount();
    double lo = 0, hi = 255;
    auto range = [&](const auto* p) {
        if (n == 0) return;
        auto [a, b] = std::minmax_element(p, p + n);
        lo = double(*a);
        hi = double(*b);
    };
    switch (v.pixelType()) {
        case PixelType::UInt8:
            range(v.dataAs<std::uint8_t>());
            break;
        case PixelType::Int16:
            range(v.dataAs<std::int16_t>());
            break;
        case PixelType::UInt16:
            range(v.dataAs<std::uint16_t>());
            break;
        case PixelType::Float32:
            range(v.dataAs<float>());
            break;
        case PixelType::Rgb8:
            break;  // rule 2
    }
    return {(lo + hi) / 2, std::max(1.0, hi - lo)};
}

}  // namespace radlens::imaging
