#pragma once
// One training or evaluation image from a file, whatever its kind: a DICOM
// folder or file (its first image series), NIfTI/NRRD (imaging::VolumeIO),
// or PNG (grey, RGB or RGBA, read as grey float; modality "CR": the public
// radiograph sets ship PNG).
//
// Threads: any. Throws std::runtime_error naming the file and the problem.

#include <string>

#include "imaging/Volume.h"

namespace radlens::ai {

class ImageFile {
public:
    static imaging::Volume read(const std::string& path);
};

}  // namespace radlens::ai
