#include "ai/Manifest.h"

#include <climits>
#include <cstdint>

namespace radlens::ai {

using json = nlohmann::json;

std::string defaultClassColor(std::size_t i) {
    return imaging::formatColor(imaging::defaultLabelColor(i));
}

std::vector<imaging::Label> Manifest::labels() const {
    std::vector<imaging::Label> out;
    for (int v = 1; v <= maxLabel(); ++v) {
        const int c = classOfLabel(v);
        if (c < 0) continue;
        const ClassInfo& ci = classes[std::size_t(c)];
        out.push_back({v,
                       ci.name,
                       imaging::parseColor(ci.color, imaging::defaultLabelColor(std::size_t(c))),
                       {},
                       {}});
    }
    return out;
}

bool modelSuitsModality(const Manifest& manifest, const std::string& modality) {
    const std::string wanted = manifest.preprocessing.is_object()
                                   ? manifest.preprocessing.value("modality", std::string())
                                   : std::string();
    if (wanted.empty()) return true;
    auto group = [](const std::string& m) {
        return (m == "CR" || m == "DX" || m == "DR") ? std::string("radiograph") : m;
    };
    return group(wanted) == group(modality);
}

json Manifest::toJson() const {
    json classesJson = json::array();
    for (const ClassInfo& c : classes) {
        json cj{{"name", c.name}, {"color", c.color}, {"threshold", c.threshold}};
        if (!c.displayNames.empty()) cj["display_names"] = c.displayNames;
        classesJson.push_back(cj);
    }
    json out = {{"schema_version", schemaVersion},
                {"name", name},
                {"version", version},
                {"task", task()},
                {"architecture", architectureName(architecture)},
                {"mode", mode},
                {"classes", classesJson},
                {"input", {{"channels", inputChannels}, {"size", {inputHeight, inputWidth}}}},
                {"preprocessing", preprocessing},
                {"weights", {{"file", weightsFile}, {"sha256", weightsSha256}}},
                {"provenance", provenance}};
    if (!calibration.is_null()) out["calibration"] = calibration;
    if (!trainingSummary.is_null()) out["training_summary"] = trainingSummary;
    return out;
}

std::vector<double> Manifest::temperatures() const {
    if (!calibration.is_object() || !calibration.contains("temperature")) return {};
    return calibration["temperature"].get<std::vector<double>>();
}

namespace {

/// A JSON integer that fits int; anything else (2.5e125, "3", 1.5) is an
/// error rather than nlohmann's unchecked conversion (fuzz_manifest).
int intOf(const json& v, const std::string& where, const char* what) {
    if (!v.is_number_integer() ||
        (v.is_number_unsigned()
             ? v.get<std::uint64_t>() > std::uint64_t(INT_MAX)
             : (v.get<std::int64_t>() < INT_MIN || v.get<std::int64_t>() > INT_MAX)))
        throw BundleError(where + ": model.json's " + what + " must be a whole number");
    return int(v.get<std::int64_t>());
}

}  // namespace

Manifest Manifest::fromJson(const json& j, const std::string& where) {
    auto need = [&](const json& parent, const char* key) -> const json& {
        if (!parent.is_object() || !parent.contains(key))
            throw BundleError(where + ": model.json lacks \"" + key + "\"");
        return parent.at(key);
    };
    Manifest m;
    try {
        m.schemaVersion = intOf(need(j, "schema_version"), where, "schema_version");
        if (m.schemaVersion != 1)
            throw BundleError(where + ": model.json schema_version " +
                              std::to_string(m.schemaVersion) + " is not supported (1 is)");
        m.name = need(j, "name").get<std::string>();
        m.version = need(j, "version").get<std::string>();
        const std::string arch = need(j, "architecture").get<std::string>();
        auto a = architectureFromName(arch);
        if (!a)
            throw BundleError(where + ": unknown architecture \"" + arch +
                              "\" (known: " + architectureNames() + ")");
        m.architecture = *a;
        m.mode = j.value("mode", isSegmenter(*a) ? "multiclass" : "multilabel");
        if (m.mode != "multilabel" && m.mode != "multiclass")
            throw BundleError(where + ": mode must be multilabel or multiclass");
        for (const json& c : need(j, "classes")) {
            ClassInfo ci;
            ci.name = need(c, "name").get<std::string>();
            ci.color = c.value("color", ci.color);
            ci.threshold = c.value("threshold", ci.threshold);
            if (!(ci.threshold >= 0 && ci.threshold <= 1))
                throw BundleError(where + ": classes[].threshold must lie in 0..1");
            if (c.contains("display_names")) {
                if (!c["display_names"].is_object())
                    throw BundleError(where +
                                      ": classes[].display_names must map language "
                                      "codes to names");
                for (const auto& [lang, text] : c["display_names"].items()) {
                    if (!text.is_string())
                        throw BundleError(where + ": classes[].display_names." + lang +
                                          " must be a string");
                    ci.displayNames[lang] = text.get<std::string>();
                }
            }
            m.classes.push_back(ci);
        }
        if (m.classes.empty()) throw BundleError(where + ": model.json lists no classes");
        if (m.classes.size() > kMaxClasses)
            throw BundleError(where + ": model.json lists more than " +
                              std::to_string(kMaxClasses) + " classes (label maps hold 255)");
        const json& input = need(j, "input");
        m.inputChannels = intOf(need(input, "channels"), where, "input.channels");
        const std::string task = j.value("task", "");
        m.interactive = task == "interactive";
        if (m.interactive &&
            (!isSegmenter(m.architecture) || m.inputChannels != 4 || m.classes.size() != 1))
            throw BundleError(where +
                              ": an interactive model must be a segmenter with four input "
                              "channels and one class");
        m.inputHeight = intOf(need(input, "size").at(0), where, "input.size");
        m.inputWidth = intOf(need(input, "size").at(1), where, "input.size");
        // What createNetwork and the preprocessing can honour; a damaged
        // number must not become a 10^9-pixel input tensor.
        if (m.inputChannels < 1 || m.inputChannels > 4)
            throw BundleError(where + ": input.channels must be 1 to 4");
        if (m.inputHeight < kMinInputSide || m.inputHeight > kMaxInputSide ||
            m.inputWidth < kMinInputSide || m.inputWidth > kMaxInputSide)
            throw BundleError(where + ": input.size must lie in " + std::to_string(kMinInputSide) +
                              ".." + std::to_string(kMaxInputSide) + " pixels");
        m.preprocessing = j.value("preprocessing", json::object());
        const json& w = need(j, "weights");
        m.weightsFile = need(w, "file").get<std::string>();
        m.weightsSha256 = need(w, "sha256").get<std::string>();
        if (m.weightsFile.find('/') != std::string::npos ||
            m.weightsFile.find("..") != std::string::npos)
            throw BundleError(where + ": the weights file must lie in the bundle folder");
        m.provenance = j.value("provenance", json::object());
        if (j.contains("calibration") && !j["calibration"].is_null()) {
            m.calibration = j["calibration"];
            const json& t = need(m.calibration, "temperature");
            if (!t.is_array() || t.size() != m.classes.size())
                throw BundleError(where + ": calibration.temperature needs one value per class");
            for (const json& v : t)
                if (!v.is_number() || !(v.get<double>() > 0))
                    throw BundleError(where + ": calibration.temperature values must be positive");
        }
        if (j.contains("training_summary") && !j["training_summary"].is_null()) {
            // Its vectors are read (and checked) once, by LoadedModel::load.
            m.trainingSummary = j["training_summary"];
            if (!m.trainingSummary.is_object() || !m.trainingSummary.contains("levels") ||
                !m.trainingSummary["levels"].is_array() ||
                !m.trainingSummary.value("threshold", json()).is_number())
                throw BundleError(where + ": training_summary needs levels and a threshold");
        }
    } catch (const json::exception& e) {
        throw BundleError(where + ": model.json has a field of the wrong type: " + e.what());
    }
    return m;
}

}  // namespace radlens::ai
