#pragma once
// Lesions in a label volume: the connected components (26-connected, ITK) of
// each label value, with their size and position.
//
// Threads: any; pure function of its input. Throws std::invalid_argument when
// the volume is not uint8 (label volumes are uint8: 0 background, 1..255).

#include <array>
#include <vector>

#include "imaging/Volume.h"

namespace radlens::imaging {

struct Lesion {
    int label = 0;  ///< value in the label volume
    long voxels = 0;
    double volumeMl = 0;    ///< voxels times voxel volume, in millilitres
    double diameterMm = 0;  ///< largest distance between two of its voxel centres (Feret)
    std::array<double, 3> centroid{};  ///< world position (LPS, mm)
    int slice = 0;                     ///< slice index nearest the centroid
};

struct LabelSummary {
    int label = 0;
    long voxels = 0;
    double volumeMl = 0;
    int components = 0;
};

class LesionStatistics {
public:
    /// Components of every non-zero label, largest first within each label.
    static std::vector<Lesion> lesions(const Volume& labels);
    /// Voxel count, volume and number of components for labels 1..maxLabel.
    static std::vector<LabelSummary> summarize(const Volume& labels, int maxLabel);
};

}  // namespace radlens::imaging
