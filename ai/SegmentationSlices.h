#pragma once
// Which slices of a volume a segmenter trains on: every slice with a lesion
// and as many without (at least one), spread evenly over the volume; each of
// the two groups capped at `perGroup` slices (0: no cap), evenly spread.
// Used by the training loader and by radlens-gpu-check's quality runs, so
// both train on the same slices.
// Threads: any (pure function).

#include <vector>

namespace radlens::ai {

/// `hasLesion[z]`: whether slice z shows a lesion. Returns ascending indices.
std::vector<int> segmentationSlices(const std::vector<bool>& hasLesion, int perGroup = 0);

}  // namespace radlens::ai
