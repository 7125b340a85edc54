#include "imaging/Anonymizer.h"

// clang-format off
#include <dcmtk/config/osconfig.h>
// clang-format on
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "imaging/DeflatedDataset.h"
#include "imaging/DurableFile.h"

namespace radlens::imaging {

// DeidentificationMethod is an LO: at most 64 characters.
const char* const Anonymizer::kMethod =
    "PS3.15 Basic Application Level Confidentiality Profile, Radlens";

namespace {

// Actions of PS3.15 Table E.1-1 (Basic Profile column). Where the table
// allows a choice by type (X/Z, Z/D, X/Z/D) we take the one that keeps a
// type 1 or 2 attribute present: Z for type 2, D for type 1, else X.
enum class Action { Dummy, Zero, Remove, Uid };
struct Rule {
    Uint16 group, element;
    Action action;
};
constexpr Rule kRules[] = {
    // Patient
    {0x0010, 0x0010, Action::Dummy},   // Patient's Name
    {0x0010, 0x0020, Action::Dummy},   // Patient ID (a pseudonym)
    {0x0010, 0x0021, Action::Remove},  // Issuer of Patient ID
    {0x0010, 0x0030, Action::Zero},    // Patient's Birth Date
    {0x0010, 0x0032, Action::Remove},  // Patient's Birth Time
    {0x0010, 0x0040, Action::Zero},    // Patient's Sex
    {0x0010, 0x0050, Action::Remove},  // Patient's Insurance Plan Code Sequence
    {0x0010, 0x0101, Action::Remove},  // Patient's Primary Language Code Sequence
    {0x0010, 0x0102, Action::Remove},  // Patient's Primary Language Modifier Code Sequence
    {0x0010, 0x1000, Action::Remove},  // Other Patient IDs
    {0x0010, 0x1001, Action::Remove},  // Other Patient Names
    {0x0010, 0x1002, Action::Remove},  // Other Patient IDs Sequence
    {0x0010, 0x1005, Action::Remove},  // Patient's Birth Name
    {0x0010, 0x1010, Action::Remove},  // Patient's Age
    {0x0010, 0x1020, Action::Remove},  // Patient's Size
    {0x0010, 0x1030, Action::Remove},  // Patient's Weight
    {0x0010, 0x1040, Action::Remove},  // Patient's Address
    {0x0010, 0x1060, Action::Remove},  // Patient's Mother's Birth Name
    {0x0010, 0x1080, Action::Remove},  // Military Rank
    {0x0010, 0x1081, Action::Remove},  // Branch of Service
    {0x0010, 0x1090, Action::Remove},  // Medical Record Locator
    {0x0010, 0x2000, Action::Remove},  // Medical Alerts
    {0x0010, 0x2110, Action::Remove},  // Allergies
    {0x0010, 0x2150, Action::Remove},  // Country of Residence
    {0x0010, 0x2152, Action::Remove},  // Region of Residence
    {0x0010, 0x2154, Action::Remove},  // Patient's Telephone Numbers
    {0x0010, 0x2160, Action::Remove},  // Ethnic Group
    {0x0010, 0x2180, Action::Remove},  // Occupation
    {0x0010, 0x21A0, Action::Remove},  // Smoking Status
    {0x0010, 0x21B0, Action::Remove},  // Additional Patient History
    {0x0010, 0x21C0, Action::Remove},  // Pregnancy Status
    {0x0010, 0x21D0, Action::Remove},  // Last Menstrual Date
    {0x0010, 0x21F0, Action::Remove},  // Patient's Religious Preference
    {0x0010, 0x2203, Action::Remove},  // Patient's Sex Neutered
    {0x0010, 0x2297, Action::Remove},  // Responsible Person
    {0x0010, 0x2299, Action::Remove},  // Responsible Organization
    {0x0010, 0x4000, Action::Remove},  // Patient Comments
    {0x0038, 0x0010, Action::Remove},  // Admission ID
    {0x0038, 0x0011, Action::Remove},  // Issuer of Admission ID
    {0x0038, 0x0300, Action::Remove},  // Current Patient Location
    {0x0038, 0x0400, Action::Remove},  // Patient's Institution Residence
    {0x0038, 0x0500, Action::Remove},  // Patient State
    {0x0038, 0x4000, Action::Remove},  // Visit Comments
    // Study, series, instance
    {0x0008, 0x0020, Action::Zero},    // Study Date
    {0x0008, 0x0021, Action::Remove},  // Series Date
    {0x0008, 0x0022, Action::Remove},  // Acquisition Date
    {0x0008, 0x0023, Action::Zero},    // Content Date
    {0x0008, 0x0024, Action::Remove},  // Overlay Date
    {0x0008, 0x0025, Action::Remove},  // Curve Date
    {0x0008, 0x002A, Action::Remove},  // Acquisition DateTime
    {0x0008, 0x0030, Action::Zero},    // Study Time
    {0x0008, 0x0031, Action::Remove},  // Series Time
    {0x0008, 0x0032, Action::Remove},  // Acquisition Time
    {0x0008, 0x0033, Action::Zero},    // Content Time
    {0x0008, 0x0034, Action::Remove},  // Overlay Time
    {0x0008, 0x0035, Action::Remove},  // Curve Time
    {0x0008, 0x0012, Action::Remove},  // Instance Creation Date
    {0x0008, 0x0013, Action::Remove},  // Instance Creation Time
    {0x0008, 0x0014, Action::Uid},     // Instance Creator UID
    {0x0008, 0x0018, Action::Uid},     // SOP Instance UID
    {0x0008, 0x0050, Action::Zero},    // Accession Number
    {0x0008, 0x0080, Action::Remove},  // Institution Name
    {0x0008, 0x0081, Action::Remove},  // Institution Address
    {0x0008, 0x0082, Action::Remove},  // Institution Code Sequence
    {0x0008, 0x0090, Action::Zero},    // Referring Physician's Name
    {0x0008, 0x0092, Action::Remove},  // Referring Physician's Address
    {0x0008, 0x0094, Action::Remove},  // Referring Physician's Telephone Numbers
    {0x0008, 0x0096, Action::Remove},  // Referring Physician Identification Sequence
    {0x0008, 0x009C, Action::Zero},    // Consulting Physician's Name
    {0x0008, 0x009D, Action::Remove},  // Consulting Physician Identification Sequence
    {0x0008, 0x0201, Action::Remove},  // Timezone Offset From UTC
    {0x0008, 0x1010, Action::Remove},  // Station Name
    {0x0008, 0x1030, Action::Remove},  // Study Description
    {0x0008, 0x103E, Action::Remove},  // Series Description
    {0x0008, 0x1040, Action::Remove},  // Institutional Department Name
    {0x0008, 0x1048, Action::Remove},  // Physician(s) of Record
    {0x0008, 0x1049, Action::Remove},  // Physician(s) of Record Identification Sequence
    {0x0008, 0x1050, Action::Remove},  // Performing Physician's Name
    {0x0008, 0x1052, Action::Remove},  // Performing Physician Identification Sequence
    {0x0008, 0x1060, Action::Remove},  // Name of Physician(s) Reading Study
    {0x0008, 0x1062, Action::Remove},  // Physician(s) Reading Study Identification Sequence
    {0x0008, 0x1070, Action::Remove},  // Operators' Name
    {0x0008, 0x1072, Action::Remove},  // Operator Identification Sequence
    {0x0008, 0x1080, Action::Remove},  // Admitting Diagnoses Description
    {0x0008, 0x1084, Action::Remove},  // Admitting Diagnoses Code Sequence
    {0x0008, 0x1110, Action::Remove},  // Referenced Study Sequence
    {0x0008, 0x1111, Action::Remove},  // Referenced Performed Procedure Step Sequence
    {0x0008, 0x1120, Action::Remove},  // Referenced Patient Sequence
    {0x0008, 0x1155, Action::Uid},     // Referenced SOP Instance UID
    {0x0008, 0x1195, Action::Uid},     // Transaction UID
    {0x0008, 0x2111, Action::Remove},  // Derivation Description
    {0x0008, 0x3010, Action::Uid},     // Irradiation Event UID
    {0x0008, 0x4000, Action::Remove},  // Identifying Comments
    {0x0018, 0x1000, Action::Remove},  // Device Serial Number
    {0x0018, 0x1002, Action::Uid},     // Device UID
    {0x0018, 0x1004, Action::Remove},  // Plate ID
    {0x0018, 0x1005, Action::Remove},  // Generator ID
    {0x0018, 0x1007, Action::Remove},  // Cassette ID
    {0x0018, 0x1008, Action::Remove},  // Gantry ID
    {0x0018, 0x1030, Action::Remove},  // Protocol Name
    {0x0018, 0x1400, Action::Remove},  // Acquisition Device Processing Description
    {0x0018, 0x4000, Action::Remove},  // Acquisition Comments
    {0x0018, 0x700A, Action::Remove},  // Detector ID
    {0x0018, 0x9424, Action::Remove},  // Acquisition Protocol Description
    {0x0018, 0xA003, Action::Remove},  // Contribution Description
    {0x0020, 0x000D, Action::Uid},     // Study Instance UID
    {0x0020, 0x000E, Action::Uid},     // Series Instance UID
    {0x0020, 0x0010, Action::Zero},    // Study ID
    {0x0020, 0x0052, Action::Uid},     // Frame of Reference UID
    {0x0020, 0x0200, Action::Uid},     // Synchronization Frame of Reference UID
    {0x0020, 0x3401, Action::Remove},  // Modifying Device ID
    {0x0020, 0x3404, Action::Remove},  // Modifying Device Manufacturer
    {0x0020, 0x3406, Action::Remove},  // Modified Image Description
    {0x0020, 0x4000, Action::Remove},  // Image Comments
    {0x0020, 0x9158, Action::Remove},  // Frame Comments
    {0x0020, 0x9161, Action::Uid},     // Concatenation UID
    {0x0020, 0x9164, Action::Uid},     // Dimension Organization UID
    {0x0028, 0x4000, Action::Remove},  // Image Presentation Comments
    {0x0032, 0x0012, Action::Remove},  // Study ID Issuer
    {0x0032, 0x1020, Action::Remove},  // Scheduled Study Location
    {0x0032, 0x1021, Action::Remove},  // Scheduled Study Location AE Title
    {0x0032, 0x1030, Action::Remove},  // Reason for Study
    {0x0032, 0x1032, Action::Remove},  // Requesting Physician
    {0x0032, 0x1033, Action::Remove},  // Requesting Service
    {0x0032, 0x1060, Action::Remove},  // Requested Procedure Description
    {0x0032, 0x1070, Action::Remove},  // Requested Contrast Agent
    {0x0032, 0x4000, Action::Remove},  // Study Comments
    {0x0040, 0x0001, Action::Remove},  // Scheduled Station AE Title
    {0x0040, 0x0002, Action::Remove},  // Scheduled Procedure Step Start Date
    {0x0040, 0x0003, Action::Remove},  // Scheduled Procedure Step Start Time
    {0x0040, 0x0004, Action::Remove},  // Scheduled Procedure Step End Date
    {0x0040, 0x0005, Action::Remove},  // Scheduled Procedure Step End Time
    {0x0040, 0x0006, Action::Remove},  // Scheduled Performing Physician Name
    {0x0040, 0x0007, Action::Remove},  // Scheduled Procedure Step Description
    {0x0040, 0x000B, Action::Remove},  // Scheduled Performing Physician Identification Seq.
    {0x0040, 0x0010, Action::Remove},  // Scheduled Station Name
    {0x0040, 0x0011, Action::Remove},  // Scheduled Procedure Step Location
    {0x0040, 0x0012, Action::Remove},  // Pre-Medication
    {0x0040, 0x0241, Action::Remove},  // Performed Station AE Title
    {0x0040, 0x0242, Action::Remove},  // Performed Station Name
    {0x0040, 0x0243, Action::Remove},  // Performed Location
    {0x0040, 0x0244, Action::Remove},  // Performed Procedure Step Start Date
    {0x0040, 0x0245, Action::Remove},  // Performed Procedure Step Start Time
    {0x0040, 0x0250, Action::Remove},  // Performed Procedure Step End Date
    {0x0040, 0x0251, Action::Remove},  // Performed Procedure Step End Time
    {0x0040, 0x0253, Action::Remove},  // Performed Procedure Step ID
    {0x0040, 0x0254, Action::Remove},  // Performed Procedure Step Description
    {0x0040, 0x0275, Action::Remove},  // Request Attributes Sequence
    {0x0040, 0x0280, Action::Remove},  // Comments on the Performed Procedure Step
    {0x0040, 0x0555, Action::Remove},  // Acquisition Context Sequence
    {0x0040, 0x1001, Action::Remove},  // Requested Procedure ID
    {0x0040, 0x1004, Action::Remove},  // Patient Transport Arrangements
    {0x0040, 0x1005, Action::Remove},  // Requested Procedure Location
    {0x0040, 0x1010, Action::Remove},  // Names of Intended Recipients of Results
    {0x0040, 0x1011, Action::Remove},  // Intended Recipients of Results Identification Seq.
    {0x0040, 0x1102, Action::Remove},  // Person's Address
    {0x0040, 0x1103, Action::Remove},  // Person's Telephone Numbers
    {0x0040, 0x1400, Action::Remove},  // Requested Procedure Comments
    {0x0040, 0x2001, Action::Remove},  // Reason for the Imaging Service Request
    {0x0040, 0x2008, Action::Remove},  // Order Entered By
    {0x0040, 0x2009, Action::Remove},  // Order Enterer's Location
    {0x0040, 0x2010, Action::Remove},  // Order Callback Phone Number
    {0x0040, 0x2016, Action::Zero},    // Placer Order Number / Imaging Service Request
    {0x0040, 0x2017, Action::Zero},    // Filler Order Number / Imaging Service Request
    {0x0040, 0x2400, Action::Remove},  // Imaging Service Request Comments
    {0x0040, 0x3001, Action::Remove},  // Confidentiality Constraint on Patient Data
    {0x0040, 0xA027, Action::Remove},  // Verifying Organization
    {0x0040, 0xA073, Action::Remove},  // Verifying Observer Sequence
    {0x0040, 0xA075, Action::Remove},  // Verifying Observer Name
    {0x0040, 0xA078, Action::Remove},  // Author Observer Sequence
    {0x0040, 0xA088, Action::Remove},  // Verifying Observer Identification Code Sequence
    {0x0040, 0xA123, Action::Dummy},   // Person Name
    {0x0040, 0xA124, Action::Uid},     // UID
    {0x0040, 0xA160, Action::Remove},  // Text Value
    {0x0040, 0xA730, Action::Remove},  // Content Sequence
    {0x0040, 0xDB0D, Action::Uid},     // Template Extension Creator UID
    {0x0040, 0xDB0C, Action::Uid},     // Template Extension Organization UID
    {0x0070, 0x0084, Action::Zero},    // Content Creator's Name
    {0x0070, 0x0086, Action::Remove},  // Content Creator's Identification Code Sequence
    {0x0070, 0x031A, Action::Uid},     // Fiducial UID
    {0x0088, 0x0140, Action::Uid},     // Storage Media File-set UID
    {0x0400, 0x0100, Action::Remove},  // Digital Signature UID
    {0x0400, 0x0402, Action::Remove},  // Referenced Digital Signature Sequence
    {0x0400, 0x0403, Action::Remove},  // Referenced SOP Instance MAC Sequence
    {0x0400, 0x0404, Action::Remove},  // MAC
    {0x0400, 0x0550, Action::Remove},  // Modified Attributes Sequence
    {0x0400, 0x0561, Action::Remove},  // Original Attributes Sequence
    {0x3006, 0x0024, Action::Uid},     // Referenced Frame of Reference UID
    {0x3006, 0x00C2, Action::Uid},     // Related Frame of Reference UID
    {0x4008, 0x0114, Action::Remove},  // Physician Approving Interpretation
    {0x4008, 0x0119, Action::Remove},  // Distribution Name
    {0x4008, 0x011A, Action::Remove},  // Distribution Address
    {0x4FFE, 0x0001, Action::Remove},  // MAC Parameters Sequence
    {0xFFFA, 0xFFFA, Action::Remove},  // Digital Signatures Sequence
};

const Rule* ruleFor(const DcmTagKey& tag) {
    for (const Rule& r : kRules)
        if (r.group == tag.getGroup() && r.element == tag.getElement()) return &r;
    return nullptr;
}

/// Curves (50xx) and overlay data and comments (60xx,3000 / 4000) of any repeating group.
bool isRepeatingGroupToRemove(const DcmTagKey& tag) {
    const Uint16 g = tag.getGroup();
    if ((g & 0xFF00) == 0x5000) return true;
    if ((g & 0xFF00) == 0x6000 && (g & 1) == 0)
        return tag.getElement() == 0x3000 || tag.getElement() == 0x4000;
    return false;
}

const char* dummyFor(DcmEVR vr) {
    switch (vr) {
        case EVR_PN:
            return "ANONYMOUS";
        case EVR_DA:
            return "19000101";
        case EVR_TM:
            return "000000";
        case EVR_DT:
            return "19000101000000";
        default:
            return "ANONYMIZED";
    }
}

}  // namespace

Anonymizer::Anonymizer() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        std::random_device rd;
        for (unsigned char& b : bytes) b = static_cast<unsigned char>(rd());
    }
    key_.assign(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

std::string Anonymizer::digest(const std::string& text) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), key_.data(), key_.size()) != 1 ||
        EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), out, &length) != 1)
        throw std::runtime_error("SHA-256 is not available");
    return std::string(reinterpret_cast<const char*>(out), length);
}

std::string Anonymizer::replaceUid(const std::string& uid) {
    if (uid.empty()) return uid;
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = uids_.find(uid);
    if (it != uids_.end()) return it->second;
    // "2.25." and the first 120 bits of the keyed digest as a decimal number
    // (PS3.5 B.2: a UUID-derived UID, at most 39 digits).
    const std::string d = digest("uid:" + uid);
    std::vector<unsigned> number(d.begin(), d.begin() + 15);
    for (unsigned& b : number) b &= 0xFF;
    std::string digits;
    bool nonZero = true;
    while (nonZero) {
        unsigned remainder = 0;
        nonZero = false;
        for (unsigned& b : number) {
            const unsigned v = remainder * 256 + b;
            b = v / 10;
            remainder = v % 10;
            if (b) nonZero = true;
        }
        digits.insert(digits.begin(), char('0' + remainder));
    }
    const std::string out = "2.25." + digits;
    uids_.emplace(uid, out);
    return out;
}

std::string Anonymizer::pseudonym(const std::string& patientId) {
    if (patientId.empty()) return patientId;
    const std::string d = digest("patient:" + patientId);
    static const char* hex = "0123456789ABCDEF";
    std::string out = "ANON-";
    for (int i = 0; i < 6; ++i) {
        out += hex[(static_cast<unsigned char>(d[std::size_t(i)]) >> 4) & 15];
        out += hex[static_cast<unsigned char>(d[std::size_t(i)]) & 15];
    }
    return out;
}

void Anonymizer::clean(DcmItem& item, int depth) {
    if (depth > 32) return;  // a malformed nesting: nothing deeper is kept
    std::vector<DcmTagKey> remove;
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* e = item.getElement(i);
        const DcmTagKey tag = e->getTag();
        if (tag.isPrivate() || isRepeatingGroupToRemove(tag)) {
            remove.push_back(tag);
            continue;
        }
        const Rule* rule = ruleFor(tag);
        if (rule) {
            switch (rule->action) {
                case Action::Remove:
                    remove.push_back(tag);
                    continue;
                case Action::Zero:
                    e->clear();
                    continue;
                case Action::Dummy: {
                    if (tag == DCM_PatientID) {
                        OFString id;
                        e->getOFStringArray(id);
                        e->putString(pseudonym(id.c_str()).c_str());
                    } else {
                        e->putString(dummyFor(e->getVR()));
                    }
                    continue;
                }
                case Action::Uid: {
                    OFString value;
                    e->getOFStringArray(value);
                    // Trailing NUL padding is not part of the UID.
                    std::string uid = value.c_str();
                    while (!uid.empty() && (uid.back() == '\0' || uid.back() == ' '))
                        uid.pop_back();
                    e->putString(replaceUid(uid).c_str());
                    continue;
                }
            }
        }
        if (e->ident() == EVR_SQ) {
            auto* sq = static_cast<DcmSequenceOfItems*>(e);
            for (unsigned long k = 0; k < sq->card(); ++k) clean(*sq->getItem(k), depth + 1);
        }
    }
    for (const DcmTagKey& tag : remove) item.findAndDeleteElement(tag, OFFalse, OFFalse);
}

Anonymizer::Outcome Anonymizer::anonymize(DcmDataset& ds) {
    Outcome o;
    OFString burned;
    if (ds.findAndGetOFString(DCM_BurnedInAnnotation, burned).good())
        o.burnedInAnnotation = burned == "YES";
    clean(ds, 0);
    ds.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
    ds.putAndInsertString(DCM_DeidentificationMethod, kMethod);
    ds.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
    DcmItem* code = nullptr;
    if (ds.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2).good() &&
        code) {
        code->putAndInsertString(DCM_CodeValue, "113100");
        code->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
        code->putAndInsertString(DCM_CodeMeaning, "Basic Application Confidentiality Profile");
    }
    OFString v;
    if (ds.findAndGetOFString(DCM_StudyInstanceUID, v).good()) o.studyUid = v.c_str();
    if (ds.findAndGetOFString(DCM_SeriesInstanceUID, v).good()) o.seriesUid = v.c_str();
    if (ds.findAndGetOFString(DCM_SOPInstanceUID, v).good()) o.sopInstanceUid = v.c_str();
    return o;
}

Anonymizer::Outcome Anonymizer::anonymizeFile(const std::string& in, const std::string& out) {
    DeflatedDataset::check(in);
    DcmFileFormat file;
    const OFCondition read = file.loadFile(in.c_str());
    if (read.bad())
        throw std::runtime_error(in + ": not a readable DICOM file (" + read.text() + ")");
    DcmDataset* ds = file.getDataset();
    if (!ds) throw std::runtime_error(in + ": no data set");
    OFString sop;
    if (ds->findAndGetOFString(DCM_SOPInstanceUID, sop).bad() || sop.empty())
        throw std::runtime_error(in + ": no SOP Instance UID");
    const E_TransferSyntax syntax = ds->getOriginalXfer();
    Outcome o = anonymize(*ds);
    // The meta header is written anew from the data set (its SOP instance UID
    // included); the source AE title and private meta information go.
    DcmMetaInfo* meta = file.getMetaInfo();
    if (meta) meta->clear();
    std::filesystem::create_directories(std::filesystem::path(out).parent_path().empty()
                                            ? std::filesystem::path(".")
                                            : std::filesystem::path(out).parent_path());
    const std::string temp = DurableFile::tempNameFor(out);
    const OFCondition written =
        file.saveFile(temp.c_str(), syntax == EXS_Unknown ? EXS_LittleEndianExplicit : syntax);
    if (written.bad()) {
        std::error_code ec;
        std::filesystem::remove(temp, ec);
        throw std::runtime_error(out + ": cannot be written (" + written.text() + ")");
    }
    DurableFile::commit(temp, out);
    return o;
}

}  // namespace radlens::imaging
