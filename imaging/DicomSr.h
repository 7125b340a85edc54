#pragma once
// A DICOM Comprehensive SR with the AI findings on a series, structured after
// TID 1500 (Measurement Report): the device observer (the model's name and
// version), an image library with the source images, and one measurement
// group per class (its probability, threshold and whether it is flagged) and
// per lesion (its volume in mL and largest diameter in mm). Standard codes
// (DCM, SCT, UCUM) where they exist; the probability and threshold concepts
// use the private scheme 99RADLENS, declared in the Coding Scheme
// Identification Sequence.
//
// Threads: any. Throws std::runtime_error naming the file and the problem.
// Writing goes to a temporary file renamed into place.

#include <string>
#include <vector>

#include "imaging/Series.h"

namespace radlens::imaging {

struct SrClassFinding {
    std::string name;
    double probability = 0, threshold = 0.5;
    bool flagged = false;
};

struct SrLesion {
    std::string name;  ///< the class ("lesion", "nodule", ...)
    double volumeMl = 0, diameterMm = 0;
    int slice = 0;  ///< 0-based slice of the series nearest its centre
};

struct SrReport {
    std::string modelName, modelVersion;
    bool syntheticModel = false;  ///< noted in the series description and the report
    /// Non-empty: the input lies outside what the model was trained on; this
    /// text is the report's first measurement item and the description says so.
    std::string outOfDistribution;
    std::vector<SrClassFinding> classes;
    std::vector<SrLesion> lesions;
};

class DicomSr {
public:
    static void write(const SrReport& report, const Series& series, const std::string& path,
                      const std::string& softwareVersion = "0");
};

}  // namespace radlens::imaging
