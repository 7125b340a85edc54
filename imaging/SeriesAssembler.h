#pragma once
// Groups scanned instances into series the way dcm2niix and Slicer do:
// by SeriesInstanceUID, split where orientation, image size, pixel format,
// echo or acquisition (repeated positions) differ; slices sorted along the
// normal from ImagePositionPatient/ImageOrientationPatient (never by
// InstanceNumber); slice spacing from the positions, not SliceThickness.
//
// Warnings (in Series::warnings) for: missing slices (a gap larger than
// 1.5 times the median step), non-uniform spacing (a step that differs from the
// mean by more than kSpacingTolerance, 5 %), gantry tilt (slices stacked at
// more than 0.1 degrees off the normal), missing geometry, duplicate positions.
// Files that repeat an instance already read (same SOPInstanceUID) are left
// out: the first path in sort order is kept, and the series' first part says
// how many copies were ignored.
//
// Threads: any; pure function. Throws: nothing.

#include <vector>

#include "imaging/InstanceInfo.h"
#include "imaging/Series.h"

namespace radlens::imaging {

class SeriesAssembler {
public:
    /// Relative tolerance on the slice step before "non-uniform spacing" is reported.
    static constexpr double kSpacingTolerance = 0.05;

    static std::vector<Series> assemble(const std::vector<InstanceInfo>& images);
};

}  // namespace radlens::imaging
