#pragma once
// Validation metrics, computed once per epoch over the whole validation split.
//
// Classification (probabilities (N, C), targets (N, C) 0/1 -- multi-class
// targets one-hot): per class the counts at the class threshold, accuracy,
// precision, recall, F-beta, IoU (TP / (TP + FP + FN)) and AUROC (Mann-Whitney,
// ties counted half; null for a class with only one kind of example); their
// unweighted means over classes; a confusion matrix (multi-class: C x C,
// rows true; multi-label: per class [[TN, FP], [FN, TP]]). Multi-class
// "accuracy" is top-1 accuracy; multi-label accuracy is the mean per-label one.
//
// Segmentation (label maps, accumulated batch by batch): per foreground class
// the pixel counts over the split, IoU, Dice, precision, recall and pixel
// accuracy; means over the foreground classes (background excluded).
//
// Threads: an accumulator belongs to one thread. json() never throws.

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace radlens::ai {

nlohmann::json classificationMetrics(const torch::Tensor& probs, const torch::Tensor& targets,
                                     const std::vector<std::string>& classes,
                                     const std::vector<double>& thresholds, bool multilabel,
                                     double beta = 1.0);

/// Area under the ROC curve of scores against 0/1 labels; NaN when one kind is absent.
double auroc(const torch::Tensor& scores, const torch::Tensor& labels);

class SegmentationMetrics {
public:
    /// `classes`: foreground class names, in label order (label c+1 = class c).
    explicit SegmentationMetrics(std::vector<std::string> classes);
    /// Label maps (N, H, W) int64 of predictions and truth, 0 = background.
    void add(const torch::Tensor& predicted, const torch::Tensor& truth);
    nlohmann::json json(double beta = 1.0) const;

private:
    std::vector<std::string> classes_;
    std::vector<double> tp_, fp_, fn_, tn_;
};

}  // namespace radlens::ai
