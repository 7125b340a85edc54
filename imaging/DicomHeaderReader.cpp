#include "imaging/DicomHeaderReader.h"
#include "imaging/DeflatedDataset.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcobject.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvr.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/oflog/oflog.h>
#include "platform/Platform.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <vector>

namespace radlens::imaging {

namespace {

/// A text element's value without its padding, or "" when it is not text.
/// Bytes that arrived without a text VR (UN, OB: written by a converter that
/// did not know the tag) are taken as text when they are text, never shown as
/// DCMTK's hex escapes ("41\\6e\\6f..."); a value holding control characters
/// (other than ESC of ISO 2022 and the line breaks of long texts) is binary
/// that DCMTK took for text, and is dropped.
std::string getString(DcmItem* item, const DcmTagKey& tag) {
    DcmElement* e = nullptr;
    if (item->findAndGetElement(tag, e).bad() || !e) return {};
    std::string s;
    const DcmEVR vr = e->ident();
    if (vr == EVR_UN || vr == EVR_OB || vr == EVR_ox || vr == EVR_UNKNOWN || vr == EVR_UNKNOWN2B) {
        Uint8* bytes = nullptr;
        if (e->getUint8Array(bytes).bad() || !bytes) return {};
        s.assign(reinterpret_cast<const char*>(bytes), e->getLength());
    } else {
        OFString value;
        if (e->getOFStringArray(value).bad()) return {};
        s.assign(value.c_str(), value.length());
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    for (unsigned char c : s)
        if (c < 0x20 && c != 0x1b && c != '\t' && c != '\n' && c != '\r' && c != '\f') return {};
    return s;
}

int getInt(DcmItem* item, const DcmTagKey& tag, int fallback = 0) {
    std::string s = getString(item, tag);
    if (s.empty()) {
        Uint16 u = 0;
        if (item->findAndGetUint16(tag, u).good()) return u;
        return fallback;
    }
    try {
        return std::stoi(s);
    } catch (...) {
        return fallback;
    }
}

/// Reads up to n decimal values; returns how many were read.
int getDoubles(DcmItem* item, const DcmTagKey& tag, double* out, int n) {
    int count = 0;
    for (int i = 0; i < n; ++i) {
        Float64 v = 0;
        if (item->findAndGetFloat64(tag, v, i).bad()) break;
        out[i] = v;
        ++count;
    }
    return count;
}

std::vector<double> getAllDoubles(DcmItem* item, const DcmTagKey& tag) {
    std::vector<double> values;
    for (unsigned long i = 0;; ++i) {
        Float64 v = 0;
        if (item->findAndGetFloat64(tag, v, i).bad()) break;
        values.push_back(v);
    }
    return values;
}

bool startsWith(const std::string& s, const char* prefix) {
    return s.compare(0, std::strlen(prefix), prefix) == 0;
}

bool isNonImageClass(const std::string& uid) {
    return startsWith(uid, "1.2.840.10008.5.1.4.1.1.88.") ||  // structured reports, KO
           uid == "1.2.840.10008.5.1.4.1.1.66.4" ||           // segmentation
           // RT objects, except RT Dose: a dose grid, shown as a volume
           (startsWith(uid, "1.2.840.10008.5.1.4.1.1.481.") &&
            uid != "1.2.840.10008.5.1.4.1.1.481.2") ||
           startsWith(uid, "1.2.840.10008.5.1.4.1.1.11.") ||   // presentation states
           startsWith(uid, "1.2.840.10008.5.1.4.1.1.9.") ||    // waveforms
           startsWith(uid, "1.2.840.10008.5.1.4.1.1.104.") ||  // encapsulated documents
           uid == "1.2.840.10008.1.3.10" ||                    // DICOMDIR
           startsWith(uid, "1.2.840.10008.5.1.4.1.1.66");      // registration, fiducials...
}

bool isNativeLittleEndian(const std::string& ts) {
    return ts == UID_LittleEndianImplicitTransferSyntax ||
           ts == UID_LittleEndianExplicitTransferSyntax;
}

/// Native little-endian PixelData is almost always the last element, or
/// followed by a little padding: look for its tag and length in the last
/// expected + 64 KiB of the file, so the loader can read the pixels without
/// parsing the file again. -1 when not found.
std::int64_t findTrailingPixelData(const std::string& path, std::int64_t fileSize,
                                   std::int64_t expected, bool explicitVr) {
    const std::int64_t padded = expected + (expected & 1);
    const int headerLen = explicitVr ? 12 : 8;
    const std::int64_t last = fileSize - padded - headerLen;  // latest possible tag position
    if (last < 0) return -1;
    const std::int64_t first = std::max<std::int64_t>(0, last - 65536);
    std::vector<unsigned char> buf(std::size_t(last - first + headerLen));
    std::ifstream in(path, std::ios::binary);
    in.seekg(first);
    if (!in.read(reinterpret_cast<char*>(buf.data()), std::streamsize(buf.size()))) return -1;
    for (std::int64_t at = last - first; at >= 0; --at) {
        const unsigned char* h = buf.data() + at;
        if (!(h[0] == 0xE0 && h[1] == 0x7F && h[2] == 0x10 && h[3] == 0x00)) continue;
        std::uint32_t len = 0;
        if (explicitVr) {
            if (!(h[4] == 'O' && (h[5] == 'W' || h[5] == 'B') && h[6] == 0 && h[7] == 0)) continue;
            len = h[8] | (h[9] << 8) | (h[10] << 16) | (std::uint32_t(h[11]) << 24);
        } else {
            len = h[4] | (h[5] << 8) | (h[6] << 16) | (std::uint32_t(h[7]) << 24);
        }
        if (std::int64_t(len) == padded || std::int64_t(len) == expected)
            return first + at + headerLen;
    }
    return -1;
}

/// VOILUTSequence items: LUTDescriptor (entries, first mapped, bits), LUTData.
void readVoiLuts(DcmItem* ds, std::vector<VoiLut>& luts) {
    DcmSequenceOfItems* seq = nullptr;
    if (ds->findAndGetSequence(DCM_VOILUTSequence, seq).bad() || !seq) return;
    for (unsigned long i = 0; i < seq->card(); ++i) {
        DcmItem* item = seq->getItem(i);
        // LUTDescriptor is US, or SS when the mapped values are signed (then
        // the first mapped value is signed too).
        long desc[3] = {};
        bool ok = true;
        for (int k = 0; k < 3 && ok; ++k) {
            Uint16 u = 0;
            Sint16 v = 0;
            if (item->findAndGetUint16(DCM_LUTDescriptor, u, k).good())
                desc[k] = u;
            else if (item->findAndGetSint16(DCM_LUTDescriptor, v, k).good())
                desc[k] = k == 1 ? v : Uint16(v);
            else
                ok = false;
        }
        if (!ok) continue;
        VoiLut lut;
        lut.firstMapped = int(desc[1]);
        lut.bits = desc[2] ? desc[2] : 16;
        const unsigned long entries = desc[0] == 0 ? 65536 : desc[0];
        const Uint16* data = nullptr;
        unsigned long count = 0;
        if (item->findAndGetUint16Array(DCM_LUTData, data, &count).bad() || !data) continue;
        if (lut.bits <= 8 && count * 2 >= entries && count < entries) {
            // 8-bit entries packed two per 16-bit word.
            for (unsigned long k = 0; k < entries; ++k)
                lut.data.push_back(std::uint16_t((data[k / 2] >> (8 * (k % 2))) & 0xFF));
        } else {
            lut.data.assign(data, data + std::min(count, entries));
        }
        OFString name;
        if (item->findAndGetOFString(DCM_LUTExplanation, name).good()) lut.name = name.c_str();
        luts.push_back(std::move(lut));
    }
}

}  // namespace

std::string sopClassName(const std::string& uid) {
    const char* name = dcmFindNameOfUID(uid.c_str(), nullptr);
    return name ? std::string(name) : uid;
}

void DicomHeaderReader::silenceDcmtkLog() {
    static std::once_flag once;
    std::call_once(once, [] {
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        // Datasets whose VR encoding contradicts the meta header (seen in the
        // wild, e.g. implicit VR under an explicit transfer syntax): detect it.
        dcmAutoDetectDatasetXfer.set(OFTrue);
        // Elements written with VR UN (a converter that did not know them,
        // e.g. pydicom's rtdose_rle.dcm, every element UN) take the VR of
        // the dictionary, so that text is text and numbers are numbers.
        dcmEnableUnknownVRConversion.set(OFTrue);
        // Dictionary look-ups from many threads: make sure it is loaded first.
        (void)dcmDataDict.isDictionaryLoaded();
    });
}

bool DicomHeaderReader::looksLikeDicom(const std::string& path, std::string& reason) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        reason = "cannot open file";
        return false;
    }
    unsigned char b[132] = {};
    in.read(reinterpret_cast<char*>(b), sizeof b);
    const std::streamsize n = in.gcount();
    if (n == 0) {
        reason = "empty file";
        return false;
    }
    if (n == 132 && std::memcmp(b + 128, "DICM", 4) == 0) return true;
    // A dataset without preamble and meta header starts with an even group,
    // usually 0008 (or 0002), little or big endian.
    if (n >= 8) {
        const unsigned groupLe = b[0] | (b[1] << 8);
        const unsigned groupBe = (b[0] << 8) | b[1];
        if (groupLe == 0x0008 || groupLe == 0x0002 || groupBe == 0x0008) return true;
    }
    reason = n < 132 ? "not DICOM: too short for a DICOM header"
                     : "not DICOM: no \"DICM\" marker after the 128-byte preamble";
    return false;
}

namespace {

bool readHeader(const std::string& path, InstanceInfo& info, std::string& reason) {
    DicomHeaderReader::silenceDcmtkLog();
    info = InstanceInfo{};
    info.path = path;
    platform::FileStamp st;
    if (!platform::fileStamp(path, st)) {
        reason = "cannot read file";
        return false;
    }
    info.fileSize = st.size;
    info.mtimeNs = st.mtimeNs;
    if (!st.regular) {
        reason = "not a regular file";
        return false;
    }
    if (!DicomHeaderReader::looksLikeDicom(path, reason)) return false;
    // Before DCMTK inflates a deflated data set (it allocates what each
    // element declares).
    reason = DeflatedDataset::problem(path);
    if (!reason.empty()) return false;

    DcmFileFormat ff;
    OFCondition cond = ff.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, 4096,
                                           ERM_autoDetect, DCM_PixelData);
    if (cond.bad()) {
        // Some writers put an implicit VR dataset under an explicit meta header.
        DcmFileFormat retry;
        if (retry
                .loadFileUntilTag(path.c_str(), EXS_LittleEndianImplicit, EGL_noChange, 4096,
                                  ERM_autoDetect, DCM_PixelData)
                .good() &&
            retry.getDataset()->tagExists(DCM_SOPClassUID)) {
            ff = retry;
            cond = EC_Normal;
        }
    }
    if (cond.bad()) {
        reason = std::string("damaged DICOM header: ") + cond.text();
        return false;
    }
    DcmMetaInfo* meta = ff.getMetaInfo();
    DcmDataset* ds = ff.getDataset();
    info.transferSyntaxUid = getString(meta, DCM_TransferSyntaxUID);
    if (info.transferSyntaxUid.empty())
        info.transferSyntaxUid = DcmXfer(ds->getOriginalXfer()).getXferID();
    info.sopClassUid = getString(ds, DCM_SOPClassUID);
    if (info.sopClassUid.empty()) info.sopClassUid = getString(meta, DCM_MediaStorageSOPClassUID);
    info.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
    if (info.sopInstanceUid.empty())
        info.sopInstanceUid = getString(meta, DCM_MediaStorageSOPInstanceUID);

    info.patientId = getString(ds, DCM_PatientID);
    info.patientName = getString(ds, DCM_PatientName);
    info.studyUid = getString(ds, DCM_StudyInstanceUID);
    info.studyDate = getString(ds, DCM_StudyDate);
    info.studyDescription = getString(ds, DCM_StudyDescription);
    info.seriesUid = getString(ds, DCM_SeriesInstanceUID);
    info.seriesDescription = getString(ds, DCM_SeriesDescription);
    info.modality = getString(ds, DCM_Modality);
    info.seriesNumber = getInt(ds, DCM_SeriesNumber);
    info.instanceNumber = getInt(ds, DCM_InstanceNumber);
    info.acquisitionNumber = getInt(ds, DCM_AcquisitionNumber);
    info.echoNumber = getInt(ds, DCM_EchoNumbers);

    info.rows = getInt(ds, DCM_Rows);
    info.columns = getInt(ds, DCM_Columns);
    info.frames = std::max(1, getInt(ds, DCM_NumberOfFrames, 1));
    info.samplesPerPixel = getInt(ds, DCM_SamplesPerPixel, 1);
    info.bitsAllocated = getInt(ds, DCM_BitsAllocated);
    info.bitsStored = getInt(ds, DCM_BitsStored, info.bitsAllocated);
    info.highBit = getInt(ds, DCM_HighBit, info.bitsStored - 1);
    // Bits Stored and High Bit as the allocated bits can hold them: a damaged
    // header says 65 535 (PS3.5 8.1.1: HighBit = BitsStored - 1 at most BitsAllocated - 1).
    if (info.bitsAllocated > 0 && (info.bitsStored <= 0 || info.bitsStored > info.bitsAllocated))
        info.bitsStored = info.bitsAllocated;
    if (info.highBit < info.bitsStored - 1 || info.highBit >= info.bitsAllocated)
        info.highBit = info.bitsStored - 1;
    info.pixelRepresentation = getInt(ds, DCM_PixelRepresentation);
    info.planarConfiguration = getInt(ds, DCM_PlanarConfiguration);
    info.photometric = getString(ds, DCM_PhotometricInterpretation);

    if (info.sopClassUid.empty() && info.rows == 0) {
        reason = "DICOM dataset without SOP Class UID or image: nothing to show";
        return false;
    }
    const bool nonImage = isNonImageClass(info.sopClassUid);
    info.isImage = info.rows > 0 && info.columns > 0 && info.bitsAllocated > 0 && !nonImage;
    if (!nonImage && info.rows == 0) {
        reason = "image object (" + sopClassName(info.sopClassUid) +
                 ") without pixel data: header only, or truncated";
        return false;
    }

    // Geometry: classic attributes first, then enhanced functional groups.
    info.hasPosition = getDoubles(ds, DCM_ImagePositionPatient, info.position.data(), 3) == 3;
    info.hasOrientation =
        getDoubles(ds, DCM_ImageOrientationPatient, info.orientation.data(), 6) == 6;
    info.patientOrientation = getString(ds, DCM_PatientOrientation);
    info.hasPixelSpacing = getDoubles(ds, DCM_PixelSpacing, info.pixelSpacing.data(), 2) == 2;
    if (!info.hasPixelSpacing)
        info.hasPixelSpacing =
            getDoubles(ds, DCM_ImagerPixelSpacing, info.pixelSpacing.data(), 2) == 2;
    getDoubles(ds, DCM_SliceThickness, &info.sliceThickness, 1);
    getDoubles(ds, DCM_SpacingBetweenSlices, &info.spacingBetweenSlices, 1);
    const bool hasSlope = getDoubles(ds, DCM_RescaleSlope, &info.rescaleSlope, 1) == 1;
    getDoubles(ds, DCM_RescaleIntercept, &info.rescaleIntercept, 1);
    // RT Dose: stored values times Dose Grid Scaling are the dose (Gy).
    double doseScaling = 0;
    if (!hasSlope && getDoubles(ds, DCM_DoseGridScaling, &doseScaling, 1) == 1 && doseScaling > 0)
        info.rescaleSlope = doseScaling;
    info.windowCenters = getAllDoubles(ds, DCM_WindowCenter);
    info.windowWidths = getAllDoubles(ds, DCM_WindowWidth);
    for (unsigned long k = 0;; ++k) {
        OFString text;
        if (ds->findAndGetOFString(DCM_WindowCenterWidthExplanation, text, k).bad()) break;
        info.windowExplanations.push_back(text.c_str());
    }
    readVoiLuts(ds, info.voiLuts);

    DcmItem* shared = nullptr;
    ds->findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
    DcmItem* firstFrame = nullptr;
    ds->findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, firstFrame, 0);
    // Enhanced objects: the functional groups are authoritative; the shared
    // group first, a value in the first frame's group overrides it.
    for (DcmItem* group : {shared, firstFrame}) {
        if (!group) continue;
        DcmItem* it = nullptr;
        if (group->findAndGetSequenceItem(DCM_PlaneOrientationSequence, it, 0).good() &&
            getDoubles(it, DCM_ImageOrientationPatient, info.orientation.data(), 6) == 6)
            info.hasOrientation = true;
        if (group->findAndGetSequenceItem(DCM_PixelMeasuresSequence, it, 0).good()) {
            if (getDoubles(it, DCM_PixelSpacing, info.pixelSpacing.data(), 2) == 2)
                info.hasPixelSpacing = true;
            getDoubles(it, DCM_SliceThickness, &info.sliceThickness, 1);
            getDoubles(it, DCM_SpacingBetweenSlices, &info.spacingBetweenSlices, 1);
        }
        if (group->findAndGetSequenceItem(DCM_PixelValueTransformationSequence, it, 0).good()) {
            getDoubles(it, DCM_RescaleSlope, &info.rescaleSlope, 1);
            getDoubles(it, DCM_RescaleIntercept, &info.rescaleIntercept, 1);
        }
        if (info.windowCenters.empty() &&
            group->findAndGetSequenceItem(DCM_FrameVOILUTSequence, it, 0).good()) {
            info.windowCenters = getAllDoubles(it, DCM_WindowCenter);
            info.windowWidths = getAllDoubles(it, DCM_WindowWidth);
        }
    }
    DcmSequenceOfItems* perFrame = nullptr;
    if (ds->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).good() && perFrame &&
        int(perFrame->card()) == info.frames) {
        for (unsigned long f = 0; f < perFrame->card(); ++f) {
            DcmItem* pos = nullptr;
            DcmItem* frameItem = perFrame->getItem(f);
            std::array<double, 3> p{};
            if (frameItem->findAndGetSequenceItem(DCM_PlanePositionSequence, pos, 0).bad() ||
                getDoubles(pos, DCM_ImagePositionPatient, p.data(), 3) != 3) {
                info.framePositions.clear();
                break;
            }
            info.framePositions.push_back(p);
        }
        if (!info.framePositions.empty() && !info.hasPosition) {
            info.hasPosition = true;
            info.position = info.framePositions.front();
        }
    }

    // RT Dose frames: Grid Frame Offset Vector, along the normal from the
    // position when it starts at 0 (relative), else the frames' z (absolute).
    if (info.framePositions.empty() && info.frames > 1 && info.hasPosition && info.hasOrientation) {
        const std::vector<double> offsets = getAllDoubles(ds, DCM_GridFrameOffsetVector);
        if (int(offsets.size()) == info.frames) {
            const auto& o = info.orientation;
            const std::array<double, 3> n{o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5],
                                          o[0] * o[4] - o[1] * o[3]};
            for (double off : offsets) {
                std::array<double, 3> p = info.position;
                if (offsets.front() == 0.0) {
                    for (int k = 0; k < 3; ++k) p[std::size_t(k)] += off * n[std::size_t(k)];
                } else {
                    p[2] = off;
                }
                info.framePositions.push_back(p);
            }
        }
    }

    if (info.isImage && isNativeLittleEndian(info.transferSyntaxUid)) {
        const std::int64_t bits = std::int64_t(info.rows) * info.columns * info.frames *
                                  info.samplesPerPixel * info.bitsAllocated;
        const std::int64_t expected = (bits + 7) / 8;
        info.pixelDataOffset =
            findTrailingPixelData(path, info.fileSize, expected,
                                  info.transferSyntaxUid == UID_LittleEndianExplicitTransferSyntax);
    }
    return true;
}

}  // namespace

bool DicomHeaderReader::read(const std::string& path, InstanceInfo& info, std::string& reason) {
    // DCMTK 3.6.7 can throw from inside its parser on damaged files (a
    // DICOMDIR record's text made std::string::erase throw out_of_range,
    // found by fuzz_dicomdir): such a file is skipped with the reason.
    try {
        return readHeader(path, info, reason);
    } catch (const std::exception& e) {
        reason = std::string("damaged DICOM file: ") + e.what();
        return false;
    }
}

}  // namespace radlens::imaging
