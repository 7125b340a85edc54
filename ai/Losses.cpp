#include "ai/Losses.h"

#include <stdexcept>

namespace F = torch::nn::functional;

namespace radlens::ai {

torch::Tensor labelMapToChannels(const torch::Tensor& labels, int64_t classes) {
    // Label c+1 -> channel c; background (0) sets no channel.
    torch::Tensor oh = F::one_hot(labels.clamp(0, classes), classes + 1);  // (N, H, W, C+1)
    return oh.slice(-1, 1).permute({0, 3, 1, 2}).to(torch::kFloat32);
}

torch::Tensor softDiceLoss(const torch::Tensor& probs, const torch::Tensor& onehot) {
    const std::vector<int64_t> dims{0, 2, 3};
    torch::Tensor inter = (probs * onehot).sum(dims);
    torch::Tensor denom = probs.sum(dims) + onehot.sum(dims);
    return 1 - ((2 * inter + 1) / (denom + 1)).mean();
}

torch::Tensor trainingLoss(const std::string& loss, const std::string& mode,
                           const torch::Tensor& logits, const torch::Tensor& target,
                           const torch::Tensor& posWeight) {
    const bool multilabel = mode == "multilabel";
    if (!multilabel && mode != "multiclass")
        throw std::invalid_argument("mode must be multilabel or multiclass");
    if (logits.dim() == 2) {  // classification
        if (multilabel) {
            if (loss != "bce") throw std::invalid_argument("multi-label classification uses bce");
            auto opts = F::BinaryCrossEntropyWithLogitsFuncOptions();
            if (posWeight.defined()) opts.pos_weight(posWeight.to(logits.device()));
            return F::binary_cross_entropy_with_logits(logits, target.to(logits.dtype()), opts);
        }
        if (loss != "ce") throw std::invalid_argument("multi-class classification uses ce");
        return F::cross_entropy(logits, target);
    }
    if (logits.dim() != 4 || target.dim() != 3)
        throw std::invalid_argument("segmentation needs (N, C, H, W) logits and (N, H, W) labels");
    const int64_t C = logits.size(1);
    const bool dice = loss.find("dice") != std::string::npos;
    torch::Tensor total = torch::zeros({}, logits.options());
    if (multilabel) {
        torch::Tensor t = labelMapToChannels(target, C);
        if (loss == "dice+bce" || loss == "bce") {
            auto opts = F::BinaryCrossEntropyWithLogitsFuncOptions();
            if (posWeight.defined()) opts.pos_weight(posWeight.to(logits.device()));
            total = total + F::binary_cross_entropy_with_logits(logits, t, opts);
        }
        if (dice) total = total + softDiceLoss(torch::sigmoid(logits), t);
        if (loss == "ce" || loss == "dice+ce")
            throw std::invalid_argument("multi-label segmentation uses dice+bce, dice or bce");
        return total;
    }
    if (loss == "dice+ce" || loss == "ce") total = total + F::cross_entropy(logits, target);
    if (loss == "bce" || loss == "dice+bce")
        throw std::invalid_argument("multi-class segmentation uses dice+ce, dice or ce");
    if (dice) {
        torch::Tensor p = torch::softmax(logits, 1).slice(1, 1);
        torch::Tensor t = F::one_hot(target, C).permute({0, 3, 1, 2}).slice(1, 1).to(p.dtype());
        total = total + softDiceLoss(p, t);
    }
    return total;
}

}  // namespace radlens::ai
