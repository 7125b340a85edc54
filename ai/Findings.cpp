#include "ai/Findings.h"

namespace radlens::ai {

nlohmann::json Findings::toJson() const {
    nlohmann::json j = {{"series_uid", seriesUid},
                        {"elapsed_ms", elapsedMs},
                        {"cached", fromCache},
                        {"synthetic_data", syntheticModel}};
    if (!classes.empty()) {
        nlohmann::json cs = nlohmann::json::array();
        for (const ClassFinding& c : classes) {
            nlohmann::json cj = {{"name", c.name},
                                 {"probability", c.probability},
                                 {"threshold", c.threshold},
                                 {"flagged", c.flagged}};
            if (c.logit) cj["logit"] = *c.logit;
            cs.push_back(cj);
        }
        j["classes"] = cs;
    }
    if (ood)
        j["ood"] = {{"score", ood->score},
                    {"threshold", ood->threshold},
                    {"outside", ood->outside},
                    {"notes", ood->notes}};
    if (!labelSummaries.empty()) {
        nlohmann::json ls = nlohmann::json::array();
        for (const LabelFinding& l : labelSummaries)
            ls.push_back({{"name", l.name},
                          {"voxels", l.voxels},
                          {"volume_ml", l.volumeMl},
                          {"components", l.components}});
        nlohmann::json lesionsJson = nlohmann::json::array();
        for (const imaging::Lesion& l : lesions)
            lesionsJson.push_back({{"label", l.label},
                                   {"voxels", l.voxels},
                                   {"volume_ml", l.volumeMl},
                                   {"diameter_mm", l.diameterMm},
                                   {"centroid", {l.centroid[0], l.centroid[1], l.centroid[2]}},
                                   {"slice", l.slice}});
        j["segmentation"] = {{"labels", ls}, {"lesions", lesionsJson}};
    }
    return j;
}

Findings Findings::fromJson(const nlohmann::json& j) {
    Findings f;
    f.seriesUid = j.value("series_uid", "");
    f.elapsedMs = j.value("elapsed_ms", 0.0);
    f.syntheticModel = j.value("synthetic_data", false);
    for (const auto& c : j.value("classes", nlohmann::json::array())) {
        ClassFinding cf{c.at("name"), c.at("probability"), c.at("threshold"), c.at("flagged"), {}};
        if (c.contains("logit") && c["logit"].is_number()) cf.logit = c["logit"].get<double>();
        f.classes.push_back(cf);
    }
    if (j.contains("ood") && j["ood"].is_object()) {
        const auto& o = j["ood"];
        f.ood = OutOfDistribution{o.at("score"), o.at("threshold"), o.at("outside"),
                                  o.value("notes", std::vector<std::string>())};
    }
    if (j.contains("segmentation")) {
        for (const auto& l : j["segmentation"].value("labels", nlohmann::json::array()))
            f.labelSummaries.push_back(
                {l.at("name"), l.at("voxels"), l.at("volume_ml"), l.at("components")});
        for (const auto& l : j["segmentation"].value("lesions", nlohmann::json::array())) {
            imaging::Lesion x;
            x.label = l.at("label");
            x.voxels = l.at("voxels");
            x.volumeMl = l.at("volume_ml");
            x.diameterMm = l.at("diameter_mm");
            for (int d = 0; d < 3; ++d) x.centroid[d] = l.at("centroid").at(d);
            x.slice = l.at("slice");
            f.lesions.push_back(x);
        }
    }
    return f;
}

}  // namespace radlens::ai
