#pragma once
// Fills polygons into a label image, as COCO segmentations are drawn.
// Convention: pixel (x, y) covers [x, x+1) x [y, y+1) in the polygon's
// coordinates (COCO's), and is inside when its centre (x + 0.5, y + 0.5) is
// inside the polygon by the even-odd rule; a centre exactly on a left or top
// edge counts as inside, on a right or bottom edge as outside, so polygons
// that share an edge never both claim a pixel.
//
// Threads: any. Throws std::invalid_argument for fewer than 3 points.

#include <array>
#include <cstdint>
#include <vector>

namespace radlens::imaging {

class PolygonRasterizer {
public:
    /// Sets every pixel inside `polygon` (x, y pairs) of a width x height
    /// row-major image to `value`.
    static void fill(const std::vector<std::array<double, 2>>& polygon, int width, int height,
                     std::uint8_t value, std::uint8_t* image);
    /// COCO's flat [x1, y1, x2, y2, ...] list as points.
    static std::vector<std::array<double, 2>> fromFlat(const std::vector<double>& xy);
};

}  // namespace radlens::imaging
