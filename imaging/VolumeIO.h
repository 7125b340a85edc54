#pragma once
// NIfTI (.nii, .nii.gz) and NRRD (.nrrd, .nhdr), geometry exact: read through
// ITK, which keeps LPS in memory and converts from the file's convention (RAS
// for NIfTI); NIfTI written by NiftiWriter (the same header as ITK's, gzip on
// every core), NRRD by ITK.
//
// Threads: any. Throws std::runtime_error with the path and ITK's reason.
// Writing goes to a temporary file beside the target and is renamed into place,
// so a failed or interrupted write never leaves a half-written file; the new
// file is fsynced before the rename (imaging::DurableFile).

#include <string>

#include "imaging/Volume.h"

namespace radlens::imaging {

class VolumeIO {
public:
    /// True for the extensions write() and read() understand.
    static bool isSupportedPath(const std::string& path);
    static void write(const Volume& volume, const std::string& path);
    static Volume read(const std::string& path);
};

}  // namespace radlens::imaging
