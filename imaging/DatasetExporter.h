#pragma once
// Writes the local annotated dataset as a folder other tools can read: the
// newest final annotation of every series (optionally drafts too), with the
// series' images, masks with one label table for all, image labels, and a
// README.md of the layout:
//   images/<series uid>.nii.gz     3D series (values as stored, e.g. HU)
//   images/<series uid>.png        2D images (16-bit grey, display polarity)
//   masks/<series uid>.nii.gz      label maps on the image grid
//   labels.csv                     ChestX-ray14 style: Image Index, Finding Labels, Patient ID
//   annotations.json               COCO polygons of the 2D images
//   dataset.json                   cases (image, mask, labels, patient, annotator,
//                                  version) and mask_labels; what `radlens-cli
//                                  train` reads as a data folder
// Series whose files are gone are skipped and listed in the README. With
// setDeidentify, UIDs and patient IDs are replaced (PS3.15 Basic profile).
//
// Threads: any one thread (uses the caller's Database). Throws
// std::runtime_error for an output folder that exists and is not empty, or
// that cannot be written; imaging::Cancelled when the cancel flag is set.

#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "imaging/AnnotationFormats.h"
#include "imaging/AnnotationStore.h"
#include "imaging/Database.h"
#include "imaging/Series.h"
#include "imaging/Volume.h"

namespace radlens::imaging {

struct DatasetSummary {
    std::size_t cases = 0;
    std::vector<std::string> skipped;  ///< "<series uid>: <reason>"
};

class DatasetExportCancelled : public std::runtime_error {
public:
    DatasetExportCancelled() : std::runtime_error("cancelled") {}
};

class DatasetExporter {
public:
    using Progress = std::function<void(std::size_t done, std::size_t total)>;
    DatasetExporter(Database& db, AnnotationStore& store) : db_(db), store_(store) {}
    void setProgress(Progress p) { progress_ = std::move(p); }
    void setCancelFlag(const std::atomic<bool>* cancel) { cancel_ = cancel; }
    /// Also series whose newest version is a draft.
    void setIncludeDrafts(bool on) { drafts_ = on; }
    /// De-identified (the viewer's default): series UIDs replaced by new
    /// ones and patient IDs by pseudonyms (imaging::Anonymizer, one mapping
    /// per export), in file names, dataset.json, labels.csv and the COCO
    /// file; dataset.json and README.md say so. The images and masks carry
    /// pixels and geometry only.
    void setDeidentify(bool on) { deidentify_ = on; }

    DatasetSummary write(const std::string& dir);
    /// The image's file name in images/ (and the CSV's Image Index).
    static std::string imageFileName(const std::string& seriesUid, bool twoD);
    /// The row of a ChestX-ray14-style CSV whose Image Index names `series`
    /// (<uid>.png, <uid>.nii.gz, the uid, or one of its files' names), else
    /// the only row; nullptr when none does.
    static const ImageLabelRow* rowForSeries(const std::vector<ImageLabelRow>& rows,
                                             const Series& series);

private:
    Database& db_;
    AnnotationStore& store_;
    Progress progress_;
    const std::atomic<bool>* cancel_ = nullptr;
    bool drafts_ = false;
    bool deidentify_ = false;
    std::vector<std::pair<std::int64_t, Volume>> pendingCoco_;  ///< 2D masks for annotations.json
};

}  // namespace radlens::imaging
