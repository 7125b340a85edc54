#pragma once
// The outlines of a 2D mask as polygons along pixel edges: the inverse of
// imaging::PolygonRasterizer. Pixel (x, y) covers [x, x+1) x [y, y+1); an
// outline runs along the borders of its pixels, so rasterising it at pixel
// centres gives back exactly its pixels. Diagonal neighbours are separate
// shapes (4-connectivity). Holes are returned apart: COCO polygons cannot
// carry them (tools fill each polygon), so the COCO writer leaves them out
// and says so.
//
// Threads: any.

#include <array>
#include <cstdint>
#include <vector>

namespace radlens::imaging {

struct MaskOutlines {
    /// Outer outlines, clockwise on screen (y down); straight runs merged.
    std::vector<std::vector<std::array<double, 2>>> outer;
    /// Hole outlines (anticlockwise).
    std::vector<std::vector<std::array<double, 2>>> holes;
};

class MaskContours {
public:
    /// Outlines of the pixels of a width x height row-major mask equal to `value`.
    static MaskOutlines trace(const std::uint8_t* mask, int width, int height, std::uint8_t value);
    /// Signed area (positive for outer outlines), in pixels.
    static double area(const std::vector<std::array<double, 2>>& polygon);
};

}  // namespace radlens::imaging
