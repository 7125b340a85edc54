#include "imaging/PolygonRasterizer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace radlens::imaging {

void PolygonRasterizer::fill(const std::vector<std::array<double, 2>>& polygon, int width,
                             int height, std::uint8_t value, std::uint8_t* image) {
    if (polygon.size() < 3) throw std::invalid_argument("a polygon needs at least 3 points");
    std::vector<double> crossings;
    const std::size_t n = polygon.size();
    for (int y = 0; y < height; ++y) {
        const double yc = y + 0.5;
        crossings.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const auto& a = polygon[i];
            const auto& b = polygon[(i + 1) % n];
            // Half-open in y: an edge counts when yc is in [min y, max y).
            if ((a[1] <= yc) != (b[1] <= yc))
                crossings.push_back(a[0] + (yc - a[1]) * (b[0] - a[0]) / (b[1] - a[1]));
        }
        std::sort(crossings.begin(), crossings.end());
        for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
            // Centres x + 0.5 in [left, right): x from ceil(left - 0.5) to ceil(right - 0.5) - 1.
            const int x0 = std::max(0, int(std::ceil(crossings[i] - 0.5)));
            const int x1 = std::min(width, int(std::ceil(crossings[i + 1] - 0.5)));
            for (int x = x0; x < x1; ++x)
                image[std::size_t(y) * std::size_t(width) + std::size_t(x)] = value;
        }
    }
}

std::vector<std::array<double, 2>> PolygonRasterizer::fromFlat(const std::vector<double>& xy) {
    std::vector<std::array<double, 2>> points;
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2) points.push_back({xy[i], xy[i + 1]});
    return points;
}

}  // namespace radlens::imaging
