#pragma once
// An analytic chest phantom with lesions, for tests, training and the demo.
// SYNTHETIC DATA: nothing here comes from a patient, and everything written
// from it says so (DicomWriter puts it in the headers, `radlens-cli synth` in
// dataset.json and README.txt).
//
// CT: an axial series in HU -- air -1000, lungs about -860 with vessel-like
// texture, fat -100, soft tissue and heart 40, bone 300..700 (spine, ribs,
// sternum), Gaussian noise -- with nodules (3..8 mm), lobulated masses
// (12..22 mm) and peripheral consolidations of varied contrast inside the
// lungs. The label map holds 1 nodule, 2 mass, 3 consolidation.
//
// CXR: a projection radiograph (grey levels 0..4095, bone and soft tissue
// bright, lungs dark) with the eight ChestX-ray8 findings drawn independently
// (multi-label); the label map marks the localised ones by their index in
// cxrFindings() plus one.
//
// Deterministic: the same (seed, index, size) gives the same pixels.
// Threads: any; pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include "imaging/Volume.h"

namespace radlens::imaging {

struct SyntheticCase {
    Volume image{PixelType::Int16, Geometry{}};  ///< CT: int16 HU; CXR: uint16, one slice
    Volume mask{PixelType::UInt8, Geometry{}};   ///< label map on the same grid
    std::vector<std::string> labels;             ///< findings present (names)
    std::string patientId;                       ///< "SYNTH-CT-0001", "SYNTH-CXR-0001"
};

/// "nodule", "mass", "consolidation": CT mask values 1, 2, 3.
const std::vector<std::string>& ctLesionNames();
/// Atelectasis, Cardiomegaly, Effusion, Infiltration, Mass, Nodule, Pneumonia,
/// Pneumothorax (ChestX-ray8's names and order).
const std::vector<std::string>& cxrFindings();

/// Throws std::invalid_argument for size < 32 or slices < 4.
SyntheticCase makeSyntheticCt(std::uint64_t seed, int index, int size = 256, int slices = 64);
/// Throws std::invalid_argument for size < 32.
SyntheticCase makeSyntheticCxr(std::uint64_t seed, int index, int size = 256);

}  // namespace radlens::imaging
