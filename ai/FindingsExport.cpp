#include "ai/FindingsExport.h"

#include <cstdio>
#include <stdexcept>

#include "imaging/DicomSeg.h"
#include "imaging/DicomSr.h"
#include "imaging/LabelMaps.h"

namespace radlens::ai {

void FindingsExport::writeSeg(const Findings& findings, const Manifest& manifest,
                              const imaging::Series& series, const std::string& path,
                              const std::string& softwareVersion) {
    if (!findings.labels)
        throw std::runtime_error(path + ": " + manifest.name +
                                 " gave no label volume to write as a DICOM SEG");
    imaging::SegCreator creator;
    creator.algorithmName = manifest.name;
    creator.algorithmVersion = manifest.version;
    // SYNTHETIC leads: a 64-character limit cuts the name, never the warning.
    creator.seriesDescription = "AI segmentation: " + manifest.name + " " + manifest.version;
    if (manifest.trainedOnSyntheticData())
        creator.seriesDescription = "SYNTHETIC - " + creator.seriesDescription;
    creator.seriesDescription = creator.seriesDescription.substr(0, 64);
    creator.softwareVersion = softwareVersion;
    imaging::LabelMaps::write(*findings.labels, series, manifest.labels(), path, creator);
}

void FindingsExport::writeSr(const Findings& findings, const Manifest& manifest,
                             const imaging::Series& series, const std::string& path,
                             const std::string& softwareVersion) {
    imaging::SrReport report;
    report.modelName = manifest.name;
    report.modelVersion = manifest.version;
    report.syntheticModel = manifest.trainedOnSyntheticData();
    if (findings.ood && findings.ood->outside) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      "Outside what this model was trained on (score %.2f, cut-off %.2f): "
                      "treat its findings with caution.",
                      findings.ood->score, findings.ood->threshold);
        report.outOfDistribution = buf;
    }
    for (const auto& c : findings.classes)
        report.classes.push_back({c.name, c.probability, c.threshold, c.flagged});
    for (const auto& l : findings.lesions) {
        const int ci = manifest.classOfLabel(l.label);
        const std::string name = ci >= 0 ? manifest.classes[std::size_t(ci)].name : "lesion";
        report.lesions.push_back({name, l.volumeMl, l.diameterMm, l.slice});
    }
    imaging::DicomSr::write(report, series, path, softwareVersion);
}

}  // namespace radlens::ai
