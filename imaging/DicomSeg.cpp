#include "imaging/DicomSeg.h"
#include "imaging/DeflatedDataset.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

namespace radlens::imaging {

namespace {

namespace fs = std::filesystem;

std::runtime_error fail(const std::string& path, const std::string& why) {
    return std::runtime_error(path + ": " + why);
}

void check(const OFCondition& c, const std::string& path, const std::string& what) {
    if (c.bad()) throw fail(path, what + ": " + c.text());
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

/// sRGB (0..255) -> DICOM's scaled CIELab (D65; L 0..100, a and b -128..127,
/// each mapped onto 0..65535), PS3.3 C.10.7.1.1.
std::array<Uint16, 3> dicomLab(const std::array<std::uint8_t, 3>& rgb) {
    double c[3];
    for (int i = 0; i < 3; ++i) {
        const double v = rgb[i] / 255.0;
        c[i] = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    }
    const double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
    const double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    const double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
    const double L = 116 * f(y) - 16, a = 500 * (f(x) - f(y)), b = 200 * (f(y) - f(z));
    auto scale = [](double v, double lo, double hi) {
        return Uint16(std::lround(std::clamp((v - lo) / (hi - lo), 0.0, 1.0) * 65535));
    };
    return {scale(L, 0, 100), scale(a, -128, 127), scale(b, -128, 127)};
}

/// The inverse of dicomLab(): DICOM's scaled CIELab -> sRGB (0..255).
std::array<std::uint8_t, 3> rgbFromDicomLab(Uint16 Ls, Uint16 as, Uint16 bs) {
    const double L = Ls / 65535.0 * 100, a = as / 65535.0 * 255 - 128, b = bs / 65535.0 * 255 - 128;
    const double fy = (L + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
    auto finv = [](double t) { return t > 0.206893 ? t * t * t : (t - 16.0 / 116) / 7.787; };
    const double x = finv(fx) * 0.95047, y = finv(fy), z = finv(fz) * 1.08883;
    const double lin[3] = {3.2406 * x - 1.5372 * y - 0.4986 * z,
                           -0.9689 * x + 1.8758 * y + 0.0415 * z,
                           0.0557 * x - 0.2040 * y + 1.0570 * z};
    std::array<std::uint8_t, 3> rgb{};
    for (int i = 0; i < 3; ++i) {
        const double c = std::clamp(lin[i], 0.0, 1.0);
        const double v = c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055;
        rgb[std::size_t(i)] = std::uint8_t(std::lround(std::clamp(v, 0.0, 1.0) * 255));
    }
    return rgb;
}

Code codeOf(CodeSequenceMacro& m) {
    OFString value, scheme, meaning;
    m.getCodeValue(value);
    m.getCodingSchemeDesignator(scheme);
    m.getCodeMeaning(meaning);
    return {value.c_str(), scheme.c_str(), meaning.c_str()};
}

/// SNOMED CT codes for the lesion classes Radlens' models name; anything else
/// is a "Lesion" with its own name as the segment label.
CodeSequenceMacro propertyType(const std::string& name) {
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    if (n == "nodule") return CodeSequenceMacro("27925004", "SCT", "Nodule");
    if (n == "mass") return CodeSequenceMacro("4147007", "SCT", "Mass");
    if (n == "consolidation") return CodeSequenceMacro("95436008", "SCT", "Lung consolidation");
    return CodeSequenceMacro("52988006", "SCT", "Lesion");
}

std::string baseSeriesUid(const std::string& uid) {
    const auto hash = uid.find('#');  // "#2": a part of a split series
    return hash == std::string::npos ? uid : uid.substr(0, hash);
}

}  // namespace

namespace {

/// A person's name as a DICOM PN value: no backslashes, at most 64 characters.
std::string personName(const std::string& name) {
    std::string out;
    for (char c : name) out += c == '\\' ? ' ' : c;
    if (out.size() > 64) out.resize(64);
    return out.empty() ? std::string("ANONYMOUS") : out;
}

}  // namespace

void DicomSeg::write(const Volume& labels, const Series& series, const std::vector<Label>& segments,
                     const SegCreator& creator, const std::string& path) {
    const auto& d = labels.dims();
    if (labels.pixelType() != PixelType::UInt8)
        throw fail(path, "the label volume must be 8-bit labels");
    if (int(series.slices.size()) != d[2] || series.geometry.dims != d)
        throw fail(path, "the label volume does not match the series' grid");
    if (d[0] > 65535 || d[1] > 65535) throw fail(path, "images wider than 65535 pixels");
    for (std::size_t i = 0; i < segments.size(); ++i)
        if (segments[i].value != int(i) + 1)
            throw fail(path, "segments must be numbered 1, 2, ... by label value");
    const std::uint8_t* px = labels.dataAs<std::uint8_t>();
    for (std::size_t i = 0; i < labels.geometry().voxelCount(); ++i)
        if (px[i] > segments.size())
            throw fail(path, "label " + std::to_string(px[i]) + " has no segment");

    IODGeneralEquipmentModule::EquipmentInfo equipment("Radlens", "Radlens", "1",
                                                       creator.softwareVersion.c_str());
    const std::string creatorName = creator.manual ? personName(creator.annotator) : "RADLENS^AI";
    // Content Description is LO: at most 64 characters (a long model name is cut).
    const std::string description = (creator.manual ? "Annotation by " + creator.annotator
                                                    : "Segmentation by " + creator.algorithmName)
                                        .substr(0, 64);
    ContentIdentificationMacro content("1", creator.manual ? "ANNOTATION" : "AI_SEGMENTATION",
                                       description.c_str(), creatorName.c_str());
    DcmSegmentation* raw = nullptr;
    check(DcmSegmentation::createBinarySegmentation(raw, Uint16(d[1]), Uint16(d[0]), equipment,
                                                    content),
          path, "cannot create the segmentation");
    std::unique_ptr<DcmSegmentation> seg(raw);
    const InstanceInfo& first = series.instances.at(std::size_t(series.slices.front().instance));
    // Patient, study and frame of reference from the source images.
    check(seg->importFromSourceImage(first.path.c_str()), path,
          "cannot read the source image " + first.path);
    char uid[100];
    seg->getSeries().setSeriesInstanceUID(dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
    seg->getSOPCommon().setSOPInstanceUID(dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    seg->getSeries().setSeriesDescription(creator.seriesDescription.c_str());
    seg->getSeries().setSeriesNumber("9001");

    // Shared: pixel size and orientation (the volume's x and y axes).
    const Geometry& g = series.geometry;
    FGPixelMeasures measures;
    check(measures.setPixelSpacing((num(g.spacing[1]) + "\\" + num(g.spacing[0])).c_str()), path,
          "pixel spacing");
    check(measures.setSliceThickness(num(g.spacing[2]).c_str()), path, "slice thickness");
    check(seg->addForAllFrames(measures), path, "pixel measures");
    FGPlaneOrientationPatient orientation;
    const auto& m = g.direction;
    check(orientation.setImageOrientationPatient(num(m[0]).c_str(), num(m[3]).c_str(),
                                                 num(m[6]).c_str(), num(m[1]).c_str(),
                                                 num(m[4]).c_str(), num(m[7]).c_str()),
          path, "orientation");
    check(seg->addForAllFrames(orientation), path, "orientation");

    for (const Label& s : segments) {
        DcmSegment* segment = nullptr;
        check(
            DcmSegment::create(
                segment, s.name.c_str(),
                s.category.empty()
                    ? CodeSequenceMacro("49755003", "SCT", "Morphologically Altered Structure")
                    : CodeSequenceMacro(s.category.value.c_str(), s.category.scheme.c_str(),
                                        s.category.meaning.c_str()),
                s.type.empty() ? propertyType(s.name)
                               : CodeSequenceMacro(s.type.value.c_str(), s.type.scheme.c_str(),
                                                   s.type.meaning.c_str()),
                creator.manual ? DcmSegTypes::SAT_MANUAL : DcmSegTypes::SAT_AUTOMATIC,
                creator.manual ? ""
                               : (creator.algorithmName + " " + creator.algorithmVersion).c_str()),
            path, "segment " + s.name);
        const auto lab = dicomLab(s.color);
        segment->setRecommendedDisplayCIELabValue(lab[0], lab[1], lab[2]);
        Uint16 number = 0;
        const OFCondition added = seg->addSegment(segment, number);
        if (added.bad()) delete segment;
        check(added, path, "segment " + s.name);
    }

    // Frames: each (segment, slice) that holds the segment.
    const std::size_t sliceVoxels = std::size_t(d[0]) * d[1];
    std::vector<Uint8> frame(sliceVoxels);
    IODReferences references;
    int frames = 0;
    auto addFrame = [&](int label, int k, bool forceEmpty) {
        const std::uint8_t* slice = px + std::size_t(k) * sliceVoxels;
        bool any = false;
        for (std::size_t i = 0; i < sliceVoxels; ++i) {
            frame[i] = slice[i] == label ? 1 : 0;
            any |= frame[i] != 0;
        }
        if (!any && !forceEmpty) return;
        const FrameRef ref = series.slices[std::size_t(k)];
        const InstanceInfo& src = series.instances.at(std::size_t(ref.instance));
        FGPlanePosPatient position;
        const auto w = g.indexToWorld(0, 0, k);
        check(position.setImagePositionPatient(num(w[0]).c_str(), num(w[1]).c_str(),
                                               num(w[2]).c_str()),
              path, "position");
        ImageSOPInstanceReferenceMacro image;
        image.setReferencedSOPClassUID(src.sopClassUid.c_str());
        image.setReferencedSOPInstanceUID(src.sopInstanceUid.c_str());
        if (src.frames > 1) image.addReferencedFrameNumber(Uint16(ref.frame + 1));
        std::unique_ptr<FGDerivationImage> derivation(DcmSegmentation::createDerivationImageFG(
            OFVector<ImageSOPInstanceReferenceMacro>(1, image),
            "Segmentation by a neural network"));
        if (!derivation) throw fail(path, "cannot reference " + src.sopInstanceUid);
        FGFrameContent content;
        content.setDimensionIndexValues(Uint32(label), 0);
        content.setDimensionIndexValues(Uint32(k + 1), 1);
        OFVector<FGBase*> groups;
        groups.push_back(&position);
        groups.push_back(derivation.get());
        groups.push_back(&content);
        check(seg->addFrame(frame.data(), Uint16(label), groups), path, "frame");
        references.add(new IODImageReference(src.patientId.c_str(), src.studyUid.c_str(),
                                             baseSeriesUid(src.seriesUid).c_str(),
                                             src.sopInstanceUid.c_str(), src.sopClassUid.c_str()));
        ++frames;
    };
    // Every segment needs a frame: one absent from the volume keeps an empty
    // frame on the first slice.
    if (segments.empty()) throw fail(path, "no segments to write");
    for (const Label& s : segments) {
        const int before = frames;
        for (int k = 0; k < d[2]; ++k) addFrame(s.value, k, false);
        if (frames == before) addFrame(s.value, 0, true);
    }
    seg->getCommonInstanceReference().addReferences(references);
    IODMultiframeDimensionModule& dims = seg->getDimensions();
    char orgUid[100];
    dcmGenerateUniqueIdentifier(orgUid);
    check(dims.addDimensionIndex(DCM_ReferencedSegmentNumber, orgUid,
                                 DCM_SegmentIdentificationSequence, "Segment"),
          path, "dimension");
    check(dims.addDimensionIndex(DCM_ImagePositionPatient, orgUid, DCM_PlanePositionSequence,
                                 "Position"),
          path, "dimension");

    const std::string partial = path + ".partial";
    check(seg->saveFile(partial.c_str(), EXS_LittleEndianExplicit), path, "cannot write");
    std::error_code ec;
    fs::rename(partial, path, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw fail(path, "cannot write: " + ec.message());
    }
}

namespace {

/// The Referenced Series Sequence's first Series Instance UID of a SEG
/// dataset; throws when the dataset is not a SEG or names none.
std::string referencedSeriesOf(DcmDataset& ds, const std::string& path) {
    OFString sop;
    ds.findAndGetOFString(DCM_SOPClassUID, sop);
    if (sop != UID_SegmentationStorage) throw fail(path, "not a DICOM Segmentation");
    DcmItem* item = nullptr;
    OFString uid;
    if (ds.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, item, 0).good() && item)
        item->findAndGetOFString(DCM_SeriesInstanceUID, uid);
    if (uid.empty()) throw fail(path, "the segmentation names no referenced series");
    return uid.c_str();
}

}  // namespace

std::string DicomSeg::referencedSeries(const std::string& path) {
    DeflatedDataset::check(path);
    DcmFileFormat file;
    if (file.loadFile(path.c_str()).bad()) throw fail(path, "not a readable DICOM file");
    return referencedSeriesOf(*file.getDataset(), path);
}

Volume DicomSeg::read(const std::string& path, const Series& series, const Geometry& grid,
                      std::vector<Label>* segments) {
    // The file is read once: the checks, then the segmentation from the same dataset.
    DeflatedDataset::check(path);
    DcmFileFormat file;
    if (file.loadFile(path.c_str()).bad()) throw fail(path, "not a readable DICOM file");
    DcmDataset& ds = *file.getDataset();
    const std::string referenced = referencedSeriesOf(ds, path);
    if (referenced != baseSeriesUid(series.uid))
        throw fail(path, "it refers to series " + referenced + ", which is not the one given (" +
                             series.uid + "): open the images it was made on first");
    Uint16 rows = 0, cols = 0;
    ds.findAndGetUint16(DCM_Rows, rows);
    ds.findAndGetUint16(DCM_Columns, cols);
    DcmSegmentation* raw = nullptr;
    const OFCondition loaded = DcmSegmentation::loadDataset(ds, raw);
    // Owned before the check: on an error DCMTK may have made one already
    // (found by fuzz_seg as a leak).
    std::unique_ptr<DcmSegmentation> seg(raw);
    check(loaded, path, "cannot read the segmentation");
    if (seg->getSegmentationType() != DcmSegTypes::ST_BINARY)
        throw fail(path, "only binary segmentations can be shown");
    if (rows != grid.dims[1] || cols != grid.dims[0])
        throw fail(path, "its frames are " + std::to_string(cols) + "x" + std::to_string(rows) +
                             ", the series' images " + std::to_string(grid.dims[0]) + "x" +
                             std::to_string(grid.dims[1]));
    Volume out(PixelType::UInt8, grid);
    std::uint8_t* px = out.dataAs<std::uint8_t>();
    const std::size_t sliceVoxels = std::size_t(grid.dims[0]) * grid.dims[1];
    const std::size_t nSegments = seg->getNumberOfSegments();
    if (nSegments > 255) throw fail(path, "more than 255 segments");
    if (segments) {
        segments->clear();
        for (std::size_t s = 1; s <= nSegments; ++s) {
            DcmSegment* segment = seg->getSegment(s);
            Label info;
            info.value = int(s);
            info.color = defaultLabelColor(s - 1);
            OFString label;
            if (segment) {
                segment->getSegmentLabel(label);
                Uint16 L = 0, A = 0, B = 0;
                if (segment->getRecommendedDisplayCIELabValue(L, A, B).good())
                    info.color = rgbFromDicomLab(L, A, B);
                info.category = codeOf(segment->getSegmentedPropertyCategoryCode());
                info.type = codeOf(segment->getSegmentedPropertyTypeCode());
            }
            info.name = label.c_str();
            segments->push_back(info);
        }
    }
    FGInterface& fg = seg->getFunctionalGroups();
    for (std::size_t f = 0; f < seg->getNumberOfFrames(); ++f) {
        auto* segFg =
            dynamic_cast<FGSegmentation*>(fg.get(Uint32(f), DcmFGTypes::EFG_SEGMENTATION));
        auto* pos =
            dynamic_cast<FGPlanePosPatient*>(fg.get(Uint32(f), DcmFGTypes::EFG_PLANEPOSPATIENT));
        if (!segFg || !pos)
            throw fail(path, "frame " + std::to_string(f + 1) + " lacks its segment or position");
        Uint16 number = 0;
        segFg->getReferencedSegmentNumber(number);
        if (number == 0 || number > nSegments)
            throw fail(path, "frame " + std::to_string(f + 1) + " names an unknown segment");
        Float64 x = 0, y = 0, z = 0;
        pos->getImagePositionPatient(x, y, z);
        const auto index = grid.worldToIndex({x, y, z});
        const int k = int(std::lround(index[2]));
        if (std::abs(index[0]) > 0.01 || std::abs(index[1]) > 0.01 || k < 0 || k >= grid.dims[2] ||
            std::abs(index[2] - k) > 0.01)
            throw fail(path,
                       "frame " + std::to_string(f + 1) + " does not lie on a slice of the series");
        const DcmIODTypes::Frame* packed = seg->getFrame(f);
        if (!packed) throw fail(path, "frame " + std::to_string(f + 1) + " has no pixels");
        std::unique_ptr<DcmIODTypes::Frame> bits(
            DcmSegUtils::unpackBinaryFrame(packed, rows, cols));
        if (!bits) throw fail(path, "frame " + std::to_string(f + 1) + " cannot be unpacked");
        std::uint8_t* slice = px + std::size_t(k) * sliceVoxels;
        for (std::size_t i = 0; i < sliceVoxels; ++i)
            if (bits->pixData[i]) slice[i] = std::uint8_t(number);
    }
    return out;
}

}  // namespace radlens::imaging
