#include "imaging/DicomWriter.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace radlens::imaging {

namespace {

std::string number(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

void put(DcmDataset* ds, const DcmTagKey& tag, const std::string& value) {
    const OFCondition c = ds->putAndInsertString(tag, value.c_str());
    if (c.bad()) throw std::runtime_error(std::string("cannot set a DICOM attribute: ") + c.text());
}

void putCommon(DcmDataset* ds, const DicomDescription& d, const std::string& modality) {
    put(ds, DCM_SpecificCharacterSet, "ISO_IR 192");
    put(ds, DCM_PatientName, d.patientName);
    put(ds, DCM_PatientID, d.patientId);
    put(ds, DCM_PatientBirthDate, "");
    put(ds, DCM_PatientSex, "O");
    put(ds, DCM_StudyInstanceUID, DicomWriter::uidFor(d.uidSeed, "study"));
    put(ds, DCM_SeriesInstanceUID, DicomWriter::uidFor(d.uidSeed, "series"));
    put(ds, DCM_FrameOfReferenceUID, DicomWriter::uidFor(d.uidSeed, "frame"));
    put(ds, DCM_StudyDate, d.studyDate);
    put(ds, DCM_StudyTime, "120000");
    put(ds, DCM_SeriesDate, d.studyDate);
    put(ds, DCM_AccessionNumber, "");
    put(ds, DCM_ReferringPhysicianName, "");
    put(ds, DCM_StudyID, "1");
    put(ds, DCM_SeriesNumber, "1");
    put(ds, DCM_Modality, modality);
    put(ds, DCM_Manufacturer, "Radlens (synthetic phantom)");
    put(ds, DCM_StudyDescription, d.studyDescription);
    put(ds, DCM_SeriesDescription, d.seriesDescription);
    put(ds, DCM_ImageComments, d.imageComments);
    put(ds, DCM_BurnedInAnnotation, "NO");
    put(ds, DCM_PatientIdentityRemoved, "YES");
    put(ds, DCM_SamplesPerPixel, "1");
    put(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
}

/// Saves to a temporary name beside `path`, then renames.
void saveAtomically(DcmFileFormat& ff, const std::string& path) {
    const std::string tmp = path + ".tmp";
    const OFCondition c = ff.saveFile(tmp.c_str(), EXS_LittleEndianExplicit);
    if (c.bad()) {
        std::remove(tmp.c_str());
        throw std::runtime_error(path + ": cannot write DICOM: " + c.text());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw std::runtime_error(path + ": cannot rename into place: " + ec.message());
}

}  // namespace

std::string DicomWriter::uidFor(std::uint64_t seed, const std::string& purpose) {
    // FNV-1a over the purpose, mixed with the seed (splitmix64), twice for 2 x 64 bits.
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char ch : purpose) h = (h ^ ch) * 1099511628211ULL;
    auto mix = [](std::uint64_t x) {
        x += 0x9E3779B97F4A7C15ULL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
        return x ^ (x >> 31);
    };
    const std::uint64_t a = mix(h ^ mix(seed)), b = mix(a ^ 0x5EED);
    // Decimal of a 96-bit-ish number, no leading zero: a (up to 20 digits) then
    // 15 digits of b. 2.25. + 35 digits stays within the 64-character UI limit.
    char buf[64];
    std::snprintf(buf, sizeof buf, "2.25.%llu%015llu", (unsigned long long)(a | 1ULL << 63),
                  (unsigned long long)(b % 1000000000000000ULL));
    return buf;
}

void DicomWriter::writeCtSeries(const Volume& volume, const DicomDescription& d,
                                const std::string& folder) {
    if (volume.pixelType() != PixelType::Int16)
        throw std::runtime_error(folder + ": a CT series is written from int16 HU");
    std::filesystem::create_directories(folder);
    const Geometry& g = volume.geometry();
    const int nx = g.dims[0], ny = g.dims[1];
    for (int k = 0; k < g.dims[2]; ++k) {
        DcmFileFormat ff;
        DcmDataset* ds = ff.getDataset();
        putCommon(ds, d, "CT");
        const std::string sop = uidFor(d.uidSeed, "ct-slice-" + std::to_string(k));
        put(ds, DCM_SOPClassUID, UID_CTImageStorage);
        put(ds, DCM_SOPInstanceUID, sop);
        put(ds, DCM_ImageType, "DERIVED\\SECONDARY\\AXIAL");
        put(ds, DCM_InstanceNumber, std::to_string(k + 1));
        const auto p = g.indexToWorld(0, 0, k);
        put(ds, DCM_ImagePositionPatient, number(p[0]) + "\\" + number(p[1]) + "\\" + number(p[2]));
        const auto& m = g.direction;  // columns are the axes
        put(ds, DCM_ImageOrientationPatient,
            number(m[0]) + "\\" + number(m[3]) + "\\" + number(m[6]) + "\\" + number(m[1]) + "\\" +
                number(m[4]) + "\\" + number(m[7]));
        put(ds, DCM_PixelSpacing, number(g.spacing[1]) + "\\" + number(g.spacing[0]));
        put(ds, DCM_SliceThickness, number(g.spacing[2]));
        put(ds, DCM_SliceLocation, number(p[2]));
        put(ds, DCM_KVP, "120");
        put(ds, DCM_Rows, std::to_string(ny));
        put(ds, DCM_Columns, std::to_string(nx));
        put(ds, DCM_BitsAllocated, "16");
        put(ds, DCM_BitsStored, "16");
        put(ds, DCM_HighBit, "15");
        put(ds, DCM_PixelRepresentation, "1");
        put(ds, DCM_RescaleIntercept, "0");
        put(ds, DCM_RescaleSlope, "1");
        put(ds, DCM_RescaleType, "HU");
        put(ds, DCM_WindowCenter, "-600\\40");
        put(ds, DCM_WindowWidth, "1500\\400");
        put(ds, DCM_WindowCenterWidthExplanation, "LUNG\\MEDIASTINUM");
        const auto* src = volume.dataAs<std::int16_t>() + std::size_t(k) * nx * ny;
        const OFCondition c = ds->putAndInsertUint16Array(
            DCM_PixelData, reinterpret_cast<const Uint16*>(src), unsigned(nx) * unsigned(ny));
        if (c.bad()) throw std::runtime_error(folder + ": cannot set pixel data: " + c.text());
        char name[32];
        std::snprintf(name, sizeof name, "IM%04d.dcm", k + 1);
        saveAtomically(ff, (std::filesystem::path(folder) / name).string());
    }
}

void DicomWriter::writeRadiograph(const Volume& image, const DicomDescription& d,
                                  const std::string& path) {
    if (image.pixelType() != PixelType::UInt16 || image.dims()[2] != 1)
        throw std::runtime_error(path + ": a radiograph is written from one uint16 slice");
    const Geometry& g = image.geometry();
    DcmFileFormat ff;
    DcmDataset* ds = ff.getDataset();
    putCommon(ds, d, "DX");
    put(ds, DCM_SOPClassUID, UID_DigitalXRayImageStorageForPresentation);
    put(ds, DCM_SOPInstanceUID, uidFor(d.uidSeed, "dx-image"));
    put(ds, DCM_ImageType, "DERIVED\\SECONDARY");
    put(ds, DCM_InstanceNumber, "1");
    put(ds, DCM_PresentationIntentType, "FOR PRESENTATION");
    put(ds, DCM_ViewPosition, "PA");
    put(ds, DCM_BodyPartExamined, "CHEST");
    // Shown as a PA view is read: the patient's right on the image's left, so
    // rows run to the patient's left and columns to the feet.
    put(ds, DCM_PatientOrientation, "L\\F");
    put(ds, DCM_ImagerPixelSpacing, number(g.spacing[1]) + "\\" + number(g.spacing[0]));
    put(ds, DCM_PixelSpacing, number(g.spacing[1]) + "\\" + number(g.spacing[0]));
    put(ds, DCM_Rows, std::to_string(g.dims[1]));
    put(ds, DCM_Columns, std::to_string(g.dims[0]));
    put(ds, DCM_BitsAllocated, "16");
    put(ds, DCM_BitsStored, "12");
    put(ds, DCM_HighBit, "11");
    put(ds, DCM_PixelRepresentation, "0");
    put(ds, DCM_WindowCenter, "2048");
    put(ds, DCM_WindowWidth, "4096");
    put(ds, DCM_RescaleIntercept, "0");
    put(ds, DCM_RescaleSlope, "1");
    put(ds, DCM_RescaleType, "US");
    put(ds, DCM_PixelIntensityRelationship, "LIN");
    put(ds, DCM_PixelIntensityRelationshipSign, "1");
    const OFCondition c = ds->putAndInsertUint16Array(DCM_PixelData, image.dataAs<std::uint16_t>(),
                                                      unsigned(g.dims[0]) * unsigned(g.dims[1]));
    if (c.bad()) throw std::runtime_error(path + ": cannot set pixel data: " + c.text());
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    saveAtomically(ff, path);
}

}  // namespace radlens::imaging
