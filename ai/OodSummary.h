#pragma once
// What a model was trained on, compactly, and how far an input is from it
// (docs/architecture.md, "Trust": out of distribution).
//
// Features: the encoder's maps at strides 4, 8, 16 and 32, each averaged
// over the image. The last of them is the penultimate layer (what a ResNet's
// final layer sees); the earlier ones are kept because a network trained for
// its task keeps little of what makes an input foreign in its last layer (on
// the phantom, a flipped radiograph, a noise image and an MR scored 1.3-1.6
// there against a cut-off of 1.4, but 1.8-11 at the earlier levels against
// 1.2-1.3). Per level the summary holds the training mean, the top k
// principal directions (k <= 16) with their variances, and the mean squared
// residual outside those directions. A level's score is a Mahalanobis
// distance in that basis plus the residual, scaled so that a typical training
// input scores about 1:
//   level score = sqrt((sum_k z_k^2 / var_k + r^2 / mean_r2) / (k + 1));
// an input's score is the mean of its level scores. The cut-off is the (1 - false alarm rate)
// quantile of the validation inputs' scores (the training inputs' when there is no validation
// split), so that that fraction of in-distribution inputs is flagged. Beside it, the input ranges
// seen in training (per-image mean modality value, rows, columns); an input outside them gets a
// note, not the badge.
//
// Threads: any; an object is immutable once made. fit() throws
// std::invalid_argument for fewer than two training rows; fromJson throws
// std::runtime_error for a malformed summary.

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace radlens::ai {

class Network;

/// The pooled features of a batch, one (N, D_level) float32 CPU tensor per level.
std::vector<torch::Tensor> summaryFeatures(Network& network, const torch::Tensor& input);

struct InputRanges {
    double meanLo = 0, meanHi = 0;  ///< per-image mean modality value
    int rowsLo = 0, rowsHi = 0, columnsLo = 0, columnsHi = 0;
    bool known = false;

    /// Per-image mean and size of (1, H, W) images.
    static InputRanges of(const std::vector<torch::Tensor>& images);
    /// Widens the ranges by one (1, H, W) image.
    void add(const torch::Tensor& image);
    /// Notes for an image outside the ranges ("mean intensity ... outside ...").
    std::vector<std::string> notes(const torch::Tensor& image) const;
};

class OodSummary {
public:
    OodSummary() = default;
    /// Per level, the (N, D) features of the training and of the validation
    /// inputs (the latter may be empty).
    static OodSummary fit(const std::vector<torch::Tensor>& trainFeatures,
                          const std::vector<torch::Tensor>& validationFeatures,
                          double falseAlarmRate);

    bool valid() const { return !levels_.empty(); }
    /// Scores of N inputs' features (per level, as summaryFeatures gives them).
    std::vector<double> scores(const std::vector<torch::Tensor>& features) const;
    double threshold() const { return threshold_; }
    double falseAlarmRate() const { return falseAlarmRate_; }

    InputRanges input;

    nlohmann::json toJson() const;
    static OodSummary fromJson(const nlohmann::json& j);

private:
    struct Level {
        torch::Tensor mean;       ///< (D)
        torch::Tensor basis;      ///< (k, D), orthonormal rows
        torch::Tensor variances;  ///< (k)
        double residualScale = 1;
        torch::Tensor scores(const torch::Tensor& features) const;  ///< (N) float64
    };
    std::vector<Level> levels_;
    double threshold_ = 0, falseAlarmRate_ = 0.05;
    long validationCases_ = 0;
    std::string thresholdFrom_ = "validation";
};

}  // namespace radlens::ai
