#pragma once
// Checks and conversions of label maps read from files: any integer-valued
// volume to UInt8, and whether a mask lies on a series' voxel grid.
//
// Threads: any. Throws std::runtime_error naming `path` and the reason.

#include <string>
#include <vector>

#include "imaging/DicomSeg.h"
#include "imaging/Series.h"
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

    /// Whether `path` ends in an extension read() understands: .dcm (DICOM
    /// SEG), .json (COCO), .nii, .nii.gz, .nrrd.
    static bool isMaskPath(const std::string& path);
    /// A mask file of `series` as a UInt8 label map on its grid: a DICOM SEG
    /// of it, COCO JSON of its slices (CocoDocument::toLabelMap), or a label
    /// volume on its grid. `segments` (optional) receives what the file says
    /// of its values: SEG segments with their names and colours, COCO
    /// categories with their names; nothing for label volumes.
    static Volume read(const std::string& path, const Series& series,
                       std::vector<Label>* segments = nullptr);
    /// Writes a UInt8 label map of `series` by the extension of `path`:
    ///  - .dcm: a DICOM SEG, one segment per value 1..highest (completeLabels:
    ///    `labels` as they are, gaps "Label <v>"), with `creator`;
    ///  - .json: COCO polygons, categories named by `labels` (holes cannot be
    ///    carried: their count is returned);
    ///  - else a label volume (.nii, .nii.gz, .nrrd) through VolumeIO.
    /// The viewer and radlens-cli both write masks through this, so the same
    /// mask gets the same segments either way. Returns the holes left out.
    static int write(const Volume& mask, const Series& series, const std::vector<Label>& labels,
                     const std::string& path, const SegCreator& creator,
                     const std::string& cocoDescription = {});
};

}  // namespace radlens::imaging
