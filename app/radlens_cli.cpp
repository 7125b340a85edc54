// radlens-cli: command-line front end (../shared/CLI-CONTRACT.md).
// Exit status: 0 success, 1 failure (one line on stderr), 2 bad usage.

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/torch.h>

#include <filesystem>
#include <thread>

#include "ai/InferenceEngine.h"
#include "ai/ModelBundle.h"
#include "ai/Networks.h"
#include "ai/TorchFileReader.h"
#include "ai/WeightLoader.h"
#include "imaging/Database.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"
#include "imaging/VolumeIO.h"

#ifndef RADLENS_VERSION
#define RADLENS_VERSION "0.0.0"
#endif

using namespace radlens::imaging;
using json = nlohmann::json;

namespace {

constexpr const char* kUsage =
    "usage: radlens-cli --version\n"
    "       radlens-cli info PATH... [--json] [--db FILE|--no-db]\n"
    "       radlens-cli export PATH... --series UID -o OUT.nii|OUT.nii.gz|OUT.nrrd\n"
    "       radlens-cli analyze PATH... --model BUNDLE [--series UID] [--device auto|cpu|cuda]\n"
    "                                [--slice N] [--no-cache] [--json]\n"
    "       radlens-cli model import --arch ARCH --weights FILE.pth --classes A,B,... -o BUNDLE\n"
    "                                [--channels 1|3] [--name NAME] [--json]\n"
    "       radlens-cli model info BUNDLE [--json]\n"
    "       radlens-cli model forward BUNDLE --input X.pt -o Y.pt [--features]\n";

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    std::vector<std::string> paths;
    bool json = false;
    std::string series;
    std::string output;
    std::string db;
    bool noDb = false;
    // analyze
    std::string model, device = "auto";
    std::optional<int> slice;
    bool noCache = false;
};

enum class Command { Info, Export, Analyze };

Options parse(const std::vector<std::string>& args, Command command) {
    const bool wantsOutput = command == Command::Export;
    const bool analyze = command == Command::Analyze;
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--json")
            o.json = true;
        else if (a == "--series")
            o.series = value();
        else if (a == "-o" || a == "--output")
            o.output = value();
        else if (a == "--db")
            o.db = value();
        else if (a == "--no-db")
            o.noDb = true;
        else if (analyze && a == "--model")
            o.model = value();
        else if (analyze && a == "--device")
            o.device = value();
        else if (analyze && a == "--no-cache")
            o.noCache = true;
        else if (analyze && a == "--slice") {
            const std::string v = value();
            try {
                o.slice = std::stoi(v);
            } catch (...) {
                throw UsageError("--slice needs a number, not " + v);
            }
        } else if (a.size() > 1 && a[0] == '-')
            throw UsageError("unknown option " + a);
        else
            o.paths.push_back(a);
    }
    if (o.paths.empty()) throw UsageError("no PATH given");
    if (wantsOutput && (o.series.empty() || o.output.empty()))
        throw UsageError("export needs --series UID and -o OUT");
    if (analyze && o.model.empty()) throw UsageError("analyze needs --model BUNDLE");
    if (analyze && o.device != "auto" && o.device != "cpu" && o.device != "cuda")
        throw UsageError("--device must be auto, cpu or cuda");
    return o;
}

struct Scanned {
    ScanResult scan;
    std::vector<Series> series;
};

Scanned scanPaths(const Options& o) {
    std::unique_ptr<Database> db;
    if (!o.noDb) {
        db = std::make_unique<Database>(o.db.empty() ? Database::defaultPath() : o.db);
        if (!db->warning().empty()) std::cerr << "radlens-cli: warning: " << db->warning() << "\n";
    }
    Scanner scanner(db.get());
    Scanned s;
    s.scan = scanner.scan(o.paths);
    s.series = SeriesAssembler::assemble(s.scan.images);
    return s;
}

json vec(const double* v, int n) {
    json a = json::array();
    for (int i = 0; i < n; ++i) a.push_back(v[i]);
    return a;
}

json windowPresets(const InstanceInfo& i) {
    json out = json::array();
    for (std::size_t k = 0; k < i.windowCenters.size() && k < i.windowWidths.size(); ++k)
        out.push_back({{"center", i.windowCenters[k]},
                       {"width", i.windowWidths[k]},
                       {"name", k < i.windowExplanations.size() ? i.windowExplanations[k] : ""}});
    return out;
}

json voiLuts(const InstanceInfo& i) {
    json out = json::array();
    for (const VoiLut& l : i.voiLuts)
        out.push_back({{"name", l.name},
                       {"first_mapped", l.firstMapped},
                       {"bits", l.bits},
                       {"entries", l.data.size()}});
    return out;
}

int info(const Options& o) {
    Scanned s = scanPaths(o);
    json studies = json::array();
    std::vector<std::string> studyOrder;
    std::map<std::string, json> byStudy;
    for (const Series& se : s.series) {
        if (!byStudy.count(se.studyUid)) {
            studyOrder.push_back(se.studyUid);
            byStudy[se.studyUid] = {
                {"study_uid", se.studyUid},           {"patient_id", se.patientId},
                {"patient_name", se.patientName},     {"study_date", se.studyDate},
                {"description", se.studyDescription}, {"series", json::array()}};
        }
        int frames = 0;
        for (const InstanceInfo& i : se.instances) frames += i.frames;
        const Geometry& g = se.geometry;
        byStudy[se.studyUid]["series"].push_back(
            {{"series_uid", se.uid},
             {"modality", se.modality},
             {"description", se.description},
             {"number", se.number},
             {"instances", se.instances.size()},
             {"frames", frames},
             {"dims", {g.dims[0], g.dims[1], g.dims[2]}},
             {"spacing", vec(g.spacing.data(), 3)},
             {"origin", vec(g.origin.data(), 3)},
             {"direction", vec(g.direction.data(), 9)},
             {"transfer_syntaxes", se.transferSyntaxes},
             {"photometric", se.instances.front().photometric},
             {"window_presets", windowPresets(se.instances.front())},
             {"voi_luts", voiLuts(se.instances.front())},
             {"warnings", se.warnings}});
    }
    for (const std::string& uid : studyOrder) studies.push_back(byStudy[uid]);
    json skipped = json::array();
    for (const SkippedFile& f : s.scan.skipped)
        skipped.push_back({{"path", f.path}, {"reason", f.reason}});
    json objects = json::array();
    for (const InstanceInfo& i : s.scan.objects)
        objects.push_back({{"path", i.path},
                           {"sop_class", sopClassName(i.sopClassUid)},
                           {"sop_class_uid", i.sopClassUid},
                           {"modality", i.modality},
                           {"series_uid", i.seriesUid}});
    if (o.json) {
        json doc = {{"studies", studies}, {"skipped", skipped}, {"objects", objects}};
        std::cout << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return 0;
    }
    for (const json& st : studies) {
        std::cout << "Study " << st["study_uid"].get<std::string>() << "  patient "
                  << st["patient_name"].get<std::string>() << " ("
                  << st["patient_id"].get<std::string>() << ")  "
                  << st["study_date"].get<std::string>() << "\n";
        for (const json& se : st["series"]) {
            std::printf("  Series %s  %s #%d \"%s\"  %dx%dx%d  spacing %.4g x %.4g x %.4g mm\n",
                        se["series_uid"].get<std::string>().c_str(),
                        se["modality"].get<std::string>().c_str(), se["number"].get<int>(),
                        se["description"].get<std::string>().c_str(), se["dims"][0].get<int>(),
                        se["dims"][1].get<int>(), se["dims"][2].get<int>(),
                        se["spacing"][0].get<double>(), se["spacing"][1].get<double>(),
                        se["spacing"][2].get<double>());
            std::fflush(stdout);
            for (const json& w : se["warnings"])
                std::cout << "    warning: " << w.get<std::string>() << "\n";
        }
    }
    for (const json& ob : objects)
        std::cout << "Object " << ob["path"].get<std::string>() << ": "
                  << ob["sop_class"].get<std::string>() << "\n";
    for (const json& sk : skipped)
        std::cout << "Skipped " << sk["path"].get<std::string>() << ": "
                  << sk["reason"].get<std::string>() << "\n";
    return 0;
}

int exportSeries(const Options& o) {
    if (!VolumeIO::isSupportedPath(o.output))
        throw UsageError("output " + o.output + " must end in .nii, .nii.gz or .nrrd");
    Scanned s = scanPaths(o);
    const Series* chosen = nullptr;
    for (const Series& se : s.series)
        if (se.uid == o.series) chosen = &se;
    if (!chosen) {
        std::string known;
        for (const Series& se : s.series) known += (known.empty() ? "" : ", ") + se.uid;
        throw Failure(
            o.series + ": no such series in the given paths" +
            (known.empty() ? std::string(" (no image series found)") : " (found: " + known + ")"));
    }
    SeriesLoader loader;
    Volume volume = [&] {
        try {
            return loader.load(*chosen);
        } catch (const LoadError& e) {
            throw Failure(e.path() + ": " + e.why());
        }
    }();
    try {
        VolumeIO::write(volume, o.output);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    return 0;
}

// ------------------------------------------------------------------ analyze

int analyze(const Options& o) {
    Scanned s = scanPaths(o);
    std::vector<const Series*> chosen;
    for (const Series& se : s.series)
        if (o.series.empty() || se.uid == o.series) chosen.push_back(&se);
    if (chosen.empty())
        throw Failure((o.series.empty() ? std::string("the given paths") : o.series) +
                      ": no image series to analyse");
    radlens::ai::Manifest manifest;
    try {
        manifest = radlens::ai::ModelBundle::readManifest(o.model);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    std::unique_ptr<radlens::ai::InferenceEngine> engine;
    try {
        const std::string cache =
            o.noDb || o.noCache ? std::string() : (o.db.empty() ? Database::defaultPath() : o.db);
        engine = std::make_unique<radlens::ai::InferenceEngine>(o.device, cache);
    } catch (const std::exception& e) {
        throw Failure("--device " + o.device + ": " + e.what());
    }
    json results = json::array();
    for (const Series* se : chosen) {
        std::shared_ptr<Volume> volume;
        try {
            volume = std::make_shared<Volume>(SeriesLoader().load(*se));
        } catch (const LoadError& e) {
            throw Failure(e.path() + ": " + e.why());
        }
        radlens::ai::InferenceRequest r;
        r.seriesUid = se->uid;
        r.volume = volume;
        r.bundle = o.model;
        r.slice = o.slice;
        r.heatmaps = false;
        r.useCache = !o.noCache;
        try {
            results.push_back(engine->run(r).toJson());
        } catch (const std::exception& e) {
            throw Failure(se->uid + ": " + e.what());
        }
    }
    json doc = {{"model",
                 {{"name", manifest.name},
                  {"version", manifest.version},
                  {"sha256", manifest.weightsSha256},
                  {"device", engine->deviceName()}}},
                {"series", results}};
    if (o.json) {
        std::cout << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return 0;
    }
    std::cout << "model " << manifest.name << " " << manifest.version << " on "
              << engine->deviceName() << "\n";
    for (const json& r : results) {
        std::cout << "series " << r["series_uid"].get<std::string>() << " ("
                  << r["elapsed_ms"].get<double>() << " ms"
                  << (r["cached"].get<bool>() ? ", cached" : "") << ")\n";
        for (const json& c : r.value("classes", json::array()))
            std::printf("  %-24s %6.3f%s\n", c["name"].get<std::string>().c_str(),
                        c["probability"].get<double>(),
                        c["flagged"].get<bool>() ? "  FLAGGED" : "");
        if (r.contains("segmentation"))
            for (const json& l : r["segmentation"]["labels"])
                std::printf("  %-24s %8ld voxels %9.3f mL %4d components\n",
                            l["name"].get<std::string>().c_str(), l["voxels"].get<long>(),
                            l["volume_ml"].get<double>(), l["components"].get<int>());
    }
    return 0;
}

// ------------------------------------------------------------------ model

struct ModelOptions {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    bool json = false, features = false;
};

ModelOptions parseModel(const std::vector<std::string>& args) {
    static const std::set<std::string> valued = {"--arch",  "--weights",  "--classes", "-o",
                                                 "--input", "--channels", "--name"};
    ModelOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json")
            o.json = true;
        else if (a == "--features")
            o.features = true;
        else if (valued.count(a)) {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            o.values[a] = args[++i];
        } else if (a.size() > 1 && a[0] == '-')
            throw UsageError("unknown option " + a);
        else
            o.positional.push_back(a);
    }
    return o;
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

const char* kPalette[] = {"#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4",
                          "#46f0f0", "#f032e6", "#bcf60c", "#fabebe", "#008080", "#e6beff"};

int modelImport(const ModelOptions& o) {
    for (const char* k : {"--arch", "--weights", "--classes", "-o"})
        if (!o.values.count(k)) throw UsageError(std::string("model import needs ") + k);
    const std::string archName = o.values.at("--arch");
    auto arch = radlens::ai::architectureFromName(archName);
    if (!arch)
        throw UsageError("unknown architecture " + archName +
                         " (known: " + radlens::ai::architectureNames() + ")");
    const std::vector<std::string> classes = splitList(o.values.at("--classes"));
    for (const std::string& c : classes)
        if (c.empty()) throw UsageError("--classes has an empty class name");
    const int channels = o.values.count("--channels") ? std::stoi(o.values.at("--channels")) : 3;
    if (channels != 1 && channels != 3) throw UsageError("--channels must be 1 or 3");
    const std::string weights = o.values.at("--weights");

    auto net = radlens::ai::createNetwork(*arch, int(classes.size()), channels);
    radlens::ai::LoadReport report;
    try {
        report = radlens::ai::WeightLoader::loadPartial(
            *net, radlens::ai::TorchFileReader::readStateDict(weights));
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    if (report.loaded.empty() && report.adapted.empty())
        throw Failure(weights + ": no tensor matches a " + archName +
                      " (are these weights for another architecture?)");
    radlens::ai::Manifest m;
    m.architecture = *arch;
    m.name = o.values.count("--name")
                 ? o.values.at("--name")
                 : archName + " from " + std::filesystem::path(weights).filename().string();
    m.mode = radlens::ai::isSegmenter(*arch) ? "multiclass" : "multilabel";
    for (std::size_t i = 0; i < classes.size(); ++i)
        m.classes.push_back({classes[i], kPalette[i % 12], 0.5});
    m.inputChannels = channels;
    if (radlens::ai::isSegmenter(*arch)) m.inputHeight = m.inputWidth = 256;
    m.provenance = {{"parent", nullptr},
                    {"source", std::filesystem::path(weights).filename().string()},
                    {"source_sha256", radlens::ai::sha256OfFile(weights)},
                    {"import",
                     {{"loaded", report.loaded.size()},
                      {"adapted", report.adapted},
                      {"mismatched", report.mismatched},
                      {"unused", report.unexpected},
                      {"initialised", report.missing}}}};
    try {
        radlens::ai::ModelBundle::write(o.values.at("-o"), m, *net);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    if (o.json)
        std::cout << m.provenance["import"].dump(2) << "\n";
    else
        std::cout << "imported " << weights << " as " << archName << ": " << report.summary()
                  << "\n";
    return 0;
}

int modelInfo(const ModelOptions& o) {
    if (o.positional.size() != 1) throw UsageError("model info needs one BUNDLE");
    radlens::ai::Manifest m;
    try {
        radlens::ai::ModelBundle::load(o.positional[0], m);  // validates weights too
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    if (o.json) {
        std::cout << m.toJson().dump(2) << "\n";
        return 0;
    }
    std::cout << m.name << " (version " << m.version << ")\n"
              << "  " << m.task() << ", " << radlens::ai::architectureName(m.architecture) << ", "
              << m.mode << ", input " << m.inputChannels << "x" << m.inputHeight << "x"
              << m.inputWidth << "\n  classes:";
    for (const auto& c : m.classes) std::cout << " " << c.name;
    std::cout << "\n  weights " << m.weightsFile << " sha256 " << m.weightsSha256 << "\n";
    return 0;
}

int modelForward(const ModelOptions& o) {
    if (o.positional.size() != 1 || !o.values.count("--input") || !o.values.count("-o"))
        throw UsageError("model forward needs BUNDLE --input X.pt -o Y.pt");
    radlens::ai::Manifest m;
    std::shared_ptr<radlens::ai::Network> net;
    torch::Tensor x;
    try {
        net = radlens::ai::ModelBundle::load(o.positional[0], m);
        x = radlens::ai::TorchFileReader::readTensor(o.values.at("--input"));
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    if (x.dim() != 4 || x.size(1) != m.inputChannels)
        throw Failure(o.values.at("--input") + ": expected a tensor (N, " +
                      std::to_string(m.inputChannels) + ", H, W)");
    torch::NoGradGuard noGrad;
    x = x.to(torch::kFloat32);
    try {
        if (o.features) {
            radlens::ai::NamedTensors out;
            std::vector<torch::Tensor> f = net->features(x);
            for (std::size_t i = 0; i < f.size(); ++i) out.emplace_back(std::to_string(i), f[i]);
            radlens::ai::TorchFileReader::writeStateDict(out, o.values.at("-o"));
        } else {
            radlens::ai::TorchFileReader::writeTensor(net->forward(x), o.values.at("-o"));
        }
    } catch (const std::exception& e) {
        throw Failure(o.values.at("-o") + ": " + e.what());
    }
    return 0;
}

int model(const std::vector<std::string>& args) {
    if (args.empty()) throw UsageError("model needs import, info or forward");
    at::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    const ModelOptions o = parseModel(rest);
    if (args[0] == "import") return modelImport(o);
    if (args[0] == "info") return modelInfo(o);
    if (args[0] == "forward") return modelForward(o);
    throw UsageError("unknown model command " + args[0]);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty()) throw UsageError("no command given");
        const std::string cmd = args.front();
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (cmd == "--version" || cmd == "version") {
            std::cout << "radlens-cli " << RADLENS_VERSION << "\n";
            return 0;
        }
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            std::cout << kUsage;
            return 0;
        }
        if (cmd == "info") return info(parse(rest, Command::Info));
        if (cmd == "export") return exportSeries(parse(rest, Command::Export));
        if (cmd == "analyze") return analyze(parse(rest, Command::Analyze));
        if (cmd == "model") return model(rest);
        throw UsageError("unknown command " + cmd);
    } catch (const UsageError& e) {
        std::cerr << "radlens-cli: " << e.what() << "\n" << kUsage;
        return 2;
    } catch (const Failure& e) {
        std::cerr << "radlens-cli: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "radlens-cli: error: " << e.what() << "\n";
        return 1;
    }
}
