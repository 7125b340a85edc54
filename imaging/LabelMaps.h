#pragma once
// Checks and conversions of label maps read from files: any integer-valued
// volume to UInt8, and whether a mask lies on a series' voxel grid.
//
// Threads: any. Throws std::runtime_error naming `path` and the reason.

#include <string>

#include "imaging/Volume.h"

namespace radlens::imaging {

class LabelMaps {
public:
    /// A label volume (whole numbers 0..255) in any scalar type -> UInt8.
    static Volume toUInt8(const Volume& v, const std::string& path);
    /// The mask's grid must be the series': same size, voxel positions within
    /// a tenth of a millimetre, directions within 1e-3.
    static void checkSameGrid(const Geometry& mask, const Geometry& series,
                              const std::string& path);
};

}  // namespace radlens::imaging
