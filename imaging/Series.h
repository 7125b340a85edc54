#pragma once
// A series as shown to the user: the frames of one or more instances, sorted
// along the slice normal, with the geometry they make. Plain data.

#include <string>
#include <vector>

#include "imaging/InstanceInfo.h"
#include "imaging/Volume.h"

namespace radlens::imaging {

struct FrameRef {
    int instance = 0;  ///< index into Series::instances
    int frame = 0;     ///< frame within that instance
};

struct Series {
    /// The SeriesInstanceUID; when one DICOM series had to be split, the parts
    /// after the first get "#2", "#3"... appended.
    std::string uid;
    std::string studyUid, patientId, patientName, studyDate, studyDescription;
    std::string modality, description;
    int number = 0;

    std::vector<InstanceInfo> instances;
    std::vector<FrameRef> slices;  ///< slice k of the volume
    Geometry geometry;
    std::vector<std::string> transferSyntaxes;
    std::vector<std::string> warnings;
};

}  // namespace radlens::imaging
