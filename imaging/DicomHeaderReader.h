#pragma once
// Reads the header of one DICOM file (up to, not including, PixelData).
//
// Threads: any thread; instances share nothing, call from many threads at once.
// Throws: nothing. A file that is not usable DICOM returns false with a reason.

#include <string>

#include "imaging/InstanceInfo.h"

namespace radlens::imaging {

class DicomHeaderReader {
public:
    /// Silences DCMTK's per-file log output for the whole process (idempotent).
    static void silenceDcmtkLog();

    /// Cheap check of the first bytes: preamble + "DICM", or a dataset that
    /// starts with a group 0002/0008 tag (files written without meta header).
    /// On false, `reason` says why.
    static bool looksLikeDicom(const std::string& path, std::string& reason);

    /// Parses the header into `info` (path, size and mtime included).
    /// Returns false with `reason` for non-DICOM, damaged or truncated files.
    static bool read(const std::string& path, InstanceInfo& info, std::string& reason);
};

}  // namespace radlens::imaging
