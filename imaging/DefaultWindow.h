#pragma once
// The window (centre, width) a series opens with: one rule for the viewer,
// the thumbnails and the exports.
//   1. the header's first window preset;
//   2. an RGB image: the full 0..255 range;
//   3. a CT in HU: soft tissue (40, 400);
//   4. else the data's range.
// Threads: any (pure functions of the volume).

#include <optional>
#include <utility>

#include "imaging/Volume.h"

namespace radlens::imaging {

/// Rules 1-3, which need no look at the pixels; nullopt when only the data's
/// range can tell.
std::optional<std::pair<double, double>> headerWindow(const Volume& v);

/// The whole rule. Rule 4 scans every voxel: call it on a worker for a large
/// volume.
std::pair<double, double> defaultWindow(const Volume& v);

}  // namespace radlens::imaging
