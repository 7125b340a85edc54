#include "imaging/DicomSr.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmsr/dsrcodvl.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <dcmtk/dcmsr/dsrimgvl.h>
#include <dcmtk/dcmsr/dsrnumvl.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>

namespace radlens::imaging {

namespace {

namespace fs = std::filesystem;

std::runtime_error fail(const std::string& path, const std::string& why) {
    return std::runtime_error(path + ": " + why);
}

DSRCodedEntryValue findingCode(const std::string& name) {
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (n == "nodule") return {"27925004", "SCT", "Nodule"};
    if (n == "mass") return {"4147007", "SCT", "Mass"};
    if (n == "consolidation") return {"95436008", "SCT", "Lung consolidation"};
    if (n == "lesion") return {"52988006", "SCT", "Lesion"};
    if (n == "atelectasis") return {"46621007", "SCT", "Atelectasis"};
    if (n == "cardiomegaly") return {"8186001", "SCT", "Cardiomegaly"};
    if (n == "effusion") return {"60046008", "SCT", "Pleural effusion"};
    if (n == "pneumonia") return {"233604007", "SCT", "Pneumonia"};
    if (n == "pneumothorax") return {"36118008", "SCT", "Pneumothorax"};
    if (n == "infiltration") return {"409609008", "SCT", "Radiologic infiltrate of lung"};
    // Any other class: a private code that carries its name.
    std::string value = "C-" + n.substr(0, 14);
    std::replace(value.begin(), value.end(), ' ', '_');
    return {value.c_str(), "99RADLENS", name.c_str()};
}

std::string num(double v, int decimals) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace

void DicomSr::write(const SrReport& report, const Series& series, const std::string& path,
                    const std::string& softwareVersion) {
    if (series.instances.empty()) throw fail(path, "the series has no images");
    // Patient and study from the first source image, so that the report
    // joins the study it describes.
    DcmFileFormat source;
    const InstanceInfo& first = series.instances.front();
    if (source.loadFile(first.path.c_str(), EXS_Unknown, EGL_noChange, 4096).bad())
        throw fail(path, "cannot read the source image " + first.path);
    DcmDataset* src = source.getDataset();
    auto value = [&](const DcmTagKey& tag) {
        OFString v;
        src->findAndGetOFStringArray(tag, v);
        return v;
    };

    DSRDocument doc(DSRTypes::DT_ComprehensiveSR);
    if (doc.createNewSeriesInStudy(value(DCM_StudyInstanceUID)).bad())
        throw fail(path, "the source image has no Study Instance UID");
    doc.setPatientName(value(DCM_PatientName), OFFalse);
    doc.setPatientID(value(DCM_PatientID), OFFalse);
    doc.setPatientBirthDate(value(DCM_PatientBirthDate), OFFalse);
    doc.setPatientSex(value(DCM_PatientSex), OFFalse);
    doc.setStudyDate(value(DCM_StudyDate), OFFalse);
    doc.setStudyTime(value(DCM_StudyTime), OFFalse);
    doc.setStudyID(value(DCM_StudyID), OFFalse);
    doc.setAccessionNumber(value(DCM_AccessionNumber), OFFalse);
    doc.setReferringPhysicianName(value(DCM_ReferringPhysicianName), OFFalse);
    doc.setManufacturer("Radlens");
    doc.setManufacturerModelName("Radlens");
    doc.setSoftwareVersions(softwareVersion.c_str());
    // What a reader must see first leads, so that the 64-character limit
    // cuts the model's name, never the warning.
    std::string description = "AI findings: " + report.modelName + " " + report.modelVersion;
    if (!report.outOfDistribution.empty()) description = "OUTSIDE TRAINING DATA - " + description;
    if (report.syntheticModel) description = "SYNTHETIC - " + description;
    doc.setSeriesDescription(description.substr(0, 64).c_str(), OFFalse);
    doc.setSeriesNumber("9002");

    DSRDocumentTree& tree = doc.getTree();
    auto add = [&](DSRTypes::E_RelationshipType rel, DSRTypes::E_ValueType type,
                   DSRTypes::E_AddMode mode, const DSRCodedEntryValue& concept) {
        if (tree.addContentItem(rel, type, mode) == 0) throw fail(path, "cannot build the report");
        tree.getCurrentContentItem().setConceptName(concept);
    };
    const auto yes = DSRCodedEntryValue("373066001", "SCT", "Yes");
    const auto no = DSRCodedEntryValue("373067005", "SCT", "No");

    add(DSRTypes::RT_isRoot, DSRTypes::VT_Container, DSRTypes::AM_belowCurrent,
        {"126000", "DCM", "Imaging Measurement Report"});
    tree.setTemplateIdentification("1500", "DCMR");
    add(DSRTypes::RT_hasConceptMod, DSRTypes::VT_Code, DSRTypes::AM_belowCurrent,
        {"121049", "DCM", "Language of Content Item and Descendants"});
    tree.getCurrentContentItem().setCodeValue({"en-US", "RFC5646", "English (United States)"});
    add(DSRTypes::RT_hasObsContext, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent,
        {"121005", "DCM", "Observer Type"});
    tree.getCurrentContentItem().setCodeValue({"121007", "DCM", "Device"});
    char uid[100];
    add(DSRTypes::RT_hasObsContext, DSRTypes::VT_UIDRef, DSRTypes::AM_afterCurrent,
        {"121012", "DCM", "Device Observer UID"});
    tree.getCurrentContentItem().setStringValue(dcmGenerateUniqueIdentifier(uid));
    add(DSRTypes::RT_hasObsContext, DSRTypes::VT_Text, DSRTypes::AM_afterCurrent,
        {"121013", "DCM", "Device Observer Name"});
    tree.getCurrentContentItem().setStringValue(report.modelName.c_str(), OFFalse);
    add(DSRTypes::RT_hasObsContext, DSRTypes::VT_Text, DSRTypes::AM_afterCurrent,
        {"121015", "DCM", "Device Observer Model Name"});
    tree.getCurrentContentItem().setStringValue(
        (report.modelName + " version " + report.modelVersion).c_str(), OFFalse);
    add(DSRTypes::RT_hasConceptMod, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent,
        {"121058", "DCM", "Procedure reported"});
    tree.getCurrentContentItem().setCodeValue({"363679005", "SCT", "Imaging procedure"});

    // Image library: the images the findings were made on (for lesions, the
    // slices they lie on; for a classification, every image).
    std::set<int> slices;
    if (report.lesions.empty())
        for (int k = 0; k < int(series.slices.size()); ++k) slices.insert(k);
    for (const SrLesion& l : report.lesions)
        if (l.slice >= 0 && l.slice < int(series.slices.size())) slices.insert(l.slice);
    add(DSRTypes::RT_contains, DSRTypes::VT_Container, DSRTypes::AM_afterCurrent,
        {"111028", "DCM", "Image Library"});
    add(DSRTypes::RT_contains, DSRTypes::VT_Container, DSRTypes::AM_belowCurrent,
        {"126200", "DCM", "Image Library Group"});
    bool firstImage = true;
    std::set<std::string> referenced;
    for (int k : slices) {
        const FrameRef ref = series.slices[std::size_t(k)];
        const InstanceInfo& im = series.instances.at(std::size_t(ref.instance));
        if (tree.addContentItem(
                DSRTypes::RT_contains, DSRTypes::VT_Image,
                firstImage ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent) == 0)
            throw fail(path, "cannot build the image library");
        firstImage = false;
        DSRImageReferenceValue image(im.sopClassUid.c_str(), im.sopInstanceUid.c_str());
        if (im.frames > 1) image.getFrameList().addItem(Sint32(ref.frame + 1));
        tree.getCurrentContentItem().setImageReference(image, OFFalse);
        if (referenced.insert(im.sopInstanceUid).second) {
            const std::string seriesUid = im.seriesUid.substr(0, im.seriesUid.find('#'));
            doc.getCurrentRequestedProcedureEvidence().addItem(
                im.studyUid.c_str(), seriesUid.c_str(), im.sopClassUid.c_str(),
                im.sopInstanceUid.c_str());
        }
    }
    tree.goUp();  // to the group
    tree.goUp();  // to the library

    add(DSRTypes::RT_contains, DSRTypes::VT_Container, DSRTypes::AM_afterCurrent,
        {"126010", "DCM", "Imaging Measurements"});
    bool firstGroup = true;
    if (report.syntheticModel) {  // first, where a reader sees it
        add(DSRTypes::RT_contains, DSRTypes::VT_Text, DSRTypes::AM_belowCurrent,
            {"121106", "DCM", "Comment"});
        tree.getCurrentContentItem().setStringValue(
            "SYNTHETIC: a demo model trained on synthetic data made these findings; not for "
            "clinical use.",
            OFFalse);
        firstGroup = false;
    }
    if (!report.outOfDistribution.empty()) {  // first, where a reader sees it
        add(DSRTypes::RT_contains, DSRTypes::VT_Text,
            firstGroup ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent,
            {"121106", "DCM", "Comment"});
        tree.getCurrentContentItem().setStringValue(report.outOfDistribution.c_str(), OFFalse);
        firstGroup = false;
    }
    const bool anyMeasurement = !report.classes.empty() || !report.lesions.empty();
    auto group = [&](const std::string& tracking, const std::string& name) {
        add(DSRTypes::RT_contains, DSRTypes::VT_Container,
            firstGroup ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent,
            {"125007", "DCM", "Measurement Group"});
        firstGroup = false;
        add(DSRTypes::RT_hasObsContext, DSRTypes::VT_Text, DSRTypes::AM_belowCurrent,
            {"112039", "DCM", "Tracking Identifier"});
        tree.getCurrentContentItem().setStringValue(tracking.c_str(), OFFalse);
        add(DSRTypes::RT_hasObsContext, DSRTypes::VT_UIDRef, DSRTypes::AM_afterCurrent,
            {"112040", "DCM", "Tracking Unique Identifier"});
        tree.getCurrentContentItem().setStringValue(dcmGenerateUniqueIdentifier(uid));
        add(DSRTypes::RT_hasConceptMod, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent,
            {"121071", "DCM", "Finding"});
        tree.getCurrentContentItem().setCodeValue(findingCode(name), OFFalse);
    };
    auto measure = [&](const DSRCodedEntryValue& concept, double v, int decimals,
                       const DSRCodedEntryValue& unit) {
        add(DSRTypes::RT_contains, DSRTypes::VT_Num, DSRTypes::AM_afterCurrent, concept);
        tree.getCurrentContentItem().setNumericValue(
            DSRNumericMeasurementValue(num(v, decimals).c_str(), unit), OFFalse);
    };
    const DSRCodedEntryValue noUnits("1", "UCUM", "no units");
    for (const SrClassFinding& c : report.classes) {
        group("AI finding: " + c.name, c.name);
        measure({"PROB", "99RADLENS", "Probability of finding"}, c.probability, 4, noUnits);
        measure({"THRESH", "99RADLENS", "Decision threshold"}, c.threshold, 4, noUnits);
        add(DSRTypes::RT_contains, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent,
            {"FLAG", "99RADLENS", "Flagged by the model"});
        tree.getCurrentContentItem().setCodeValue(c.flagged ? yes : no);
        tree.goUp();
    }
    for (std::size_t i = 0; i < report.lesions.size(); ++i) {
        const SrLesion& l = report.lesions[i];
        group("AI lesion " + std::to_string(i + 1), l.name);
        measure({"118565006", "SCT", "Volume"}, l.volumeMl, 3, {"ml", "UCUM", "milliliter"});
        measure({"81827009", "SCT", "Diameter"}, l.diameterMm, 1, {"mm", "UCUM", "millimeter"});
        tree.goUp();
    }
    if (!anyMeasurement) {  // nothing measured: say so in a text item
        add(DSRTypes::RT_contains, DSRTypes::VT_Text,
            firstGroup ? DSRTypes::AM_belowCurrent : DSRTypes::AM_afterCurrent,
            {"121106", "DCM", "Comment"});
        tree.getCurrentContentItem().setStringValue("The model reported nothing.", OFFalse);
    }
    // The private scheme, as PS3.3 C.12.1.1.2.1 asks.
    DSRCodingSchemeIdentificationList& schemes = doc.getCodingSchemeIdentification();
    if (schemes.addItem("99RADLENS").good()) {
        schemes.setCodingSchemeName("Radlens AI findings");
        schemes.setCodingSchemeResponsibleOrganization("Radlens");
    }

    DcmFileFormat out;
    if (doc.write(*out.getDataset()).bad()) throw fail(path, "cannot encode the report");
    const std::string partial = path + ".partial";
    const OFCondition saved = out.saveFile(partial.c_str(), EXS_LittleEndianExplicit);
    std::error_code ec;
    if (saved.bad()) {
        fs::remove(partial, ec);
        throw fail(path, std::string("cannot write: ") + saved.text());
    }
    fs::rename(partial, path, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw fail(path, "cannot write: " + ec.message());
    }
}

}  // namespace radlens::imaging
