#pragma once
// The colours drawn over one slice: a label map (per-label colour, visibility,
// opacity, filled or outlined) and a heatmap (0..1, a colour map whose alpha
// grows with the value). Pure computation on the CPU, no VTK: SliceView turns
// the RGBA buffer into an image layer over the grey slice. Recomputed on a
// slice change (about 1 ms for 512x512), never on zoom, pan or window/level.
//
// Threads: any (no shared state).

#include <array>
#include <cstdint>
#include <vector>

#include "imaging/Label.h"
#include "imaging/Volume.h"

namespace radlens::viewer {

enum class Plane;

struct LabelStyle {
    /// Colour of each label value (index 0 = value 0, drawn transparent).
    std::vector<std::array<std::uint8_t, 3>> colors;
    /// Per label value; missing entries count as visible.
    std::vector<bool> visible;
    double opacity = 0.5;  ///< 0..1
    bool outline = false;  ///< only the in-plane border of each label
};

/// LabelStyle::colors for `labels`: index = value, 0 unused, values between
/// without a label yellow.
std::vector<std::array<std::uint8_t, 3>> labelColors(const std::vector<imaging::Label>& labels);

struct HeatmapStyle {
    double opacity = 0.6;  ///< alpha at value 1; alpha falls to 0 with the value
    double floor = 0.2;    ///< values below are not drawn
};

/// An RGBA slice with its pixel size; row-major, x fastest, as the slice's
/// two in-plane index axes (Axial: x,y; Coronal: x,z; Sagittal: y,z).
struct OverlayImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;
    bool empty() const { return rgba.empty(); }
};

class SliceOverlay {
public:
    /// The labels of slice `slice` along `plane`. `labels` must be UInt8.
    static OverlayImage labels(const imaging::Volume& labels, Plane plane, int slice,
                               const LabelStyle& style);
    /// A Float32 heatmap of one slice (dims x, y, 1), as an axial layer.
    static OverlayImage heatmap(const imaging::Volume& map, const HeatmapStyle& style);
    /// The heatmap colour (a perceptual blue-green-yellow-red ramp) of v in 0..1.
    static std::array<std::uint8_t, 3> heatColor(double v);
};

}  // namespace radlens::viewer
