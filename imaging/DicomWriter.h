#pragma once
// Writes volumes as DICOM files (DCMTK): a CT series, one file per slice, or a
// single projection radiograph (DX, for presentation). Used by
// `radlens-cli synth`; every file is marked as synthetic when the
// description says so (ImageComments, PatientName, descriptions).
//
// UIDs are 2.25 UUID-form numbers derived from `uidSeed`, so the same input
// writes the same files. Each file goes to a temporary name first and is
// renamed into place: an interrupted write never leaves a half file.
//
// Threads: any; no shared state. Throws std::runtime_error naming the file.

#include <cstdint>
#include <string>

#include "imaging/Volume.h"

namespace radlens::imaging {

struct DicomDescription {
    std::string patientName;  ///< "SYNTHETIC^PHANTOM^0001"
    std::string patientId;
    std::string studyDescription;
    std::string seriesDescription;
    std::string imageComments;  ///< "SYNTHETIC DATA ..."
    std::string studyDate = "20260101";
    std::uint64_t uidSeed = 0;
};

class DicomWriter {
public:
    /// An int16 (HU) volume as a CT series into `folder` (created), files
    /// IM0001.dcm... Axial slices; geometry from the volume.
    static void writeCtSeries(const Volume& volume, const DicomDescription& d,
                              const std::string& folder);
    /// A one-slice uint16 volume (12 bits used) as a DX image, MONOCHROME2.
    static void writeRadiograph(const Volume& image, const DicomDescription& d,
                                const std::string& path);
    /// "2.25.<decimal>" from a seed and a purpose; deterministic.
    static std::string uidFor(std::uint64_t seed, const std::string& purpose);
};

}  // namespace radlens::imaging
