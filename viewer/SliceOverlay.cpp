#include "viewer/SliceOverlay.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "imaging/PlaneAxes.h"
#include "viewer/SliceView.h"

namespace radlens::viewer {

namespace {

imaging::PlaneAxes axesOf(Plane plane) { return imaging::planeAxes(int(plane)); }

}  // namespace

std::vector<std::array<std::uint8_t, 3>> labelColors(const std::vector<imaging::Label>& labels) {
    int highest = 0;
    for (const imaging::Label& l : labels) highest = std::max(highest, std::min(l.value, 255));
    std::vector<std::array<std::uint8_t, 3>> colors(std::size_t(highest) + 1, {255, 255, 0});
    colors[0] = {0, 0, 0};
    for (const imaging::Label& l : labels)
        if (l.value > 0 && l.value <= 255) colors[std::size_t(l.value)] = l.color;
    return colors;
}

OverlayImage SliceOverlay::labels(const imaging::Volume& labels, Plane plane, int slice,
                                  const LabelStyle& style) {
    if (labels.pixelType() != imaging::PixelType::UInt8)
        throw std::invalid_argument("SliceOverlay::labels: the label volume must be UInt8");
    const auto& d = labels.dims();
    const imaging::PlaneAxes a = axesOf(plane);
    OverlayImage out;
    if (slice < 0 || slice >= d[a.w]) return out;
    out.width = d[a.u];
    out.height = d[a.v];
    const std::size_t n = std::size_t(out.width) * out.height;
    // The slice's label values, gathered once.
    std::vector<std::uint8_t> values(n);
    const std::uint8_t* src = labels.dataAs<std::uint8_t>();
    const std::array<std::size_t, 3> stride{1, std::size_t(d[0]), std::size_t(d[0]) * d[1]};
    bool any = false;
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            const std::uint8_t v =
                src[stride[a.u] * x + stride[a.v] * y + stride[a.w] * std::size_t(slice)];
            values[std::size_t(y) * out.width + x] = v;
            any |= v != 0;
        }
    if (!any) return {};  // nothing to draw
    const std::uint8_t alpha = std::uint8_t(std::lround(std::clamp(style.opacity, 0.0, 1.0) * 255));
    out.rgba.assign(n * 4, 0);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            const std::size_t i = std::size_t(y) * out.width + x;
            const std::uint8_t v = values[i];
            if (v == 0 || v >= style.colors.size()) continue;
            if (v < style.visible.size() && !style.visible[v]) continue;
            if (style.outline) {
                // A border pixel has a 4-neighbour (or the slice edge) with another value.
                const bool inner = x > 0 && x + 1 < out.width && y > 0 && y + 1 < out.height &&
                                   values[i - 1] == v && values[i + 1] == v &&
                                   values[i - out.width] == v && values[i + out.width] == v;
                if (inner) continue;
            }
            std::uint8_t* p = &out.rgba[i * 4];
            p[0] = style.colors[v][0];
            p[1] = style.colors[v][1];
            p[2] = style.colors[v][2];
            p[3] = style.outline ? std::uint8_t(std::max<int>(alpha, 200)) : alpha;
        }
    return out;
}

std::array<std::uint8_t, 3> SliceOverlay::heatColor(double v) {
    // Piecewise linear through blue, cyan, green, yellow, red (a jet-like ramp
    // without jet's dark ends, so that low values stay visible on grey).
    static const double stops[5][3] = {{0.15, 0.25, 0.95},
                                       {0.1, 0.8, 0.95},
                                       {0.2, 0.85, 0.3},
                                       {0.98, 0.9, 0.15},
                                       {0.95, 0.15, 0.1}};
    v = std::clamp(v, 0.0, 1.0) * 4;
    const int k = std::min(3, int(v));
    const double t = v - k;
    std::array<std::uint8_t, 3> c{};
    for (int i = 0; i < 3; ++i)
        c[i] = std::uint8_t(std::lround(255 * (stops[k][i] * (1 - t) + stops[k + 1][i] * t)));
    return c;
}

OverlayImage SliceOverlay::heatmap(const imaging::Volume& map, const HeatmapStyle& style) {
    if (map.pixelType() != imaging::PixelType::Float32)
        throw std::invalid_argument("SliceOverlay::heatmap: the heatmap must be Float32");
    OverlayImage out;
    out.width = map.dims()[0];
    out.height = map.dims()[1];
    const std::size_t n = std::size_t(out.width) * out.height;
    out.rgba.assign(n * 4, 0);
    const float* src = map.dataAs<float>();
    const double floor = std::clamp(style.floor, 0.0, 0.99);
    for (std::size_t i = 0; i < n; ++i) {
        const double v = std::clamp(double(src[i]), 0.0, 1.0);
        if (v < floor) continue;
        const auto c = heatColor(v);
        std::uint8_t* p = &out.rgba[i * 4];
        p[0] = c[0];
        p[1] = c[1];
        p[2] = c[2];
        const double ramp = (v - floor) / (1 - floor);
        p[3] = std::uint8_t(std::lround(255 * std::clamp(style.opacity, 0.0, 1.0) * ramp));
    }
    return out;
}

}  // namespace radlens::viewer
