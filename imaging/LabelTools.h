#pragma once
// The annotation tools, on a UInt8 label map through a LabelEdit (so each use
// is one undo step). Coordinates are continuous voxel indices (voxel centres
// at whole numbers), as SliceView::indexAt gives them. `axis` is the index
// axis kept fixed by the view (0 sagittal, 1 coronal, 2 axial); the in-plane
// axes are (u, v) = (1, 2), (0, 2) and (0, 1) respectively.
//
// Threads: the thread that owns the label map. Throws std::invalid_argument
// for an image of another size than the labels, or a bad axis.

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "imaging/LabelEdit.h"
#include "imaging/Volume.h"

namespace radlens::imaging {

struct BrushOptions {
    double radiusMm = 5;
    bool sphere = false;  ///< a 3D ball instead of a disc in the slice
    bool erase = false;   ///< clears voxels of the active label (or of any label with `label` 0)
    std::uint8_t label = 1;
    /// Paint over other labels; false paints only background (and the label itself).
    bool overwrite = true;
    /// Threshold paint: with an image (the series, the labels' size), only
    /// voxels whose value (HU for CT) lies in [low, high] are painted.
    const Volume* image = nullptr;
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
};

class LabelTools {
public:
    /// The in-plane axes (u, v) of a view that keeps `axis` fixed (imaging::planeAxes).
    static std::array<int, 2> inPlaneAxes(int axis);

    /// One brush dab centred at `center`; returns the voxels changed.
    static std::size_t dab(LabelEdit& edit, int axis, const std::array<double, 3>& center,
                           const BrushOptions& o);
    /// Dabs along the segment from -> to, a quarter radius apart, so a fast
    /// mouse leaves no gaps.
    static std::size_t stroke(LabelEdit& edit, int axis, const std::array<double, 3>& from,
                              const std::array<double, 3>& to, const BrushOptions& o);
    /// Fills (or with o.erase, clears) a polygon on slice `slice`; the points
    /// are (u, v) voxel indices. A voxel is inside when its centre is
    /// (imaging::PolygonRasterizer's convention). Radius and sphere are unused.
    static std::size_t polygon(LabelEdit& edit, int axis, int slice,
                               const std::vector<std::array<double, 2>>& points,
                               const BrushOptions& o);
    /// 2D flood fill from voxel (u, v) of slice `slice`: the 4-connected
    /// region of voxels with the seed's label value (and, with o.image, a
    /// value in [low, high]) becomes o.label (0 with o.erase).
    static std::size_t floodFill(LabelEdit& edit, int axis, int slice, int u, int v,
                                 const BrushOptions& o);
    /// Fill between slices: every run of slices without `label` between two
    /// slices that have it (key slices) gets a shape interpolated from the
    /// two keys' signed distance maps (in mm). Only background is written.
    static std::size_t interpolate(LabelEdit& edit, int axis, std::uint8_t label);

    /// The value of voxel i of any scalar volume (the first channel of RGB).
    static double valueAt(const Volume& v, std::size_t i);
};

}  // namespace radlens::imaging
