#pragma once
// What `radlens-cli train --config RUN.json` and the training wizard ask the
// Trainer to do (docs/cli.md). Keys the contract requires:
//   task "classify"|"segment"|"interactive", arch, base (BUNDLE | "imagenet:FILE.pth" | null),
//   data [PATH...], classes [...], epochs, batch_size, image_size,
//   val_fraction, seed, device "auto"|"cpu"|"cuda", output (bundle folder)
// Optional keys and their defaults (the reference work, docs/architecture.md, "Reference work"):
//   mode           "multilabel" (sigmoid; classify and segment) | "multiclass"
//                  (softmax; a segmenter's class 0 is then the background)
//   test_fraction 0                patients held out for test metrics when the
//                  data has no official test list (DataSplit.h)
//   lr 1e-3, amsgrad true          Adam as in the reference code
//   lr_step_epochs 5, lr_gamma 0.5 multiplicative step: the reference's
//                  "minus 0.0005 every 5 epochs" is 0.001 -> 0.0005 at the first
//                  step, which a factor of 0.5 keeps, and never reaches zero
//   freeze_epochs 10               with a base: only the new head (classifier)
//                  or the decoder (segmenter) trains for these epochs
//   progressive    [[0, image_size/2], [10, image_size]] when epochs > 10
//                  (reference: 256 for 10 epochs, then 512), else none;
//                  a list of [first_epoch, size]
//   augment {rotate_p 0.9, rotate_limit 360, flip_p 0.5, crop_min 0.75, crop_max 1.0}
//   best_metric "f1" (classify) | "iou" (segment); f_beta 1
//   loss: segment "dice+bce" (multilabel) | "dice+ce"; classify "bce" with
//   class weights (negatives/positives per class) | "ce"
//   loader_threads 2 (batches built ahead of the step, each on its own
//                  thread: decoding, resizing, augmenting)
//   stream true    image files (PNG, DICOM files, .npy slices) are decoded
//                  on the loader threads when a batch needs them, not held
//                  (TrainingDataLoader.h); false holds every image in memory
//   image_cache false | true | "FOLDER": keep the decoded, shrunk images of
//                  streamed files on disk (TrainingImageCache.h; true: the
//                  data folder's training-cache/), so later epochs and runs
//                  do not decode them again
//   checkpoint_dir (default OUTPUT.run), name, version,
//   preprocessing (a bundle's preprocessing object; default: CT window
//   [-1500, 500], other modalities percentile scaling; mean and std from the
//   training images' 5th..95th percentile, as the reference work)
//   slices_per_volume 0 (segmenting volumes: every slice with a lesion and as
//   many without; N > 0 caps both)
//   mask_channels  one channel index per class, in the order of "classes",
//                  for one-hot masks with a channel axis (the medseg .npy
//                  layout, TrainingDataLoader.h); default: class i (i - 1 in
//                  multiclass, whose class 0 is the background) is channel i
//   freeze_batchnorm false (true: batch norms keep their running statistics
//   and do not update them -- small batches, or distributed runs that must
//   equal one process)
//   operating_point {"target": "f1"} | {"target": "sensitivity"|"specificity",
//                  "value": G}: how each class's threshold is chosen on the
//                  calibrated validation probabilities (OperatingPoint.h)
//   ood_false_alarm_rate 0.05: the share of validation inputs the
//                  out-of-distribution cut-off flags (OodSummary.h)
//   world_size/rank/master are command-line options, not config keys.
// Task "interactive" (ClickSegmenter.h, InteractiveBatches.h): a segmenter
//   architecture with four input channels and one output, the clicked object;
//   "classes" name the mask classes whose connected components are the
//   objects; mode multilabel, loss dice+bce, best_metric "iou" (the IoU after
//   three simulated clicks on the validation objects).
//
// Threads: any; plain data. fromJson throws std::invalid_argument naming the key.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ai/Architecture.h"

namespace radlens::ai {

struct AugmentConfig {
    double rotateP = 0.9, rotateLimitDeg = 360, flipP = 0.5, cropMin = 0.75, cropMax = 1.0;
    bool enabled = true;
};

struct TrainingConfig {
    std::string task = "classify";
    Architecture arch = Architecture::ResNet18;
    std::string base;  ///< "" (from scratch), a bundle, or "imagenet:FILE.pth"
    std::vector<std::string> data;
    std::vector<std::string> classes;
    std::string mode = "multilabel";
    int epochs = 30, batchSize = 8, imageSize = 256;
    double valFraction = 0.2;
    /// Patients held out for the test metrics when the data has no official
    /// test list (DataSplit); 0: no test set.
    double testFraction = 0.0;
    std::uint64_t seed = 0;
    std::string device = "auto";
    std::string output;
    double lr = 1e-3;
    bool amsgrad = true;
    int lrStepEpochs = 5;
    double lrGamma = 0.5;
    int freezeEpochs = 10;
    std::vector<std::pair<int, int>> progressive;  ///< [first epoch, size], ascending
    AugmentConfig augment;
    std::string bestMetric;  ///< "" -> f1 / iou by task
    double fBeta = 1;
    std::string loss;  ///< "" -> by task and mode
    int loaderThreads = 2;
    bool stream = true;
    bool imageCache = false;
    std::string imageCacheDir;  ///< "" -> the default folder (TrainingDataLoader)
    std::string checkpointDir;  ///< "" -> output + ".run"
    std::string name, version;
    nlohmann::json preprocessing;  ///< null -> defaults by modality
    int slicesPerVolume = 0;
    /// One-hot masks: the channel of each class (same order as classes;
    /// empty: the default above).
    std::vector<int> maskChannels;
    bool freezeBatchNorm = false;  ///< batch norms use their running statistics
    /// BCE's positive-class weights: "auto" (negatives / positives per class
    /// for classification, the square root of that ratio per pixel for
    /// segmentation) or "none".
    std::string posWeight = "auto";
    std::string operatingTarget = "f1";  ///< "f1" | "sensitivity" | "specificity"
    double operatingGoal = 0.9;          ///< the sensitivity or specificity asked for
    double oodFalseAlarmRate = 0.05;
    nlohmann::json source;  ///< the config as given, kept for provenance

    /// Throws std::invalid_argument naming the key. Relative paths in data,
    /// base and output are resolved against `baseDir`.
    static TrainingConfig fromJson(const nlohmann::json& j, const std::string& baseDir = "");
    nlohmann::json toJson() const;

    /// Image side for an epoch (progressive resizing), 0-based epoch.
    int sizeForEpoch(int epoch) const;
    /// Learning rate for an epoch (step schedule, never below zero).
    double lrForEpoch(int epoch) const;
    std::string effectiveBestMetric() const;
    std::string effectiveLoss() const;
    std::string effectiveCheckpointDir() const;
    /// Segmenters, interactive ones included: the data must have masks.
    bool usesMasks() const { return task == "segment" || task == "interactive"; }
};

}  // namespace radlens::ai
