#pragma once
// DICOM Segmentation (SEG) objects, binary, through DCMTK's dcmseg: a label
// volume on a series' grid written as one segment per label value (segment
// number = label value) with a frame per slice that holds the segment,
// each frame referencing its source image (Derivation Image Sequence) and
// placed by Image Position (Patient); and read back onto the grid of the
// series it references.
//
// Threads: any (no shared state). Throws std::runtime_error naming the file
// and the problem: not a SEG, a SEG of another series ("...refers to series X,
// which is not the one given: open its images first"), frames off the grid.
// Writing goes to a temporary file renamed into place: never a half file.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "imaging/Label.h"
#include "imaging/Series.h"
#include "imaging/Volume.h"

namespace radlens::imaging {

struct SegCreator {
    std::string algorithmName;     ///< the model's name
    std::string algorithmVersion;  ///< the model's version
    std::string seriesDescription = "AI segmentation";
    std::string softwareVersion = "0";
    /// A person's annotation (SegmentAlgorithmType MANUAL), by `annotator`.
    bool manual = false;
    std::string annotator;
};

class DicomSeg {
public:
    /// `labels`: UInt8 on `series`' grid (its slices in order). `segments`:
    /// one per label value 1..N (segment numbers must run 1..N). Writes `path`.
    static void write(const Volume& labels, const Series& series,
                      const std::vector<Label>& segments, const SegCreator& creator,
                      const std::string& path);

    /// The Series Instance UID a SEG refers to (its Referenced Series Sequence).
    static std::string referencedSeries(const std::string& path);

    /// Reads `path` onto `series` (the referenced one) with the volume
    /// geometry `grid`: label = segment number. `segments` receives the
    /// segments' labels, names and colours when not null.
    static Volume read(const std::string& path, const Series& series, const Geometry& grid,
                       std::vector<Label>* segments = nullptr);
};

}  // namespace radlens::imaging
