// radlens-cli-ai: the radlens-cli commands that need LibTorch (model,
// analyze). radlens-cli starts it for those commands; it answers as radlens-cli.

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ai/BundleArchive.h"
#include "ai/CachingCpuAllocator.h"
#include "ai/FindingsExport.h"
#include "ai/InferenceEngine.h"
#include "ai/LoadedModel.h"
#include "ai/Losses.h"
#include "ai/ModelBundle.h"
#include "ai/ModelComparison.h"
#include "ai/Networks.h"
#include "ai/TorchFileReader.h"
#include "ai/Trainer.h"
#include "ai/TrainingDataLoader.h"
#include "ai/WeightLoader.h"
#include "app/CliSupport.h"
#include "app/ClickCommands.h"
#include "app/ListenCommand.h"
#include "app/TrainCommand.h"
#include "imaging/Database.h"
#include "imaging/InstanceSetKey.h"
#include "imaging/SeriesLoader.h"

using namespace radlens::imaging;
using namespace radlens::cli;
using json = nlohmann::json;

namespace {

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
        r.instancesKey = instanceSetKeyOf(*se);
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
                  {"synthetic_data", manifest.trainedOnSyntheticData()},
                  {"device", engine->deviceName()}}},
                {"series", results}};
    if (o.json) {
        std::cout << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return 0;
    }
    std::cout << "model " << manifest.name << " " << manifest.version << " on "
              << engine->deviceName()
              << (manifest.trainedOnSyntheticData() ? " (SYNTHETIC: trained on synthetic data)"
                                                    : "")
              << "\n";
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

// ------------------------------------------------------------------ export-seg

/// What export-seg and export-sr share: the series given by --series, the
/// bundle's manifest, and the model's findings on that series (computed, not
/// cached: the label volume is needed). Throws Failure.
struct SeriesAnalysis {
    const Series* series = nullptr;
    radlens::ai::Manifest manifest;
    radlens::ai::Findings findings;
};

SeriesAnalysis analyzeOneSeries(const Options& o, const Scanned& s) {
    SeriesAnalysis a;
    for (const Series& se : s.series)
        if (se.uid == o.series) a.series = &se;
    if (!a.series) throw Failure(o.series + ": no such series in the given paths");
    try {
        a.manifest = radlens::ai::ModelBundle::readManifest(o.model);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    std::shared_ptr<Volume> volume;
    try {
        volume = std::make_shared<Volume>(SeriesLoader().load(*a.series));
    } catch (const LoadError& e) {
        throw Failure(e.path() + ": " + e.why());
    }
    try {
        radlens::ai::InferenceEngine engine(o.device);
        radlens::ai::InferenceRequest r;
        r.seriesUid = a.series->uid;
        r.volume = volume;
        r.bundle = o.model;
        r.slice = o.slice;
        r.heatmaps = false;
        r.useCache = false;
        a.findings = engine.run(r);
    } catch (const std::exception& e) {
        throw Failure(a.series->uid + ": " + e.what());
    }
    return a;
}

/// Runs a segmenter on one series and writes its labels as a DICOM SEG, one
/// segment per class (named and coloured as the bundle says), referencing
/// the series' images, with the model's name and version as the algorithm.
int exportSeg(const Options& o) {
    const Scanned s = scanPaths(o);
    radlens::ai::Manifest manifest;
    try {
        manifest = radlens::ai::ModelBundle::readManifest(o.model);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    if (manifest.task() != "segment")
        throw Failure(o.model + ": " + manifest.name +
                      " is a classifier; export-seg needs a segmenter");
    const SeriesAnalysis a = analyzeOneSeries(o, s);
    const Series* series = a.series;
    const radlens::ai::Findings& findings = a.findings;
    const std::size_t segments = manifest.labels().size();
    try {
        radlens::ai::FindingsExport::writeSeg(findings, manifest, *series, o.output,
                                              RADLENS_VERSION);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    if (o.json) {
        std::cout << json{{"output", o.output},
                          {"series_uid", series->uid},
                          {"model", {{"name", manifest.name}, {"version", manifest.version}}},
                          {"segments", segments},
                          {"lesions", findings.lesions.size()}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << o.output << ": " << segments << " segments, " << findings.lesions.size()
                  << " lesions\n";
    }
    return 0;
}

// ------------------------------------------------------------------ export-sr

/// Runs a model on one series and writes its findings as a Comprehensive SR
/// (TID 1500 structure): class probabilities for a classifier, lesion volumes
/// and diameters for a segmenter, with the model's name and version.
int exportSr(const Options& o) {
    const Scanned s = scanPaths(o);
    const SeriesAnalysis a = analyzeOneSeries(o, s);
    const Series* series = a.series;
    const radlens::ai::Manifest& manifest = a.manifest;
    const radlens::ai::Findings& findings = a.findings;
    try {
        radlens::ai::FindingsExport::writeSr(findings, manifest, *series, o.output,
                                             RADLENS_VERSION);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    const std::size_t classes = findings.classes.size(), lesions = findings.lesions.size();
    if (o.json)
        std::cout << json{{"output", o.output},
                          {"series_uid", series->uid},
                          {"model", {{"name", manifest.name}, {"version", manifest.version}}},
                          {"classes", classes},
                          {"lesions", lesions}}
                         .dump(2)
                  << "\n";
    else
        std::cout << o.output << ": " << classes << " classes, " << lesions << " lesions\n";
    return 0;
}

// ------------------------------------------------------------------ model

struct ModelOptions {
    std::vector<std::string> positional;
    std::vector<std::string> data;  ///< --data PATH... (compare)
    std::map<std::string, std::string> values;
    bool json = false, features = false;
};

ModelOptions parseModel(const std::vector<std::string>& args) {
    static const std::set<std::string> valued = {"--arch",  "--weights",  "--classes", "-o",
                                                 "--input", "--channels", "--name",    "--target",
                                                 "--steps", "--lr",       "--device"};
    ModelOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json")
            o.json = true;
        else if (a == "--data") {
            while (i + 1 < args.size() && !(args[i + 1].size() > 1 && args[i + 1][0] == '-'))
                o.data.push_back(args[++i]);
            if (o.data.empty()) throw UsageError("--data needs at least one PATH");
        } else if (a == "--features")
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
        m.classes.push_back({classes[i], radlens::ai::defaultClassColor(i), 0.5, {}});
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
        json j = m.toJson();
        // The summary's vectors are for the program; a reader gets their shape.
        if (j.contains("training_summary")) {
            json& t = j["training_summary"];
            json shape = json::array();
            for (const json& l : t["levels"])
                shape.push_back(
                    {{"dimensions", l["mean"].size()}, {"components", l["basis"].size()}});
            t["levels"] = shape;
        }
        j["synthetic_data"] = m.trainedOnSyntheticData();
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << m.name << " (version " << m.version << ")\n"
              << "  " << m.task() << ", " << radlens::ai::architectureName(m.architecture) << ", "
              << m.mode << ", input " << m.inputChannels << "x" << m.inputHeight << "x"
              << m.inputWidth << "\n  classes:";
    for (const auto& c : m.classes) std::cout << " " << c.name;
    std::cout << "\n  weights " << m.weightsFile << " sha256 " << m.weightsSha256 << "\n";
    if (m.trainedOnSyntheticData())
        std::cout << "  SYNTHETIC: trained on synthetic data; not for clinical use\n";
    return 0;
}

/// model train-steps: N optimiser steps of the Trainer's loss and Adam on one
/// fixed batch, printing the losses. A verification tool: the training-step
/// parity test runs the same steps in PyTorch and compares.
int modelTrainSteps(const ModelOptions& o) {
    if (o.positional.size() != 1) throw UsageError("model train-steps needs one BUNDLE");
    for (const char* k : {"--input", "--target"})
        if (!o.values.count(k)) throw UsageError(std::string("model train-steps needs ") + k);
    const int steps = o.values.count("--steps") ? std::stoi(o.values.at("--steps")) : 5;
    if (steps < 1 || steps > 10000) throw UsageError("--steps must be from 1 to 10000");
    radlens::ai::Manifest m;
    std::shared_ptr<radlens::ai::Network> net;
    torch::Tensor x, y;
    try {
        net = radlens::ai::ModelBundle::load(o.positional[0], m);
        x = radlens::ai::TorchFileReader::readTensor(o.values.at("--input")).to(torch::kFloat32);
        y = radlens::ai::TorchFileReader::readTensor(o.values.at("--target"));
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    radlens::ai::TrainingConfig c;
    c.task = m.task();
    c.mode = m.mode;
    if (o.values.count("--lr")) c.lr = std::stod(o.values.at("--lr"));
    at::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
    net->train();
    if (radlens::ai::Trainer::prefersChannelsLast(torch::kCPU)) {
        net->toChannelsLast();
        x = x.contiguous(torch::MemoryFormat::ChannelsLast);
    }
    auto optimizer = radlens::ai::Trainer::makeOptimizer(*net, c);
    json losses = json::array(), seconds = json::array();
    for (int i = 0; i < steps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        torch::Tensor loss = radlens::ai::trainingLoss(
            c.effectiveLoss(), c.mode, net->forward(x),
            c.mode == "multilabel" && c.task == "classify" ? y.to(torch::kFloat32)
                                                           : y.to(torch::kInt64));
        optimizer->clearGradients();
        loss.backward();
        optimizer->step();
        losses.push_back(loss.item<double>());
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    if (o.json)
        std::cout << json{{"losses", losses},
                          {"step_seconds", seconds},
                          {"loss", c.effectiveLoss()}}
                         .dump()
                  << "\n";
    else
        for (const json& l : losses) std::cout << l.get<double>() << "\n";
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

int modelPack(const ModelOptions& o) {
    if (o.positional.size() != 1 || !o.values.count("-o"))
        throw UsageError("model pack needs BUNDLE -o OUT.zip");
    try {
        radlens::ai::Manifest m;
        radlens::ai::ModelBundle::load(o.positional[0], m);  // only valid bundles get packed
        radlens::ai::BundleArchive::pack(o.positional[0], o.values.at("-o"));
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    return 0;
}

/// model compare A B --data PATH...: both versions on the same cases
/// (ai::ModelComparison), as JSON or a table.
int modelCompare(const ModelOptions& o) {
    if (o.positional.size() != 2 || o.data.empty())
        throw UsageError("model compare needs A B --data PATH...");
    const std::string device = o.values.count("--device") ? o.values.at("--device") : "auto";
    std::shared_ptr<radlens::ai::LoadedModel> a, b;
    try {
        const torch::Device d = radlens::ai::chooseDevice(device);
        a = radlens::ai::LoadedModel::load(o.positional[0], d);
        b = radlens::ai::LoadedModel::load(o.positional[1], d);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    radlens::ai::LoadedTrainingData data;
    try {
        data = radlens::ai::TrainingDataLoader::load(
            radlens::ai::ModelComparison::configFor(a->manifest, o.data));
    } catch (const std::exception& e) {
        throw Failure("--data: " + std::string(e.what()));
    }
    json r;
    try {
        r = radlens::ai::ModelComparison::run(*a, *b, data.samples);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    if (o.json) {
        std::cout << r.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return 0;
    }
    auto num = [](const json& v, int digits = 3) {
        if (!v.is_number()) return std::string("n/a");
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.*f", digits, v.get<double>());
        return std::string(buf);
    };
    std::cout << "A " << r["model_a"]["name"].get<std::string>() << " "
              << r["model_a"]["version"].get<std::string>() << ", B "
              << r["model_b"]["name"].get<std::string>() << " "
              << r["model_b"]["version"].get<std::string>() << ", " << r["cases"].get<long>()
              << " cases\n";
    if (r.contains("segmentation")) {
        for (const json& c : r["classes"])
            std::cout << "  " << c["name"].get<std::string>() << ": IoU " << num(c["iou_a"])
                      << " -> " << num(c["iou_b"]) << ", Dice " << num(c["dice_a"]) << " -> "
                      << num(c["dice_b"]) << "\n";
    } else {
        for (const json& c : r["classes"]) {
            std::cout << "  " << c["name"].get<std::string>() << ": AUROC " << num(c["auroc_a"])
                      << " -> " << num(c["auroc_b"]) << " (difference " << num(c["difference"]);
            if (c["ci95"].is_array())
                std::cout << ", 95% CI " << num(c["ci95"][0]) << ".." << num(c["ci95"][1]) << ", p "
                          << num(c["p_value"], 4);
            std::cout << "); sensitivity/specificity A " << num(c["a"]["sensitivity"]) << "/"
                      << num(c["a"]["specificity"]) << ", B " << num(c["b"]["sensitivity"]) << "/"
                      << num(c["b"]["specificity"]) << "\n";
        }
    }
    if (!r["disagreements"].empty()) std::cout << "most disagreement:\n";
    for (const json& d : r["disagreements"])
        std::cout << "  " << d["case"].get<std::string>() << " (" << d["class"].get<std::string>()
                  << "): " << num(d["a"]) << " vs " << num(d["b"]) << "\n";
    return 0;
}

int model(const std::vector<std::string>& args) {
    if (args.empty())
        throw UsageError("model needs import, info, compare, click-eval, forward or pack");
    at::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "click-eval") return clickEvalCommand(rest);  // its own options
    const ModelOptions o = parseModel(rest);
    if (args[0] == "import") return modelImport(o);
    if (args[0] == "info") return modelInfo(o);
    if (args[0] == "forward") return modelForward(o);
    if (args[0] == "pack") return modelPack(o);
    if (args[0] == "compare") return modelCompare(o);
    if (args[0] == "train-steps") return modelTrainSteps(o);
    throw UsageError("unknown model command " + args[0]);
}

}  // namespace

int main(int argc, char** argv) {
    // Every command here runs networks, which free and allocate the same large
    // buffers batch after batch: keep them instead of faulting them in anew.
    radlens::ai::CachingCpuAllocator::install();
    std::vector<std::string> args(argv + 1, argv + argc);
    return runCommand([&]() -> int {
        if (args.empty()) throw UsageError("no command given");
        const std::string cmd = args.front();
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (cmd == "analyze") return analyze(parse(rest, Command::Analyze));
        if (cmd == "model") return model(rest);
        if (cmd == "export-seg") return exportSeg(parse(rest, Command::ExportSeg));
        if (cmd == "export-sr") return exportSr(parse(rest, Command::ExportSr));
        if (cmd == "train") return trainCommand(rest);
        if (cmd == "click-segment") return clickSegmentCommand(rest);
        if (cmd == "listen") return listenCommand(rest);
        throw UsageError("unknown command " + cmd);
    });
}
