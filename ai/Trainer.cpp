#include "ai/Trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <thread>

#include "ai/Augmentation.h"
#include "ai/CachingCpuAllocator.h"
#include "ai/CalibrationReport.h"
#include "ai/ClickEvaluation.h"
#include "ai/Device.h"
#include "ai/InteractiveBatches.h"
#include "ai/Losses.h"
#include "ai/Metrics.h"
#include "ai/ModelBundle.h"
#include "ai/SingleThreadScope.h"
#include "ai/WeightLoader.h"

namespace radlens::ai {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::mt19937_64 rngFor(std::uint64_t seed, int epoch, int batch) {
    std::seed_seq seq{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(epoch),
                      std::uint32_t(batch), 0x7A1Eu};
    return std::mt19937_64(seq);
}

/// The head that a fine-tune trains first: a classifier's last layer, a
/// segmenter's decoder and segmentation head.
bool isHead(const std::string& name, bool segmenter) {
    if (segmenter) return name.rfind("encoder.", 0) != 0;
    return name.rfind("fc.", 0) == 0 || name.rfind("classifier.", 0) == 0;
}

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

/// Checkpoint state that must match for --resume to continue a run.
json fingerprint(const TrainingConfig& c) {
    json j = c.toJson();
    j.erase("device");
    j.erase("loader_threads");
    // Streamed or held, cached or not: the same pixels in the same order.
    j.erase("stream");
    j.erase("image_cache");
    j.erase("output");
    // Chosen after training, from the best weights: no effect on the epochs.
    j.erase("operating_point");
    j.erase("ood_false_alarm_rate");
    return j;
}

void saveModule(torch::nn::Module& m, torch::serialize::OutputArchive& ar, const std::string& key) {
    torch::serialize::OutputArchive sub;
    m.save(sub);
    ar.write(key, sub);
}

NamedTensors cloneState(Network& net) {
    NamedTensors out;
    for (auto& [name, t] : WeightLoader::stateDict(net))
        out.emplace_back(name, t.detach().to(torch::kCPU).clone(torch::MemoryFormat::Contiguous));
    return out;
}

void saveNamed(const NamedTensors& tensors, torch::serialize::OutputArchive& ar,
               const std::string& key) {
    torch::serialize::OutputArchive sub;
    for (const auto& [name, t] : tensors) sub.write(name, t);
    ar.write(key, sub);
}

bool better(const std::string& metric, double candidate, double best) {
    return metric == "loss" ? candidate < best : candidate > best;
}

}  // namespace

Trainer::Trainer(TrainingConfig config) : config_(std::move(config)) {}

void Trainer::emit(const json& event) const {
    if (callback_) callback_(event);
}

int Trainer::outputChannels(const TrainingConfig& c) {
    return c.task == "interactive" ? 1 : int(c.classes.size());
}

bool Trainer::prefersChannelsLast(const torch::Device& device) { return device.is_cpu(); }

std::shared_ptr<Network> Trainer::makeNetwork(const TrainingConfig& c) {
    torch::manual_seed(c.seed);
    auto net = createNetwork(c.arch, outputChannels(c),
                             c.task == "interactive" ? ClickSegmenter::kInputChannels : 1);
    // A new classifier head starts from a narrow normal distribution (the
    // reference work's initialisation of its replaced layer).
    torch::NoGradGuard noGrad;
    for (auto& p : net->named_parameters()) {
        const std::string& n = p.key();
        if (!isSegmenter(c.arch) && isHead(n, false)) {
            if (n.find("weight") != std::string::npos) p.value().normal_(0, 0.01);
            if (n.find("bias") != std::string::npos) p.value().zero_();
        }
    }
    return net;
}

std::unique_ptr<FusedAdam> Trainer::makeOptimizer(Network& net, const TrainingConfig& c) {
    return std::make_unique<FusedAdam>(net.parameters(),
                                       torch::optim::AdamOptions(c.lr).amsgrad(c.amsgrad));
}

TrainingResult Trainer::run(const std::vector<TrainingSample>& samples) {
    return run(TrainingSamples(samples));
}

TrainingResult Trainer::run(const TrainingSamples& data) {
    const Clock::time_point start = Clock::now();
    const std::vector<TrainingSample>& samplesIn = data.entries();
    const TrainingConfig& c = config_;
    const bool segment = c.usesMasks();
    const bool interactive = c.task == "interactive";
    const bool multilabel = c.mode == "multilabel";
    const int C = outputChannels(c);
    const int classCount = int(c.classes.size());
    if (samplesIn.empty()) throw std::runtime_error("no training samples");
    // A streamed sample's pixels are checked as it is decoded (checkPixels).
    const auto checkPixels = [&](const TrainingSample& s) {
        if (!s.image.defined() || s.image.dim() != 3 || s.image.size(0) != 1)
            throw std::runtime_error(s.source + ": image must be (1, H, W)");
        if (segment && !s.mask.defined())
            throw std::runtime_error(s.source + ": segmentation needs a mask");
    };
    for (const TrainingSample& s : samplesIn) {
        if (s.image.defined()) checkPixels(s);
        if (!s.labels.defined() || s.labels.numel() != classCount)
            throw std::runtime_error(s.source + ": labels do not match the " +
                                     std::to_string(classCount) + " classes");
    }
    const torch::Device device = chooseDevice(c.device);
    const int world = distributed_ ? distributed_->worldSize() : 1;
    const int rank = distributed_ ? distributed_->rank() : 0;
    if (world > 1 && c.batchSize < world)
        throw std::runtime_error("batch_size must be at least the world size (" +
                                 std::to_string(world) + ")");
    TrainingResult result;
    result.device = device.is_cuda() ? "cuda" : "cpu";

    // Split by patient.
    DataSplit split = DataSplit::byPatient(samplesIn, c.valFraction, c.seed, c.testFraction);
    if (interactive) {  // only images with an object to click on
        // A streamed entry knows its mask's pixel counts without the mask.
        auto noObject = [&](int i) {
            const TrainingSample& s = samplesIn[std::size_t(i)];
            if (s.mask.defined()) return !InteractiveBatches::hasObject(s.mask);
            if (s.maskCounts.size() > 1)
                return std::accumulate(s.maskCounts.begin() + 1, s.maskCounts.end(), 0.0) == 0;
            return !InteractiveBatches::hasObject(data.withPixels(std::size_t(i)).mask);
        };
        split.train.erase(std::remove_if(split.train.begin(), split.train.end(), noObject),
                          split.train.end());
        split.validation.erase(
            std::remove_if(split.validation.begin(), split.validation.end(), noObject),
            split.validation.end());
        split.test.erase(std::remove_if(split.test.begin(), split.test.end(), noObject),
                         split.test.end());
        if (split.train.empty())
            throw std::runtime_error("no training image holds an object of the run's classes");
    }
    if (split.train.empty()) throw std::runtime_error("the split left no training samples");
    if (split.validation.empty() && c.valFraction > 0)
        throw std::runtime_error(
            "the split left no validation samples: the data has a single patient "
            "(add patients or set val_fraction to 0)");
    result.split = split.json(samplesIn);
    emit({{"event", "info"}, {"split", split.counts(samplesIn)}});

    // Preprocessing: window/scale per image, then mean/std of the training
    // images (5th..95th percentile, the reference work's statistic).
    Preprocessing prep;
    // The modality of the first sample (decoded when streamed: a DICOM
    // file's header says it).
    const std::string modality =
        data.streamed(0) ? data.withPixels(0).modality : samplesIn.front().modality;
    result.modality = modality;
    if (c.preprocessing.is_object()) {
        Manifest m;
        m.preprocessing = c.preprocessing;
        m.inputHeight = m.inputWidth = c.imageSize;
        m.inputChannels = 1;
        prep = Preprocessing::fromManifest(m);
    } else if (modality == "CT") {
        prep.window = std::make_pair(-1500.0, 500.0);
    } else {
        prep.scale = "percentile";
    }
    prep.channels = 1;
    prep.height = prep.width = c.imageSize;
    const bool fixedStats = prep.mean && prep.std;
    // Held samples are preprocessed once, here; streamed ones as they are
    // decoded (fetch), with the same code.
    Preprocessing valueOnly = prep;
    valueOnly.mean = 0.0;
    valueOnly.std = 1.0;
    const auto valueImage = [valueOnly](const torch::Tensor& image) {
        Preprocessing p = valueOnly;  // a copy per call: loader threads call it at once
        p.height = int(image.size(1));
        p.width = int(image.size(2));
        return p.apply(image.unsqueeze(0)).squeeze(0);
    };
    std::vector<torch::Tensor> images(samplesIn.size()), masks(samplesIn.size());
    for (std::size_t i = 0; i < samplesIn.size(); ++i)
        if (samplesIn[i].image.defined()) images[i] = valueImage(samplesIn[i].image);
    if (!fixedStats) {
        std::vector<torch::Tensor> pool;
        const std::size_t step = std::max<std::size_t>(1, split.train.size() / 64);
        for (std::size_t k = 0; k < split.train.size(); k += step) {
            const std::size_t i = std::size_t(split.train[k]);
            pool.push_back(images[i].defined() ? images[i].flatten()
                                               : valueImage(data.withPixels(i).image).flatten());
        }
        const auto [mean, sd] = robustMeanStd(torch::cat(pool));
        prep.mean = mean;
        prep.std = sd;
    }
    for (torch::Tensor& im : images)
        if (im.defined()) im = ((im - *prep.mean) / *prep.std).contiguous();
    if (segment)
        for (std::size_t i = 0; i < samplesIn.size(); ++i) masks[i] = samplesIn[i].mask;
    result.preprocessing = prep;
    // Sample i ready for a network: its normalised image, mask and the
    // sample as decoded. Any thread (loader threads call it).
    struct Fetched {
        torch::Tensor image, mask;
        TrainingSample sample;
    };
    // A decoded sample's image as the network takes it (held ones were
    // normalised above, with the same arithmetic).
    const double prepMean = *prep.mean, prepStd = *prep.std;
    const auto normalised = [&, prepMean, prepStd](const TrainingSample& s) {
        checkPixels(s);
        return ((valueImage(s.image) - prepMean) / prepStd).contiguous();
    };
    const auto fetch = [&](std::size_t i) -> Fetched {
        if (images[i].defined()) return Fetched{images[i], masks[i], samplesIn[i]};
        TrainingSample s = data.withPixels(i);
        torch::Tensor im = normalised(s);
        torch::Tensor mk = s.mask;
        return Fetched{im, mk, std::move(s)};
    };

    // Class weights for multi-label BCE: negatives / positives per class.
    // Segmentation (multi-label): lesions are a small fraction of the pixels;
    // the square root of that ratio keeps BCE from settling on "no lesion"
    // before the Dice term takes hold.
    torch::Tensor posWeight;
    const bool weighted = c.posWeight == "auto" && !interactive;
    if (weighted && !segment && multilabel) {
        torch::Tensor pos = torch::zeros({C});
        for (int i : split.train) pos += samplesIn[std::size_t(i)].labels;
        const double n = double(split.train.size());
        posWeight = ((n - pos) / pos.clamp_min(1)).clamp(1.0, 50.0);
    } else if (weighted && segment && multilabel) {
        torch::Tensor pos = torch::zeros({C}, torch::kFloat64);
        double pixels = 0;
        for (int i : split.train) {
            const TrainingSample& s = samplesIn[std::size_t(i)];
            if (s.maskCounts.size() == std::size_t(C) + 1) {  // known without the mask
                for (int c = 0; c < C; ++c) pos[c] += s.maskCounts[std::size_t(c) + 1];
                for (const double n : s.maskCounts) pixels += n;
                continue;
            }
            const torch::Tensor& m = s.mask;
            for (int c = 0; c < C; ++c) pos[c] += m.eq(c + 1).sum().item<double>();
            pixels += double(m.numel());
        }
        posWeight = ((pixels - pos) / pos.clamp_min(1))
                        .sqrt()
                        .clamp(1.0, 50.0)
                        .to(torch::kFloat32)
                        .view({1, C, 1, 1});
    }

    auto net = makeNetwork(c);
    if (!initial_.empty()) {
        const LoadReport report = WeightLoader::loadPartial(*net, initial_);
        result.loadReport = {{"loaded", report.loaded.size()},
                             {"adapted", report.adapted},
                             {"mismatched", report.mismatched},
                             {"missing", report.missing.size()},
                             {"unexpected", report.unexpected.size()}};
        emit({{"event", "info"}, {"message", "base weights: " + report.summary()}});
    }
    net->to(device);
    const bool channelsLast = prefersChannelsLast(device);
    if (channelsLast) net->toChannelsLast();
    auto optimizer = makeOptimizer(*net, c);
    NamedTensors best = cloneState(*net);
    double bestValue = c.effectiveBestMetric() == "loss" ? 1e300 : -1e300;
    int firstEpoch = 0;
    json history = json::array();
    const fs::path ckptDir = c.effectiveCheckpointDir();
    const fs::path ckpt = ckptDir / "checkpoint.pt";

    if (resume_ && fs::exists(ckpt)) {
        torch::serialize::InputArchive ar;
        ar.load_from(ckpt.string(), device);
        c10::IValue stateValue;
        ar.read("state", stateValue);
        const json state = json::parse(stateValue.toStringRef());
        if (state.at("fingerprint") != fingerprint(c))
            throw std::runtime_error(ckpt.string() +
                                     ": was made by a run with other settings; start a new "
                                     "run (another checkpoint_dir) or restore that config");
        torch::serialize::InputArchive model, opt, bestAr;
        ar.read("model", model);
        net->load(model);
        ar.read("optimizer", opt);
        optimizer->load(opt);
        ar.read("best", bestAr);
        for (auto& [name, t] : best) bestAr.read(name, t);
        firstEpoch = state.at("epochs_done").get<int>();
        bestValue = state.at("best_value").get<double>();
        result.bestEpoch = state.at("best_epoch").get<int>();
        history = state.at("history");
        emit({{"event", "info"},
              {"message", "resumed from " + ckpt.string()},
              {"epoch", firstEpoch}});
    }

    const Augmentation augmentation(c.augment);
    const bool frozenPhaseExists = !initial_.empty() && c.freezeEpochs > 0;
    // ETA: images processed so far and their time.
    double imagesDone = 0, trainSeconds = 0;
    const double trainPerEpoch = double(split.train.size());

    // Validation metrics of the network as it is, at an image size; "loss"
    // is the mean validation loss (NaN without a validation split).
    // Interactive: the simulated annotator's five clicks on the largest object
    // of (at most 48, evenly spaced) validation images; "iou" is the mean IoU
    // after three clicks.
    auto evaluateInteractive = [&](const std::shared_ptr<Network>& model,
                                   const std::vector<int>& which, int size) -> json {
        model->eval();
        ClickSegmenter segmenter(model, size, device);
        std::vector<std::vector<double>> curves;
        const std::size_t n = which.size(), limit = std::min<std::size_t>(n, 48);
        for (std::size_t k = 0; k < limit; ++k) {
            const Fetched f = fetch(std::size_t(which[k * n / limit]));
            curves.push_back(ClickEvaluation::clickCurve(
                segmenter, f.image[0], ClickSimulation::largestComponent(f.mask), 5));
        }
        json metrics = ClickEvaluation::summarize(curves);
        if (!curves.empty()) {
            double iou = 0;
            for (const auto& curve : curves) iou += curve[2] / (2 - curve[2]);
            metrics["iou"] = iou / double(curves.size());
            metrics["dice"] = metrics["dice_at"]["3"];
        }
        metrics["loss"] = std::nan("");
        return metrics;
    };
    // A segmenter's label map from its logits: multilabel, c+1 where class
    // c's probability is highest and above 0.5; multiclass, the argmax.
    const auto labelMap = [multilabel](const torch::Tensor& logits) -> torch::Tensor {
        if (!multilabel) return logits.argmax(1);
        auto [pmax, arg] = torch::sigmoid(logits).max(1);
        return torch::where(pmax > 0.5, arg + 1, torch::zeros_like(arg));
    };
    const std::vector<std::string> foreground(c.classes.begin() + (multilabel ? 0 : 1),
                                              c.classes.end());
    // Metrics of `model` on the samples `which` at an image size. A
    // classifier's logits are divided by `temperatures` and its F1 taken at
    // `thresholds` (empty: 1 and 0.5 per class).
    auto evaluate = [&](const std::shared_ptr<Network>& model, const std::vector<int>& which,
                        int size, const std::vector<double>& temperatures,
                        const std::vector<double>& thresholds) -> json {
        if (interactive) return evaluateInteractive(model, which, size);
        model->eval();
        json metrics;
        double valLoss = 0;
        int valBatches = 0;
        {
            torch::NoGradGuard noGrad;
            std::vector<torch::Tensor> probs, targets;
            SegmentationMetrics seg(foreground);
            for (std::size_t lo = 0; lo < which.size(); lo += std::size_t(c.batchSize)) {
                std::vector<torch::Tensor> im, mk, lab;
                for (std::size_t k = lo; k < std::min(which.size(), lo + std::size_t(c.batchSize));
                     ++k) {
                    const std::size_t i = std::size_t(which[k]);
                    const Fetched f = fetch(i);
                    im.push_back(f.image);
                    if (segment) mk.push_back(f.mask);
                    lab.push_back(samplesIn[i].labels);
                }
                Batch batch = Augmentation::validationBatch(im, mk, size);
                torch::Tensor labels = torch::stack(lab);
                torch::Tensor logits = model->forward(batch.images.to(device));
                torch::Tensor target =
                    segment ? batch.masks.to(device)
                            : (multilabel ? labels.to(device) : labels.argmax(1).to(device));
                valLoss += trainingLoss(c.effectiveLoss(), c.mode, logits, target, posWeight)
                               .item<double>();
                ++valBatches;
                if (segment) {
                    seg.add(labelMap(logits), batch.masks);
                } else {
                    torch::Tensor z = logits.to(torch::kCPU).to(torch::kFloat32);
                    if (!temperatures.empty())
                        z = z / torch::tensor(
                                    std::vector<float>(temperatures.begin(), temperatures.end()))
                                    .view({1, -1});
                    probs.push_back(multilabel ? torch::sigmoid(z) : torch::softmax(z, 1));
                    targets.push_back(labels);
                }
            }
            if (segment)
                metrics = seg.json(c.fBeta);
            else if (!probs.empty())
                metrics = classificationMetrics(
                    torch::cat(probs), torch::cat(targets), c.classes,
                    thresholds.empty() ? std::vector<double>(std::size_t(C), 0.5) : thresholds,
                    multilabel, c.fBeta);
        }
        metrics["loss"] = valBatches ? valLoss / valBatches : std::nan("");
        return metrics;
    };
    auto validate = [&](int size) -> json { return evaluate(net, split.validation, size, {}, {}); };
    if (!initial_.empty() && firstEpoch == 0 && !split.validation.empty())
        emit({{"event", "baseline"},
              {"size", c.sizeForEpoch(0)},
              {"metrics", validate(c.sizeForEpoch(0))}});

    for (int epoch = firstEpoch; epoch < c.epochs; ++epoch) {
        const Clock::time_point epochStart = Clock::now();
        const int size = c.sizeForEpoch(epoch);
        // Progressive resizing: blocks cached for the old size would not fit again.
        if (epoch > firstEpoch && size != c.sizeForEpoch(epoch - 1))
            CachingCpuAllocator::emptyInstalledCache();
        const double lr = c.lrForEpoch(epoch);
        for (auto& group : optimizer->param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
        const bool frozen = frozenPhaseExists && epoch < c.freezeEpochs;
        for (auto& p : net->named_parameters())
            p.value().set_requires_grad(!frozen || isHead(p.key(), segment));
        torch::manual_seed(c.seed * 1000003 + std::uint64_t(epoch));

        std::vector<int> order = split.train;
        std::mt19937_64 shuffleRng = rngFor(c.seed, epoch, -1);
        std::shuffle(order.begin(), order.end(), shuffleRng);
        int steps = int((order.size() + std::size_t(c.batchSize) - 1) / std::size_t(c.batchSize));
        // Distributed: a last batch too small to give every rank a sample is dropped.
        if (world > 1 && order.size() % std::size_t(c.batchSize) != 0 &&
            order.size() % std::size_t(c.batchSize) < std::size_t(world))
            --steps;
        // A last batch of one sample is dropped too: batch norm cannot train
        // on one (LibTorch throws "Expected more than 1 value per channel").
        // The sample is in other epochs' batches (the order is shuffled).
        if (world == 1 && c.batchSize > 1 && !c.freezeBatchNorm && order.size() > 1 &&
            order.size() % std::size_t(c.batchSize) == 1)
            --steps;

        // Loader: batch b+1 is built on another thread while batch b trains.
        struct Prepared {
            Batch batch;
            torch::Tensor labels;
            InteractiveBatch interactive;  ///< interactive runs: crops, targets, clicks
        };
        auto makeBatch = [&, epoch, size](int b) -> Prepared {
            // One core per loader thread: the steps' own threads keep theirs
            // (several OpenMP teams on a few cores wait for each other).
            SingleThreadScope oneCore;
            std::vector<torch::Tensor> im, mk;
            std::vector<torch::Tensor> labels;
            std::size_t lo = std::size_t(b) * std::size_t(c.batchSize);
            std::size_t hi = std::min(order.size(), lo + std::size_t(c.batchSize));
            if (world > 1) {  // this rank's contiguous share of the global batch
                const std::size_t n = hi - lo;
                hi = lo + n * std::size_t(rank + 1) / std::size_t(world);
                lo = lo + n * std::size_t(rank) / std::size_t(world);
            }
            // One generator per sample, drawn from its place in the global
            // batch: the same augmentation however the batch is shared out.
            std::vector<torch::Tensor> outImages, outMasks;
            if (interactive) {
                std::vector<InteractiveBatch> parts;
                for (std::size_t k = lo; k < hi; ++k) {
                    const std::size_t i = std::size_t(order[k]);
                    labels.push_back(samplesIn[i].labels);
                    std::mt19937_64 rng = rngFor(c.seed, epoch, b * 100003 + int(k));
                    const Fetched f = fetch(i);
                    parts.push_back(
                        InteractiveBatches::makeOne(f.image, f.mask, size, c.augment.enabled, rng));
                }
                Prepared p;
                p.interactive = InteractiveBatches::collate(parts);
                p.batch.masks = p.interactive.targets;
                p.labels = torch::stack(labels);
                return p;
            }
            for (std::size_t k = lo; k < hi; ++k) {
                const std::size_t i = std::size_t(order[k]);
                const Fetched f = fetch(i);
                im = {f.image};
                mk.clear();
                if (segment) mk.push_back(f.mask);
                labels.push_back(samplesIn[i].labels);
                std::mt19937_64 rng = rngFor(c.seed, epoch, b * 100003 + int(k));
                Batch one = augmentation.trainBatch(im, mk, size, rng);
                outImages.push_back(one.images);
                if (segment) outMasks.push_back(one.masks);
            }
            Batch batch;
            batch.images = torch::cat(outImages);
            if (segment) batch.masks = torch::cat(outMasks);
            return Prepared{batch, torch::stack(labels), {}};
        };
        net->train();
        if (c.freezeBatchNorm) net->freezeBatchNorms();
        double lossSum = 0, epochImages = 0;
        int lossCount = 0;
        // loader_threads batches are built ahead, each on its own thread
        // (decoding streamed images, preprocessing, augmenting); every random
        // choice depends on the batch and sample, not on the thread.
        std::deque<std::future<Prepared>> ahead;
        int queued = 0;
        const auto fill = [&] {
            while (queued < steps && int(ahead.size()) < c.loaderThreads)
                ahead.push_back(std::async(std::launch::async, makeBatch, queued++));
        };
        const auto drain = [&] {
            for (auto& f : ahead)
                if (f.valid()) f.wait();
        };
        fill();
        for (int b = 0; b < steps; ++b) {
            if (cancelled_) {
                drain();
                throw TrainingCancelled();
            }
            const Clock::time_point stepStart = Clock::now();
            Prepared prepared;
            try {
                prepared = ahead.front().get();
            } catch (...) {
                drain();  // the others still use this frame's state
                throw;
            }
            ahead.pop_front();
            fill();
            Batch& batch = prepared.batch;
            const torch::Tensor& labels = prepared.labels;
            if (interactive) {
                // 0..2 rounds of the simulated annotator on the network's own
                // answers, without gradients (RITM's iterative training).
                std::mt19937_64 roundRng = rngFor(c.seed, epoch, 1000000 + b);
                const int rounds = std::uniform_int_distribution<int>(0, 2)(roundRng);
                for (int r = 0; r < rounds; ++r) {
                    torch::NoGradGuard noGrad;
                    torch::Tensor xi = prepared.interactive.inputs().to(device);
                    if (channelsLast) xi = xi.contiguous(torch::MemoryFormat::ChannelsLast);
                    prepared.interactive.addErrorClicks(
                        net->forward(xi).gt(0).squeeze(1).to(torch::kCPU));
                }
                batch.images = prepared.interactive.inputs();
            }
            torch::Tensor x = batch.images.to(device);
            if (channelsLast) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
            torch::Tensor target;
            if (segment)
                target = batch.masks.to(device);
            else
                target = multilabel ? labels.to(device) : labels.argmax(1).to(device);
            torch::Tensor logits = net->forward(x);
            torch::Tensor loss = trainingLoss(c.effectiveLoss(), c.mode, logits, target, posWeight);
            optimizer->clearGradients();
            loss.backward();
            if (world > 1) {
                std::vector<torch::Tensor> grads;
                for (auto& p : net->parameters())
                    if (p.grad().defined()) grads.push_back(p.grad());
                distributed_->allreduceMean(grads);
            }
            optimizer->step();
            double l = loss.item<double>();
            if (world > 1) l = distributed_->allreduceMean(l);
            if (!std::isfinite(l))
                throw std::runtime_error("the loss became " + std::to_string(l) + " at epoch " +
                                         std::to_string(epoch + 1) + " (try a lower lr)");
            lossSum += l;
            ++lossCount;
            imagesDone += double(x.size(0));
            trainSeconds += seconds(stepStart);
            epochImages += double(x.size(0));
            const double remaining = trainPerEpoch * (c.epochs - epoch) - epochImages;
            const double rate = imagesDone / std::max(trainSeconds, 1e-9);
            emit({{"event", "step"},
                  {"epoch", epoch + 1},
                  {"epochs", c.epochs},
                  {"step", b + 1},
                  {"steps", steps},
                  {"loss", l},
                  {"lr", lr},
                  {"size", size},
                  {"images_per_s", rate},
                  {"eta_s", std::max(0.0, remaining / rate)}});
        }

        json metrics = validate(size);
        if (!metrics["loss"].is_number() || std::isnan(metrics["loss"].get<double>()))
            metrics["loss"] = lossSum / std::max(1, lossCount);
        const std::string bm = c.effectiveBestMetric();
        const double value =
            metrics.contains(bm) && metrics[bm].is_number() ? metrics[bm].get<double>() : 0.0;
        if (better(bm, value, bestValue) || epoch == 0) {
            bestValue = value;
            result.bestEpoch = epoch + 1;
            best = cloneState(*net);
        }
        const double epochSeconds = seconds(epochStart);
        json record = {{"epoch", epoch + 1},
                       {"loss", lossSum / std::max(1, lossCount)},
                       {"lr", lr},
                       {"size", size},
                       {"frozen_backbone", frozen},
                       {"seconds", epochSeconds},
                       {"metrics", metrics}};
        history.push_back(record);

        // Checkpoint: written beside, then renamed, so a kill leaves the old
        // one. Distributed: rank 0 writes it, the others wait for it.
        if (rank == 0) {
            std::error_code ec;
            fs::create_directories(ckptDir, ec);
            torch::serialize::OutputArchive ar;
            saveModule(*net, ar, "model");
            torch::serialize::OutputArchive opt;
            optimizer->save(opt);
            ar.write("optimizer", opt);
            saveNamed(best, ar, "best");
            const json state = {{"epochs_done", epoch + 1},
                                {"best_value", bestValue},
                                {"best_epoch", result.bestEpoch},
                                {"history", history},
                                {"fingerprint", fingerprint(c)}};
            ar.write("state", c10::IValue(state.dump()));
            const fs::path tmp = ckptDir / "checkpoint.pt.tmp";
            ar.save_to(tmp.string());
            fs::rename(tmp, ckpt, ec);
            if (ec) throw std::runtime_error(ckpt.string() + ": cannot write: " + ec.message());
        }
        if (world > 1) distributed_->barrier();
        const double rate = imagesDone / std::max(trainSeconds, 1e-9);
        const double remaining = double(c.epochs - epoch - 1) * trainPerEpoch;
        json event = record;
        event["event"] = "epoch";
        event["epochs"] = c.epochs;
        event["best_epoch"] = result.bestEpoch;
        event["eta_s"] = remaining / rate;
        emit(event);
    }

    // The best epoch's weights, on the CPU, for the bundle.
    auto out = makeNetwork(c);
    WeightLoader::loadStrict(*out, best);
    out->eval();

    // Trust: calibration and the out-of-distribution summary.
    if (!interactive) emit({{"event", "info"}, {"message", "calibrating on the validation split"}});
    if (!interactive) {
        torch::NoGradGuard noGrad;
        const int size = c.sizeForEpoch(std::max(0, c.epochs - 1));
        out->to(device);
        // Per level, the features of `which`; a classifier's logits into `logitRows`.
        // `seen` (may be null) is called with each sample as decoded.
        auto run = [&](const std::vector<int>& which, std::vector<std::vector<double>>* logitRows,
                       const std::function<void(const TrainingSample&)>& seen) {
            std::vector<std::vector<torch::Tensor>> perLevel;
            for (std::size_t lo = 0; lo < which.size(); lo += std::size_t(c.batchSize)) {
                std::vector<torch::Tensor> im;
                for (std::size_t k = lo; k < std::min(which.size(), lo + std::size_t(c.batchSize));
                     ++k) {
                    const Fetched f = fetch(std::size_t(which[k]));
                    im.push_back(f.image);
                    if (seen) seen(f.sample);
                }
                torch::Tensor x = Augmentation::validationBatch(im, {}, size).images.to(device);
                const std::vector<torch::Tensor> f = summaryFeatures(*out, x);
                perLevel.resize(f.size());
                for (std::size_t l = 0; l < f.size(); ++l) perLevel[l].push_back(f[l]);
                if (logitRows) {
                    const torch::Tensor logits =
                        out->forward(x).to(torch::kCPU).to(torch::kFloat64).contiguous();
                    for (int64_t r = 0; r < logits.size(0); ++r)
                        logitRows->emplace_back(logits[r].data_ptr<double>(),
                                                logits[r].data_ptr<double>() + logits.size(1));
                }
            }
            std::vector<torch::Tensor> features;
            for (auto& level : perLevel) features.push_back(torch::cat(level));
            return features;
        };
        // At most 2000 training inputs, evenly spaced, for the summary.
        std::vector<int> trainRows;
        const std::size_t stride = std::max<std::size_t>(1, (split.train.size() + 1999) / 2000);
        for (std::size_t k = 0; k < split.train.size(); k += stride)
            trainRows.push_back(split.train[k]);
        std::vector<std::vector<double>> valLogits;
        const std::vector<torch::Tensor> valFeatures =
            run(split.validation, segment ? nullptr : &valLogits, {});
        // The training inputs' ranges, gathered as they pass (one at a time:
        // streamed images are not held).
        InputRanges ranges;
        std::vector<std::pair<int, int>> sizes;  // as the files hold them
        const std::vector<torch::Tensor> trainFeatures =
            run(trainRows, nullptr, [&](const TrainingSample& s) {
                ranges.add(s.image);
                sizes.emplace_back(s.originalRows, s.originalColumns);
            });
        if (!trainFeatures.empty() && trainFeatures.front().size(0) >= 2) {
            result.trainingSummary =
                OodSummary::fit(trainFeatures, valFeatures, c.oodFalseAlarmRate);
            result.trainingSummary.input = ranges;
            // Sizes as the files hold them (the loader may have shrunk them).
            InputRanges& in = result.trainingSummary.input;
            bool first = true;
            for (const auto& [rows, columns] : sizes) {
                if (rows <= 0 || columns <= 0) continue;
                if (first) {
                    in.rowsLo = in.rowsHi = rows;
                    in.columnsLo = in.columnsHi = columns;
                    first = false;
                }
                in.rowsLo = std::min(in.rowsLo, rows);
                in.rowsHi = std::max(in.rowsHi, rows);
                in.columnsLo = std::min(in.columnsLo, columns);
                in.columnsHi = std::max(in.columnsHi, columns);
            }
        }
        if (!segment && !valLogits.empty()) {
            std::vector<std::vector<int>> valLabels;
            for (int i : split.validation) {
                const torch::Tensor l =
                    samplesIn[std::size_t(i)].labels.to(torch::kFloat32).contiguous();
                std::vector<int> row;
                for (int64_t k = 0; k < l.numel(); ++k)
                    row.push_back(l[k].item<float>() > 0.5f ? 1 : 0);
                valLabels.push_back(row);
            }
            const CalibrationReport report =
                CalibrationReport::fit(valLogits, valLabels, c.classes, multilabel,
                                       c.operatingTarget, c.operatingGoal, c.seed);
            result.calibration = report.json;
            result.temperatures = report.temperatures;
            result.thresholds = report.thresholds;
        }
        out->to(torch::kCPU);
    }
    // The test side, once, with the best weights (calibrated, at the chosen
    // thresholds): what the clinician reads as the model's quality.
    if (!split.test.empty()) {
        emit({{"event", "info"},
              {"message", "testing the best epoch on " + std::to_string(split.test.size()) +
                              " held-out images"}});
        out->to(device);
        const int size = c.sizeForEpoch(std::max(0, c.epochs - 1));
        result.testMetrics =
            evaluate(out, split.test, size, result.temperatures, result.thresholds);
        result.testMetrics["images"] = split.test.size();
        out->to(torch::kCPU);
        out->eval();
    }
    // Segmenters trained on slices of volumes: every slice of the
    // validation and test volumes, with the best weights, one volume read at
    // a time (the sampled slices' figures stay in `metrics`).
    if (segment && !interactive && data.readsVolumes()) {
        const int size = c.sizeForEpoch(std::max(0, c.epochs - 1));
        out->to(device);
        const auto overVolumes = [&](const std::vector<int>& which) -> json {
            torch::NoGradGuard noGrad;
            SegmentationMetrics seg(foreground);
            std::set<std::string> seen;
            int volumes = 0, slices = 0;
            for (int i : which) {
                const TrainingSample& e = samplesIn[std::size_t(i)];
                if (!seen.insert(e.path + "|" + e.seriesUid).second) continue;  // one volume once
                const std::vector<TrainingSample> all = data.wholeVolume(std::size_t(i));
                if (all.empty()) continue;
                ++volumes;
                for (std::size_t lo = 0; lo < all.size(); lo += std::size_t(c.batchSize)) {
                    if (cancelled_) throw TrainingCancelled();
                    std::vector<torch::Tensor> im, mk;
                    for (std::size_t k = lo;
                         k < std::min(all.size(), lo + std::size_t(c.batchSize)); ++k) {
                        im.push_back(normalised(all[k]));
                        mk.push_back(all[k].mask);
                    }
                    const Batch batch = Augmentation::validationBatch(im, mk, size);
                    seg.add(labelMap(out->forward(batch.images.to(device))), batch.masks);
                    slices += int(im.size());
                }
            }
            if (volumes == 0) return nullptr;
            json m = seg.json(c.fBeta);
            m["volumes"] = volumes;
            m["slices"] = slices;
            return m;
        };
        emit({{"event", "info"}, {"message", "measuring every slice of the validation volumes"}});
        json v = {{"validation", overVolumes(split.validation)}};
        if (!split.test.empty()) v["test"] = overVolumes(split.test);
        if (!v["validation"].is_null() || (v.contains("test") && !v["test"].is_null()))
            result.volumeMetrics = v;
        out->to(torch::kCPU);
        out->eval();
    }
    result.network = out;
    result.history = history;
    for (const json& h : history)
        if (h["epoch"].get<int>() == result.bestEpoch) result.metrics = h["metrics"];
    result.seconds = seconds(start);
    return result;
}

}  // namespace radlens::ai
