#pragma once
// NIfTI-1 files (.nii, and .nii.gz deflated on every core by
// ParallelGzipWriter), written straight from a Volume's buffer: no copy of
// the voxels. The header is the one ITK's NiftiImageIO writes for the same
// image (tests/imaging/NiftiWriterTest compares them field by field): RAS
// qform and sform (both "scanner"), millimetres, scale 1.
//
// Crash safety: the file is written under a temporary name beside the target,
// fsynced and renamed into place (DurableFile::commit), so a failed or
// interrupted write never leaves a half-written file. The fsync is kept for
// exports too: one call that reports success means the file survives a power
// cut, and it costs about 0.1 s of a 300 MB export (README, Performance).
//
// Threads: any; write() uses ParallelGzipWriter's workers for .nii.gz.
// Throws std::runtime_error with the path and the reason.

#include <string>

#include "imaging/Volume.h"

namespace radlens::imaging {

class NiftiWriter {
public:
    /// The 348-byte header and the 4-byte extension flag (no extensions):
    /// vox_offset 352.
    static std::string header(const Volume& volume);
    /// Writes `volume` to `path`, gzip-compressed when `gzip` (.nii.gz).
    static void write(const Volume& volume, const std::string& path, bool gzip);
};

}  // namespace radlens::imaging
