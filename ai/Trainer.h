#pragma once
// Fine-tunes (or trains from scratch) a classifier or segmenter on samples in
// memory, validating every epoch on a patient-wise split (docs/architecture.md:
// ai::Trainer). It does not read files or write bundles: TrainingDataLoader
// makes the samples, the caller loads base weights and writes the bundle from
// TrainingResult (so this part builds against any LibTorch, CUDA included).
//
// Per epoch: image size from the progressive schedule, learning rate from the
// step schedule, backbone frozen for freeze_epochs when starting from weights,
// shuffled batches (streamed samples decoded) with augmentation built on
// loader_threads threads ahead of the step, Adam (amsgrad), then validation metrics (Metrics.h) and
// a checkpoint (model, optimiser, best model, history) written atomically to
// checkpoint_dir/checkpoint.pt. Every random choice is seeded from
// (seed, epoch, batch), so a run resumed from a checkpoint ends with the same
// weights as one that never stopped (on the same device and thread count).
//
// After the last epoch, with the best weights at the last epoch's size: the
// classifier's calibration on the validation split (CalibrationReport.h:
// temperatures, ECE, thresholds for the config's operating point) and the
// out-of-distribution summary of the training features (OodSummary.h, cut-off
// on the validation features); then, when the split has a test side (the data
// set's official test list, or test_fraction of the patients), the best
// weights' metrics on it, once (TrainingResult::testMetrics).
//
// Events go to the callback as JSON objects (the `train` stream of
// docs/cli.md): {"event":"step"|"epoch", "epoch", "step", "loss", "lr",
// "metrics", "eta_s", ...}.
//
// Threads: run() on one thread; the callback is called on that thread. cancel()
// from any thread: run() then throws TrainingCancelled at the next step; the
// last epoch's checkpoint stays. run() throws std::runtime_error for bad data
// (no samples, a split with an empty side, mismatched classes) and anything
// LibTorch throws.

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ai/DataSplit.h"
#include "ai/DistributedContext.h"
#include "ai/FusedAdam.h"
#include "ai/Networks.h"
#include "ai/OodSummary.h"
#include "ai/Preprocessing.h"
#include "ai/TorchFileReader.h"
#include "ai/TrainingConfig.h"
#include "ai/TrainingSample.h"
#include "ai/TrainingSamples.h"

namespace radlens::ai {

class TrainingCancelled : public std::runtime_error {
public:
    TrainingCancelled() : std::runtime_error("training cancelled") {}
};

struct TrainingResult {
    std::shared_ptr<Network> network;  ///< best epoch's weights, eval mode, on the CPU
    Preprocessing preprocessing;       ///< what the bundle must record (mean/std included)
    nlohmann::json metrics;            ///< validation metrics of the best epoch
    nlohmann::json history;            ///< per epoch: loss, lr, size, metrics, seconds
    nlohmann::json split;              ///< DataSplit::json
    /// With a test side (official list or test_fraction): the best weights'
    /// metrics on it, as `metrics` but calibrated and at the chosen
    /// thresholds, plus "images"; null otherwise.
    nlohmann::json testMetrics;
    /// Segmenters trained on slices of volumes: the best weights' IoU and
    /// Dice over every slice of the whole volumes, as {"validation": ...,
    /// "test": ...} (each SegmentationMetrics' json plus "volumes" and
    /// "slices"); `metrics` holds the sampled slices' figures. Null otherwise.
    nlohmann::json volumeMetrics;
    nlohmann::json loadReport;  ///< what the base weights supplied
    /// Classifiers with a validation split: CalibrationReport's json (null otherwise).
    nlohmann::json calibration;
    std::vector<double> temperatures, thresholds;  ///< per class; empty without calibration
    OodSummary trainingSummary;                    ///< invalid with under two training samples
    int bestEpoch = 0;
    std::string modality;  ///< of the first sample: what the bundle records
    std::string device;
    double seconds = 0;
};

class Trainer {
public:
    using Callback = std::function<void(const nlohmann::json& event)>;

    explicit Trainer(TrainingConfig config);

    void setCallback(Callback callback) { callback_ = std::move(callback); }
    /// Base weights (a bundle's or ImageNet's), loaded partially; names as in
    /// WeightLoader. `fromPretrained` enables the frozen-backbone epochs.
    void setInitialWeights(NamedTensors weights) { initial_ = std::move(weights); }
    /// Continue from checkpoint_dir/checkpoint.pt when it exists.
    void setResume(bool resume) { resume_ = resume; }
    void cancel() { cancelled_ = true; }
    /// Data-parallel: this process trains its share of each global batch and
    /// averages gradients with the others; only rank 0 writes checkpoints.
    /// All ranks must be given the same samples and config.
    void setDistributed(std::shared_ptr<DistributedContext> context) {
        distributed_ = std::move(context);
    }

    /// Held samples (tests, tools).
    TrainingResult run(const std::vector<TrainingSample>& samples);
    /// Held or streamed samples: streamed ones are decoded on the loader
    /// threads as batches need them (TrainingDataLoader's decoder), so the
    /// run holds about loader_threads batches of them at a time.
    TrainingResult run(const TrainingSamples& samples);

    // The pieces, public so that parity tests use exactly what run() uses.
    /// The network for the config (one input channel), weights initialised.
    static std::shared_ptr<Network> makeNetwork(const TrainingConfig& config);
    /// Adam as the config says, as FusedAdam (one pass per parameter on the CPU).
    static std::unique_ptr<FusedAdam> makeOptimizer(Network& network, const TrainingConfig& config);
    /// Number of output channels: classes (multiclass segmenters include background).
    static int outputChannels(const TrainingConfig& config);
    /// Whether training runs faster with channels-last tensors: on the CPU for
    /// every network here (oneDNN convolutions need no reorders then). At 256,
    /// batch 8, 2 cores, with the caching allocator: resnet18 11.8 -> 14.0,
    /// resnet50 4.8 -> 5.7, resnet101 2.7 -> 3.0, unet-resnet34 3.7 -> 4.0
    /// images/s; unet-efficientnet_b0 4.2 -> 5.4 before it.
    static bool prefersChannelsLast(const torch::Device& device);

private:
    TrainingConfig config_;
    Callback callback_;
    NamedTensors initial_;
    bool resume_ = false;
    std::atomic<bool> cancelled_{false};
    std::shared_ptr<DistributedContext> distributed_;

    void emit(const nlohmann::json& event) const;
};

}  // namespace radlens::ai
