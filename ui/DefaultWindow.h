#pragma once
// The window (centre, width) a series opens with.
// Threads: any (pure function of the volume).

#include <utility>

#include "imaging/Volume.h"

namespace radlens::ui {

/// The header's first window; else a soft-tissue window (40, 400) for HU;
/// else the data's range. The last scans every voxel: call on a worker for a
/// large volume.
std::pair<double, double> defaultWindow(const imaging::Volume& v);

}  // namespace radlens::ui
