#include "imaging/RoiStatistics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "imaging/LabelTools.h"

namespace radlens::imaging {

RoiStats RoiStatistics::compute(const Volume& volume, int axis, int slice,
                                const std::array<double, 2>& corner0,
                                const std::array<double, 2>& corner1, RoiShape shape) {
    if (volume.pixelType() == PixelType::Rgb8)
        throw std::invalid_argument("ROI statistics need a grey-level image");
    const auto [ua, va] = LabelTools::inPlaneAxes(axis);
    const Geometry& g = volume.geometry();
    const auto& d = g.dims;
    RoiStats s;
    if (slice < 0 || slice >= d[std::size_t(axis)]) return s;
    const double u0 = std::min(corner0[0], corner1[0]), u1 = std::max(corner0[0], corner1[0]);
    const double v0 = std::min(corner0[1], corner1[1]), v1 = std::max(corner0[1], corner1[1]);
    const double cu = (u0 + u1) / 2, cv = (v0 + v1) / 2;
    const double ru = (u1 - u0) / 2, rv = (v1 - v0) / 2;
    const int ulo = std::max(0, int(std::ceil(u0))),
              uhi = std::min(d[std::size_t(ua)] - 1, int(std::floor(u1)));
    const int vlo = std::max(0, int(std::ceil(v0))),
              vhi = std::min(d[std::size_t(va)] - 1, int(std::floor(v1)));
    double sum = 0, sum2 = 0;
    s.min = INFINITY;
    s.max = -INFINITY;
    for (int v = vlo; v <= vhi; ++v)
        for (int u = ulo; u <= uhi; ++u) {
            if (shape == RoiShape::Ellipse) {
                if (ru <= 0 || rv <= 0) continue;
                const double du = (u - cu) / ru, dv = (v - cv) / rv;
                if (du * du + dv * dv > 1.0) continue;
            }
            std::array<int, 3> p{};
            p[std::size_t(axis)] = slice;
            p[std::size_t(ua)] = u;
            p[std::size_t(va)] = v;
            const std::size_t i =
                (std::size_t(p[2]) * std::size_t(d[1]) + std::size_t(p[1])) * std::size_t(d[0]) +
                std::size_t(p[0]);
            const double x = LabelTools::valueAt(volume, i);
            sum += x;
            sum2 += x * x;
            s.min = std::min(s.min, x);
            s.max = std::max(s.max, x);
            ++s.voxels;
        }
    if (s.voxels == 0) {
        s.min = s.max = 0;
        return s;
    }
    const double n = double(s.voxels);
    s.mean = sum / n;
    s.sd = s.voxels > 1 ? std::sqrt(std::max(0.0, (sum2 - n * s.mean * s.mean) / (n - 1))) : 0;
    s.areaMm2 = n * g.spacing[std::size_t(ua)] * g.spacing[std::size_t(va)];
    return s;
}

double RoiStatistics::angleDegrees(const std::array<double, 3>& a,
                                   const std::array<double, 3>& vertex,
                                   const std::array<double, 3>& c) {
    std::array<double, 3> x{}, y{};
    for (std::size_t k = 0; k < 3; ++k) {
        x[k] = a[k] - vertex[k];
        y[k] = c[k] - vertex[k];
    }
    const double dot = x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
    const double nx = std::sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    const double ny = std::sqrt(y[0] * y[0] + y[1] * y[1] + y[2] * y[2]);
    if (nx == 0 || ny == 0) return 0;
    return std::acos(std::clamp(dot / (nx * ny), -1.0, 1.0)) * 180.0 / M_PI;
}

}  // namespace radlens::imaging
