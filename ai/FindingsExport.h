#pragma once
// A model's findings on a series as DICOM objects, for the viewer's File >
// Export Findings and radlens-cli export-seg / export-sr alike:
//  - a DICOM SEG of a segmenter's label volume, one segment per class (named
//    and coloured as the bundle says), with the model's name and version as
//    the algorithm (written through imaging::LabelMaps::write);
//  - a Comprehensive SR (TID 1500 structure): class probabilities of a
//    classifier, lesion volumes and diameters of a segmenter.
// Demo models trained on synthetic data say so in the series description.
//
// Threads: any. Throws std::runtime_error (the file is never half-written).

#include <string>

#include "ai/Findings.h"
#include "ai/ModelBundle.h"
#include "imaging/Series.h"

namespace radlens::ai {

class FindingsExport {
public:
    /// Throws when the findings hold no label volume (a classifier's, or a
    /// cached summary).
    static void writeSeg(const Findings& findings, const Manifest& manifest,
                         const imaging::Series& series, const std::string& path,
                         const std::string& softwareVersion);
    static void writeSr(const Findings& findings, const Manifest& manifest,
                        const imaging::Series& series, const std::string& path,
                        const std::string& softwareVersion);
};

}  // namespace radlens::ai
