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
//   - a ChestX-ray14 folder as published, or its CSV: the label CSV
//     ("Image Index", "Finding Labels" joined by '|', "No Finding" for none,
//     optional "Patient ID"; other columns ignored) is the one CSV with those
//     columns, Data_Entry_2017_v2020.csv when both of the publisher's
//     versions lie there; images beside it, in images/, or in
//     images_001/images/ ... (PNG, grey or RGBA, or DICOM); listed images
//     not on disk are left out with a warning. test_list.txt beside it marks
//     the official test images (TrainingSample::testSet);
//   - a folder with images/ and masks/ of NIfTI pairs matched by name, or
//     MosMedData's studies/ (category folders CT-0 ... CT-4 become labels;
//     its studies are CT) and masks/ (study_0001.nii.gz and
//     study_0001_mask.nii.gz; masks for a subset);
//   - a folder of NumPy stacks (the reference work's medseg / radiopaedia
//     COVID-19 sets): images_NAME.npy (N x H x W [x 1], HU; CT) beside
//     masks_NAME.npy (N x H x W x C one-hot, channels chosen per class by
//     "mask_channels", or N x H x W label values); every slice is a case,
//     read by memory-mapping the files (NpyArray), never loading them whole;
//     the layout has no patient IDs (a warning says so);
//   - a COCO JSON file (images, annotations with polygon segmentations,
//     categories; images beside it or in images/): labels are the annotated
//     categories, masks the polygons drawn at pixel centres
//     (imaging::PolygonRasterizer), mask values named by the categories.
// Classes: a classifier's labels are matched by name. A segmenter's classes
// are matched to mask values by the names in mask_labels; a single class not
// named there (e.g. "lesion") takes every non-zero value; without names,
// value v is class v-1. In multiclass mode classes[0] is the background.
// Streaming (load with Pixels::Streamed, what `train` does unless the run
// says "stream": false): a case that is one image in one file (PNG, a DICOM
// file, a .npy slice) becomes an entry without pixels -- labels, patient,
// provenance; a segmenter's 2D mask is read for its labels and dropped --
// and is decoded when a batch needs it (LoadedTrainingData::decode, from the
// TrainingImageCache when the run has "image_cache"). Volumes (NIfTI, DICOM
// series folders) and the annotation store's series are read whole, once,
// and their chosen slices held. Pixels::Held decodes every entry now with the
// same code: a held sample equals its streamed twin.
// The digest (model.json's data_digest) is a SHA-256 over each case's file
// hashes (image, mask; a series folder: every file in it), the slices
// chosen and the labels: computed from the files, not from decoded pixels.
// Images larger than twice the run's largest training side are shrunk as
// they are read (area resize; masks nearest), keeping their aspect; the
// sample keeps the size on disk (originalRows/Columns).
// A segmenter trains on the cases with a mask and warns how many it skipped.
// dataset.json may say "modality" (NIfTI does not carry one).
// Volumes become axial slices: for segmentation every slice with a lesion
// and as many without (evenly spaced); slices_per_volume > 0 caps each.
//
// Threads: load() and index() from any thread; the decoder from several at
// once. Throws std::runtime_error naming the file and the problem
// (unreadable image, mask of another size, unknown class).

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "ai/TrainingConfig.h"
#include "ai/TrainingSample.h"
#include "ai/TrainingSamples.h"

namespace radlens::ai {

struct LoadedTrainingData {
    /// Held samples, and the entries of streamed ones (no image, no mask).
    std::vector<TrainingSample> samples;
    /// Decodes a streamed sample by its index (any thread); null when
    /// every sample is held.
    TrainingSamples::Decoder decode;
    /// Every slice of the volume a held sample was taken from (segmenters'
    /// whole-volume metrics; reads the files again); null when no sample
    /// is a slice of a volume.
    TrainingSamples::VolumeReader readVolume;
    std::string digest;                 ///< SHA-256 over the files, slices and labels
    bool synthetic = false;             ///< any source declared itself synthetic
    std::vector<int> perClass;          ///< samples with each class present
    std::vector<std::string> warnings;  ///< too few examples, imbalance

    /// The samples and their decoder, for the Trainer.
    TrainingSamples trainingSamples() const;
};

/// What a data set holds, from its index alone (lists, CSV rows, file names;
/// a stat per image): what the training wizard's "Check data" shows.
struct TrainingDataIndex {
    std::size_t cases = 0;  ///< images or series the run would use
    std::size_t patients = 0;
    std::size_t labelled = 0;      ///< cases whose labels the index names
    std::size_t withMask = 0;      ///< cases with a mask (COCO: polygons)
    std::size_t testCases = 0;     ///< on the data set's official test list
    std::size_t testPatients = 0;  ///< patients of those
    std::vector<int> perClass;     ///< labelled cases naming each class
    bool synthetic = false;
    std::vector<std::string> warnings;
};

class TrainingDataLoader {
public:
    enum class Pixels { Held, Streamed };
    /// Throws std::runtime_error naming the file and the problem. Every PNG's
    /// chunks are checked as it is hashed (imaging::PngReader::check, no
    /// inflate): a damaged one (truncated, failed CRC, bad header) is left
    /// out with a warning naming the first; all damaged is an error. Other
    /// problems of a streamed image are found when it is decoded.
    static LoadedTrainingData load(const TrainingConfig& config, Pixels pixels = Pixels::Held);
    /// The index only: nothing is decoded. `cancel` (may be null) is checked
    /// per case (throws std::runtime_error "cancelled"); `progress(done,
    /// total)` is called on the calling thread.
    static TrainingDataIndex index(
        const TrainingConfig& config, const std::atomic<bool>* cancel = nullptr,
        const std::function<void(std::size_t, std::size_t)>& progress = {});
};

}  // namespace radlens::ai
