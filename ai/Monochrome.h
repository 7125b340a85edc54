#pragma once
// MONOCHROME1 images (low values are white, as some CR and DX systems store
// them) in MONOCHROME2 sense before any network sees them, in training
// (TrainingDataLoader), analysis (Analyzer) and clicks (InteractiveSegmentation):
// a value v becomes lo + hi - v, where [lo, hi] is the range the source
// allows (Volume::valueRange: BitsStored, rescaled), which is exactly what a
// MONOCHROME2 copy of the image holds; without a known range, the values'
// own minimum and maximum. So a MONOCHROME1 radiograph and its MONOCHROME2
// twin get the same probabilities.
//
// Threads: any; pure. Throws nothing.

#include <torch/types.h>

#include "imaging/Volume.h"

namespace radlens::ai {

/// `values` (modality values taken from `volume`, any shape) as float32, in
/// MONOCHROME2 sense; unchanged (but float32) when the volume is not inverted.
torch::Tensor inMonochrome2Sense(const imaging::Volume& volume, const torch::Tensor& values);

}  // namespace radlens::ai
