#pragma once
// One training example, already in the terms of the run's classes.
// Loaders (TrainingDataLoader) make them; the Trainer only reads them. A
// streamed sample's entry (TrainingSamples) has no image and mask yet: its
// labels, maskCounts, patient and provenance are set, the rest when decoded.
//
// Threads: immutable once made; share read-only.

#include <torch/types.h>

#include <string>
#include <vector>

namespace radlens::ai {

struct TrainingSample {
    torch::Tensor image;      ///< (1, H, W) float32, modality values (HU for CT)
    torch::Tensor mask;       ///< (H, W) int64 label map for segmentation, else undefined:
                              ///< multilabel 0 = none, c+1 = class c; multiclass class index
    torch::Tensor labels;     ///< (C) float32 0/1 per class (classification; for segmentation
                              ///< whether each class is present)
    std::string patientId;    ///< splits never put one patient on both sides
    std::string modality;     ///< "CT", "DX", "CR", ... (chooses default preprocessing)
    std::string source;       ///< file and slice, for messages
    std::string path;         ///< the image file or series folder ("" for the store)
    std::string seriesUid;    ///< the store's series (annotation store cases)
    int slice = 0;            ///< 0-based slice of that image
    double pixelSpacing = 1;  ///< mm per pixel in the slice (mean of its two axes)
    /// The slice's size on disk; the loader keeps images at most twice the
    /// largest training side (an area resize as they are read).
    int originalRows = 0, originalColumns = 0;
    /// Segmentation: pixels of each mask value 0..C in `mask` (class
    /// weights without holding the masks); empty otherwise.
    std::vector<double> maskCounts;
    bool synthetic = false;
    bool testSet = false;  ///< the data set's official test list holds it: never trained
                           ///< on or validated on (DataSplit puts it in `test`)
};

}  // namespace radlens::ai
