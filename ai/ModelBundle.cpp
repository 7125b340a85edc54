#include "ai/ModelBundle.h"

#include <openssl/evp.h>
#include "platform/Platform.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "ai/BundleArchive.h"
#include "ai/TorchFileReader.h"
#include "ai/WeightLoader.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace radlens::ai {

std::string sha256OfFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the file");
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 20);
    while (in.read(buf.data(), std::streamsize(buf.size())) || in.gcount() > 0)
        EVP_DigestUpdate(ctx.get(), buf.data(), std::size_t(in.gcount()));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    std::ostringstream hex;
    for (unsigned int i = 0; i < len; ++i)
        hex << std::hex << std::setw(2) << std::setfill('0') << int(digest[i]);
    return hex.str();
}

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

Manifest Manifest::fromJson(const json& j, const std::string& where) {
    auto need = [&](const json& parent, const char* key) -> const json& {
        if (!parent.is_object() || !parent.contains(key))
            throw BundleError(where + ": model.json lacks \"" + key + "\"");
        return parent.at(key);
    };
    Manifest m;
    try {
        m.schemaVersion = need(j, "schema_version").get<int>();
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
        const json& input = need(j, "input");
        m.inputChannels = need(input, "channels").get<int>();
        const std::string task = j.value("task", "");
        m.interactive = task == "interactive";
        if (m.interactive &&
            (!isSegmenter(m.architecture) || m.inputChannels != 4 || m.classes.size() != 1))
            throw BundleError(where +
                              ": an interactive model must be a segmenter with four input "
                              "channels and one class");
        m.inputHeight = need(input, "size").at(0).get<int>();
        m.inputWidth = need(input, "size").at(1).get<int>();
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

Manifest ModelBundle::readManifest(const std::string& bundle) {
    const std::string folder = BundleArchive::resolve(bundle, BundleArchive::defaultCacheRoot());
    const fs::path file = fs::path(folder) / "model.json";
    std::ifstream in(file);
    if (!in) throw BundleError(folder + ": not a model bundle (no readable model.json)");
    json j;
    try {
        in >> j;
    } catch (const json::exception& e) {
        throw BundleError(folder + ": model.json is not valid JSON: " + e.what());
    }
    return Manifest::fromJson(j, folder);
}

std::shared_ptr<Network> ModelBundle::load(const std::string& bundle, Manifest& manifest) {
    const std::string folder = BundleArchive::resolve(bundle, BundleArchive::defaultCacheRoot());
    manifest = readManifest(folder);
    const std::string weights = (fs::path(folder) / manifest.weightsFile).string();
    std::string actual;
    try {
        actual = sha256OfFile(weights);
    } catch (const std::exception& e) {
        throw BundleError(folder + ": weights file " + manifest.weightsFile + " cannot be read");
    }
    if (actual != manifest.weightsSha256)
        throw BundleError(folder + ": weights file " + manifest.weightsFile +
                          " is damaged or was changed (SHA-256 " + actual + ", model.json says " +
                          manifest.weightsSha256 + ")");
    std::shared_ptr<Network> net =
        createNetwork(manifest.architecture, int(manifest.classes.size()), manifest.inputChannels);
    try {
        WeightLoader::loadStrict(*net, TorchFileReader::readStateDict(weights));
    } catch (const std::exception& e) {
        throw BundleError(folder + ": " + e.what());
    }
    net->eval();
    return net;
}

void ModelBundle::write(const std::string& folder, Manifest manifest, Network& network) {
    const fs::path target = fs::absolute(folder);
    const fs::path temp = target.parent_path() / (".~" + target.filename().string() + "." +
                                                  std::to_string(platform::processId()));
    std::error_code ec;
    fs::remove_all(temp, ec);
    try {
        fs::create_directories(temp);
        const fs::path weights = temp / manifest.weightsFile;
        NamedTensors state = WeightLoader::stateDict(network);
        TorchFileReader::writeStateDict(state, weights.string());
        manifest.weightsSha256 = sha256OfFile(weights.string());
        std::ofstream out(temp / "model.json");
        out << manifest.toJson().dump(2) << "\n";
        out.close();
        if (!out) throw std::runtime_error("cannot write model.json");
        // Replace an existing bundle only once the new one is complete.
        if (fs::exists(target)) {
            const fs::path old = target.parent_path() / (".~old." + target.filename().string());
            fs::remove_all(old, ec);
            fs::rename(target, old);
            fs::rename(temp, target);
            fs::remove_all(old, ec);
        } else {
            fs::rename(temp, target);
        }
    } catch (const std::exception& e) {
        fs::remove_all(temp, ec);
        throw BundleError(folder + ": cannot write the bundle: " + e.what());
    }
}

}  // namespace radlens::ai
