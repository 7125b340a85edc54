#pragma once
// One training or evaluation image from a file, whatever its kind: a DICOM
// folder or file (its first image series), NIfTI/NRRD (imaging::VolumeIO),
// or PNG (grey, RGB or RGBA, read as grey float; modality "CR": the public
// radiograph sets ship PNG). PNGs are decoded by imaging::PngReader; the few
// kinds it leaves (interlaced, palette, grey under 8 bits) by libpng.
//
// Threads: any. Throws std::runtime_error naming the file and the problem.

#include <string>

#include "imaging/Volume.h"

namespace radlens::ai {

class ImageFile {
public:
    static imaging::Volume read(const std::string& path);
    /// A PNG through libpng (ITK's reader), as grey float, modality "CR":
    /// read() uses it for the PNGs imaging::PngReader leaves; tests compare
    /// the two.
    static imaging::Volume readPngWithLibpng(const std::string& path);
};

}  // namespace radlens::ai
