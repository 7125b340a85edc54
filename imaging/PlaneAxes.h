#pragma once
// The index axes of a plane of a volume's own grid: the one definition for
// the slice views, the overlays, the annotation tools and the measurements.
// A plane keeps one index axis fixed (0 sagittal, 1 coronal, 2 axial, as
// viewer::Plane numbers them); u runs across the screen, v up it.
//   axial    (w = 2): u = 0 (x), v = 1 (y)
//   coronal  (w = 1): u = 0 (x), v = 2 (z)
//   sagittal (w = 0): u = 1 (y), v = 2 (z)
//
// Threads: any. Throws std::invalid_argument for an axis other than 0, 1, 2.

namespace radlens::imaging {

struct PlaneAxes {
    int u, v, w;
};

PlaneAxes planeAxes(int fixedAxis);

}  // namespace radlens::imaging
