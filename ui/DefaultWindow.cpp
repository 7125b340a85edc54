#include "ui/DefaultWindow.h"

#include <algorithm>
#include <cstdint>

namespace radlens::ui {

std::pair<double, double> defaultWindow(const imaging::Volume& v) {
    if (!v.windowPresets.empty())
        return {v.windowPresets.front().center, v.windowPresets.front().width};
    if (v.units == "HU") return {40, 400};
    const auto n = v.geometry().voxelCount();
    double lo = 0, hi = 255;
    auto range = [&](const auto* p) {
        auto [a, b] = std::minmax_element(p, p + n);
        lo = double(*a);
        hi = double(*b);
    };
    switch (v.pixelType()) {
        case imaging::PixelType::UInt8:
            range(v.dataAs<std::uint8_t>());
            break;
        case imaging::PixelType::Int16:
            range(v.dataAs<std::int16_t>());
            break;
        case imaging::PixelType::UInt16:
            range(v.dataAs<std::uint16_t>());
            break;
        case imaging::PixelType::Float32:
            range(v.dataAs<float>());
            break;
        case imaging::PixelType::Rgb8:
            return {127.5, 255};
    }
    return {(lo + hi) / 2, std::max(1.0, hi - lo)};
}

}  // namespace radlens::ui
