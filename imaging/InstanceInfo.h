#pragma once
// What the header of one DICOM file says, as far as series assembly, the
// database and the pixel decoder need it. Plain data; copy freely.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "imaging/Volume.h"

namespace radlens::imaging {

struct InstanceInfo {
    // File identity (for the re-scan cache).
    std::string path;
    std::int64_t fileSize = 0;
    std::int64_t mtimeNs = 0;

    std::string sopClassUid;
    std::string sopInstanceUid;
    std::string transferSyntaxUid;

    std::string patientId, patientName, studyUid, studyDate, studyDescription;
    std::string seriesUid, seriesDescription, modality;
    int seriesNumber = 0;
    int instanceNumber = 0;
    int acquisitionNumber = 0;
    int echoNumber = 0;

    /// False for objects without pixels meant to be shown as an image
    /// (SEG, RTSTRUCT, SR, RT plans, presentation states, DICOMDIR...).
    bool isImage = false;

    int rows = 0, columns = 0, frames = 1;
    int samplesPerPixel = 1, bitsAllocated = 0, bitsStored = 0, highBit = 0;
    int pixelRepresentation = 0;  ///< 1: signed
    int planarConfiguration = 0;
    std::string photometric;

    bool hasPosition = false;
    std::array<double, 3> position{0, 0, 0};
    bool hasOrientation = false;
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
    /// Patient Orientation (0020,0020) as written, e.g. "L\\F": the patient
    /// directions of the rows and the columns. Projection images (DX, CR, MG)
    /// carry it instead of Image Orientation (Patient).
    std::string patientOrientation;
    bool hasPixelSpacing = false;
    std::array<double, 2> pixelSpacing{1, 1};  ///< row spacing, column spacing (mm)
    double sliceThickness = 0;
    double spacingBetweenSlices = 0;
    /// Enhanced multi-frame: ImagePositionPatient of each frame (empty otherwise).
    std::vector<std::array<double, 3>> framePositions;

    double rescaleSlope = 1, rescaleIntercept = 0;
    std::vector<double> windowCenters, windowWidths;
    std::vector<std::string> windowExplanations;
    std::vector<VoiLut> voiLuts;

    /// Byte offset of native little-endian pixel data in the file, or -1 when
    /// the pixels need a decoder (compressed, big endian, deflated, unknown).
    std::int64_t pixelDataOffset = -1;
};

/// Well-known name of a storage SOP class ("CT Image Storage"), or the UID.
std::string sopClassName(const std::string& uid);

}  // namespace radlens::imaging
