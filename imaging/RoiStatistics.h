#pragma once
// Statistics of a region of interest on one slice: a rectangle or the
// ellipse inscribed in it, given by two opposite corners in continuous voxel
// indices of the slice's in-plane axes. A voxel belongs to the region when
// its centre lies inside. Values are the volume's (rescaled: HU for CT);
// the standard deviation is the sample one (n - 1), as ImageJ and Slicer
// report it; the area is the voxels' (count x pixel area), so it matches the
// statistics.
//
// Threads: any. Throws std::invalid_argument for a bad axis or an RGB volume.

#include <array>
#include <cstddef>

#include "imaging/Volume.h"

namespace radlens::imaging {

enum class RoiShape { Rectangle, Ellipse };

struct RoiStats {
    std::size_t voxels = 0;
    double mean = 0, sd = 0, min = 0, max = 0;
    double areaMm2 = 0;
};

class RoiStatistics {
public:
    /// `axis`: the index axis kept fixed (0, 1, 2); `corner0`, `corner1`:
    /// (u, v) in-plane indices (LabelTools::inPlaneAxes order).
    static RoiStats compute(const Volume& volume, int axis, int slice,
                            const std::array<double, 2>& corner0,
                            const std::array<double, 2>& corner1, RoiShape shape);
    /// The angle at `vertex` between the arms to `a` and `c`, in degrees
    /// (points in millimetres).
    static double angleDegrees(const std::array<double, 3>& a, const std::array<double, 3>& vertex,
                               const std::array<double, 3>& c);
};

}  // namespace radlens::imaging
