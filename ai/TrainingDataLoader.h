#pragma once
// Reads training data from disk into TrainingSamples for the run's classes.
// Accepted `data` entries (TrainingConfig::data):
//   - "store": the newest final annotation of every series in the local
//     annotation store (imaging::AnnotationStore), its image labels and mask
//     (checksum verified) with the series' images from the database;
//   - a folder with dataset.json (what `radlens-cli synth` writes, and the
//     layout Radlens exports): cases with image (DICOM series folder or file,
//     NIfTI, PNG), optional mask (NIfTI label map on the image's grid, values
//     named by "mask_labels") and labels (names);
//   - a ChestX-ray14-style CSV ("Image Index,Finding Labels[,Patient ID]",
//     labels joined by '|', "No Finding" for none), or a folder holding one;
//     images beside it or in images/ (PNG or DICOM);
//   - a folder with images/ (or studies/) and masks/ of NIfTI pairs matched
//     by name (MosMedData: study_0001.nii.gz and study_0001_mask.nii.gz);
//   - a COCO JSON file (images, annotations with polygon segmentations,
//     categories; images beside it or in images/): labels are the annotated
//     categories, masks the polygons drawn at pixel centres
//     (imaging::PolygonRasterizer), mask values named by the categories.
// Classes: a classifier's labels are matched by name. A segmenter's classes
// are matched to mask values by the names in mask_labels; a single class not
// named there (e.g. "lesion") takes every non-zero value; without names,
// value v is class v-1. In multiclass mode classes[0] is the background.
// Volumes become axial slices: for segmentation every slice with a lesion
// and as many without (evenly spaced); slices_per_volume > 0 caps each.
//
// Threads: any; no shared state. Throws std::runtime_error naming the file
// and the problem (unreadable image, mask of another size, unknown class).

#include <string>
#include <vector>

#include "ai/TrainingConfig.h"
#include "ai/TrainingSample.h"

namespace radlens::ai {

struct LoadedTrainingData {
    std::vector<TrainingSample> samples;
    std::string digest;                 ///< SHA-256 over every sample's pixels, mask and labels
    bool synthetic = false;             ///< any source declared itself synthetic
    std::vector<int> perClass;          ///< samples with each class present
    std::vector<std::string> warnings;  ///< too few examples, imbalance
};

class TrainingDataLoader {
public:
    static LoadedTrainingData load(const TrainingConfig& config);
};

}  // namespace radlens::ai
