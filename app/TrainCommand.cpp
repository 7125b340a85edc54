#include "app/TrainCommand.h"

#include <nlohmann/json.hpp>
#include "platform/JsonInput.h"

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "ai/ClickSegmenter.h"
#include "ai/Device.h"
#include "ai/DistributedContext.h"
#include "ai/HeatmapHitRate.h"
#include "ai/LargeBufferReuse.h"
#include "ai/LoadedModel.h"
#include "ai/ModelBundle.h"
#include "ai/Trainer.h"
#include "ai/TrainingDataLoader.h"
#include "ai/WeightLoader.h"
#include "app/CliSupport.h"
#include "platform/Platform.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace radlens::cli {

namespace {

ai::Trainer* gTrainer = nullptr;

/// libgomp's busy-wait before a streamed run's OpenMP threads sleep (about
/// 100 000 spins a millisecond, by libgomp's own estimate).
constexpr const char* kStreamedSpinCount = "10000";

extern "C" void onStopSignal(int) {
    if (gTrainer) gTrainer->cancel();
}

void emitLine(const json& event) { std::cout << event.dump() << "\n" << std::flush; }

std::string isoNow() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

}  // namespace

int trainCommand(const std::vector<std::string>& args) {
    std::string configPath, master;
    bool resume = false;
    int rank = 0, world = 1;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--config")
            configPath = value();
        else if (a == "--resume")
            resume = true;
        else if (a == "--rank")
            rank = std::atoi(value().c_str());
        else if (a == "--world-size")
            world = std::atoi(value().c_str());
        else if (a == "--master")
            master = value();
        else
            throw UsageError("unknown option " + a + " for train");
    }
    if (configPath.empty()) throw UsageError("train needs --config RUN.json");
    if (world < 1 || rank < 0 || rank >= world)
        throw UsageError("--rank must be from 0 to --world-size - 1");
    if (world > 1 && master.empty()) throw UsageError("--world-size needs --master HOST:PORT");

    ai::TrainingConfig config;
    try {
        std::ifstream in(configPath);
        if (!in) throw Failure(configPath + ": cannot open");
        json j;
        try {
            j = platform::parseJson(in, configPath);
        } catch (const std::exception& e) {
            throw Failure(configPath + ": not valid JSON: " + e.what());
        }
        config = ai::TrainingConfig::fromJson(j, fs::absolute(configPath).parent_path().string());
    } catch (const std::invalid_argument& e) {
        throw Failure(configPath + ": " + e.what());
    }
    // Other ranks write their copy beside rank 0's (identical weights: a check).
    if (rank > 0) config.output += ".rank" + std::to_string(rank);
    if (fs::exists(config.output))
        throw Failure(config.output + ": exists; choose a new output folder (nothing was changed)");
    const fs::path ckpt = fs::path(config.effectiveCheckpointDir()) / "checkpoint.pt";
    if (!resume && fs::exists(ckpt))
        throw Failure(ckpt.string() +
                      ": an earlier run left this checkpoint; continue it with --resume or "
                      "remove it");

    // Streamed images are decoded on the loader threads while the step runs
    // on LibTorch's OpenMP threads. By libgomp's default those spin about
    // 3 ms after each parallel region (GOMP_SPINCOUNT 300000) and take the
    // cores the loaders need; with OMP_WAIT_POLICY=PASSIVE alone they sleep
    // at once, and each of a step's many short regions then waits for its
    // threads to wake. A short spin (kStreamedSpinCount, about 0.1 ms) keeps
    // them between back-to-back regions and frees the core soon after: on 2
    // cores at 128 px, streamed runs went from 0.86x of held (passive) to
    // 0.96x (README, "Streaming"). libgomp reads the variables when it loads,
    // so the process starts itself again with them, once; a policy or spin
    // count the user set is kept. Held runs keep the default.
    if (config.stream && !std::getenv("OMP_WAIT_POLICY") && !std::getenv("GOMP_SPINCOUNT")) {
        platform::setEnvironment("OMP_WAIT_POLICY", "PASSIVE");
        platform::setEnvironment("GOMP_SPINCOUNT", kStreamedSpinCount);
        std::vector<std::string> again{platform::executablePath(), "train"};
        again.insert(again.end(), args.begin(), args.end());
        if (!again.front().empty()) platform::replaceProcess(again.front(), again);
        // Not restarted: this process goes on with the policy it has.
    }
    const char* waitPolicy = std::getenv("OMP_WAIT_POLICY");
    const char* spinCount = std::getenv("GOMP_SPINCOUNT");

    auto fail = [&](const std::string& what, const std::string& why) -> Failure {
        emitLine({{"event", "error"}, {"message", what + ": " + why}});
        return Failure(what + ": " + why);
    };

    // Loader threads decode image after image into large buffers: reuse them.
    ai::keepLargeBuffersForReuse();
    ai::LoadedTrainingData data;
    try {
        data = ai::TrainingDataLoader::load(config, config.stream
                                                        ? ai::TrainingDataLoader::Pixels::Streamed
                                                        : ai::TrainingDataLoader::Pixels::Held);
    } catch (const std::exception& e) {
        throw fail("data", e.what());
    }
    emitLine({{"event", "info"},
              {"samples", data.samples.size()},
              {"per_class", data.perClass},
              {"classes", config.classes},
              {"data_digest", data.digest},
              {"synthetic", data.synthetic},
              {"warnings", data.warnings},
              {"openmp_wait_policy", waitPolicy ? waitPolicy : "default"},
              {"openmp_spin_count", spinCount ? spinCount : "default"}});

    json parent = nullptr;
    std::string parentVersion;
    std::vector<ai::ClassInfo> parentClasses;  // colours and display names carry over
    bool baseSynthetic = false;
    ai::NamedTensors initial;
    if (!config.base.empty()) {
        try {
            if (config.base.rfind("imagenet:", 0) == 0) {
                const std::string file = config.base.substr(9);
                initial = ai::TorchFileReader::readStateDict(file);
                parent = {{"source", "imagenet weights"},
                          {"file", fs::path(file).filename().string()},
                          {"sha256", ai::sha256OfFile(file)}};
            } else {
                ai::Manifest m;
                auto net = ai::ModelBundle::load(config.base, m);
                if (m.architecture != config.arch)
                    throw std::runtime_error(
                        "the base bundle is " + ai::architectureName(m.architecture) +
                        ", the config asks for " + ai::architectureName(config.arch));
                initial = ai::WeightLoader::stateDict(*net);
                parent = {{"name", m.name}, {"version", m.version}, {"sha256", m.weightsSha256}};
                // A model that learned from synthetic data passes that on.
                if (m.trainedOnSyntheticData()) {
                    parent["synthetic_data"] = true;
                    baseSynthetic = true;
                }
                parentVersion = m.version;
                parentClasses = m.classes;
            }
        } catch (const std::exception& e) {
            throw fail(config.base, e.what());
        }
    }

    ai::Trainer trainer(config);
    if (world > 1) {
        try {
            trainer.setDistributed(ai::DistributedContext::connect(
                rank, world, master,
                ai::DistributedContext::defaultBackend(ai::chooseDevice(config.device))));
        } catch (const std::exception& e) {
            throw fail("--master " + master, e.what());
        }
        emitLine(
            {{"event", "info"},
             {"rank", rank},
             {"world_size", world},
             {"master", master},
             {"backend", ai::DistributedContext::defaultBackend(ai::chooseDevice(config.device))}});
    }
    trainer.setCallback(emitLine);
    trainer.setInitialWeights(initial);
    trainer.setResume(resume);
    gTrainer = &trainer;
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    ai::TrainingResult result;
    try {
        result = trainer.run(data.trainingSamples());
    } catch (const ai::TrainingCancelled&) {
        gTrainer = nullptr;
        throw fail("training", "cancelled; the last finished epoch is kept in " + ckpt.string() +
                                   " (continue with --resume)");
    } catch (const std::exception& e) {
        gTrainer = nullptr;
        throw fail("training", e.what());
    }
    gTrainer = nullptr;

    ai::Manifest m;
    m.architecture = config.arch;
    m.name = !config.name.empty()
                 ? config.name
                 : ai::architectureName(config.arch) + "-" + config.task + "-local";
    if (!config.version.empty())
        m.version = config.version;
    else if (!parentVersion.empty() &&
             std::all_of(parentVersion.begin(), parentVersion.end(), ::isdigit))
        m.version = std::to_string(std::stoll(parentVersion) + 1);
    else
        m.version = "1";
    m.mode = config.mode;
    for (std::size_t i = 0; i < config.classes.size(); ++i) {
        ai::ClassInfo ci;
        ci.name = config.classes[i];
        ci.color = ai::defaultClassColor(i);
        for (const ai::ClassInfo& p : parentClasses)
            if (p.name == ci.name) {
                ci.color = p.color;
                ci.displayNames = p.displayNames;
            }
        if (i < result.thresholds.size()) ci.threshold = result.thresholds[i];
        m.classes.push_back(ci);
    }
    if (config.task == "interactive") {
        // One output, the clicked object; the source classes stay in the
        // provenance's hyperparameters.
        m.interactive = true;
        ai::ClassInfo object;
        object.name = "object";
        object.color = ai::defaultClassColor(0);
        m.classes = {object};
    }
    m.calibration = result.calibration;
    m.trainingSummary = result.trainingSummary.toJson();
    m.inputChannels = config.task == "interactive" ? ai::ClickSegmenter::kInputChannels : 1;
    m.inputHeight = m.inputWidth = config.imageSize;
    m.preprocessing = result.preprocessing.toJson();
    // The modality trained on, so that the viewer runs the model on its kind
    // of series only (ai::modelSuitsModality).
    if (!result.modality.empty()) m.preprocessing["modality"] = result.modality;
    const bool synthetic = data.synthetic || baseSynthetic;
    m.provenance = {{"parent", parent},
                    {"source", "radlens-cli train"},
                    {"created", isoNow()},
                    {"data_digest", data.digest},
                    {"synthetic_data", synthetic},
                    {"split", result.split},
                    {"hyperparameters", config.toJson()},
                    {"metrics", result.metrics},
                    {"test_metrics", result.testMetrics},
                    {"volume_metrics", result.volumeMetrics},
                    {"best_epoch", result.bestEpoch},
                    {"history", result.history},
                    {"device", result.device},
                    {"world_size", world},
                    {"seconds", result.seconds}};
    if (synthetic)
        m.provenance["note"] = data.synthetic
                                   ? "demo model - synthetic data - not for clinical use"
                                   : "demo model - its base was trained on synthetic data - not "
                                     "for clinical use";
    try {
        ai::ModelBundle::write(config.output, m, *result.network);
    } catch (const std::exception& e) {
        throw fail(config.output, e.what());
    }
    // Where the data set gives finding boxes (ChestX-ray14's
    // BBox_List_2017.csv), the test metrics say how often the heatmap of a
    // finding points into its box; measured on the bundle as written.
    if (rank == 0 && config.task == "classify" && result.testMetrics.is_object()) {
        try {
            const std::vector<ai::FindingBox> boxes = ai::HeatmapHitRate::readBoxes(config.data);
            std::map<std::string, std::string> testImages;
            for (const ai::TrainingSample& s : data.samples)
                if (s.testSet && !s.path.empty())
                    testImages[fs::path(s.path).filename().string()] = s.path;
            if (!boxes.empty() && !testImages.empty()) {
                auto model = ai::LoadedModel::load(config.output, result.device == "cuda"
                                                                      ? torch::Device(torch::kCUDA)
                                                                      : torch::Device(torch::kCPU));
                const json hitRate = ai::HeatmapHitRate::measure(*model, boxes, testImages);
                if (!hitRate.is_null()) {
                    result.testMetrics["heatmap_hit_rate"] = hitRate;
                    m.provenance["test_metrics"] = result.testMetrics;
                    ai::ModelBundle::write(config.output, m, *result.network);
                }
            }
        } catch (const std::exception& e) {
            // The model is written and sound; only the measurement is missing.
            std::cerr << "radlens-cli train: the heatmap hit rate was not measured: " << e.what()
                      << "\n";
        }
    }
    json calibration = nullptr;
    if (result.calibration.is_object()) {
        calibration = result.calibration;
        calibration.erase("reliability_before");
        calibration.erase("reliability_after");
    }
    emitLine(
        {{"event", "done"},
         {"output", fs::absolute(config.output).string()},
         {"best_epoch", result.bestEpoch},
         {"metrics", result.metrics},
         {"test_metrics", result.testMetrics},
         {"volume_metrics", result.volumeMetrics},
         {"synthetic_data", synthetic},
         {"calibration", calibration},
         {"ood_threshold", result.trainingSummary.valid() ? json(result.trainingSummary.threshold())
                                                          : json(nullptr)},
         {"seconds", result.seconds},
         {"device", result.device}});
    return 0;
}

}  // namespace radlens::cli
