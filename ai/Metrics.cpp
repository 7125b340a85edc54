#include "ai/Metrics.h"

#include <cmath>
#include <limits>

namespace radlens::ai {

namespace {

using json = nlohmann::json;

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

double fBeta(double precision, double recall, double beta) {
    const double b2 = beta * beta;
    const double d = b2 * precision + recall;
    return d > 0 ? (1 + b2) * precision * recall / d : 0.0;
}

json numberOrNull(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace

double auroc(const torch::Tensor& scores, const torch::Tensor& labels) {
    torch::Tensor s = scores.detach().to(torch::kCPU, torch::kFloat64).flatten();
    // contiguous() here, not at data_ptr(): a column of a matrix is a strided
    // view, and the pointer must outlive the copy.
    torch::Tensor l = labels.detach().to(torch::kCPU, torch::kFloat64).flatten().contiguous();
    const int64_t n = s.numel();
    const double pos = l.sum().item<double>(), neg = double(n) - pos;
    if (pos < 1 || neg < 1) return std::numeric_limits<double>::quiet_NaN();
    // Mann-Whitney U from average ranks (ties share their mean rank).
    auto sorted = s.sort();
    torch::Tensor order = std::get<1>(sorted);
    const double* sv = std::get<0>(sorted).data_ptr<double>();
    const int64_t* idx = order.data_ptr<int64_t>();
    const double* lv = l.data_ptr<double>();
    double rankSumPos = 0;
    for (int64_t i = 0; i < n;) {
        int64_t j = i;
        while (j + 1 < n && sv[j + 1] == sv[i]) ++j;
        const double rank = (double(i) + double(j)) / 2 + 1;
        for (int64_t k = i; k <= j; ++k)
            if (lv[idx[k]] > 0.5) rankSumPos += rank;
        i = j + 1;
    }
    return (rankSumPos - pos * (pos + 1) / 2) / (pos * neg);
}

json classificationMetrics(const torch::Tensor& probsIn, const torch::Tensor& targetsIn,
                           const std::vector<std::string>& classes,
                           const std::vector<double>& thresholds, bool multilabel, double beta) {
    torch::Tensor probs = probsIn.detach().to(torch::kCPU, torch::kFloat64);
    torch::Tensor targets = targetsIn.detach().to(torch::kCPU, torch::kFloat64);
    const int64_t N = probs.size(0), C = probs.size(1);
    torch::Tensor predicted;
    if (multilabel) {
        torch::Tensor thr = torch::tensor(thresholds, torch::kFloat64).view({1, C});
        predicted = (probs >= thr).to(torch::kFloat64);
    } else {
        predicted = torch::one_hot(probs.argmax(1), C).to(torch::kFloat64);
    }
    json perClass = json::object();
    double sumP = 0, sumR = 0, sumF = 0, sumIoU = 0, sumAcc = 0, sumAuc = 0;
    int aucCount = 0;
    json confusion = json::array();
    for (int64_t c = 0; c < C; ++c) {
        torch::Tensor p = predicted.select(1, c), t = targets.select(1, c);
        const double tp = (p * t).sum().item<double>();
        const double fp = (p * (1 - t)).sum().item<double>();
        const double fn = ((1 - p) * t).sum().item<double>();
        const double tn = double(N) - tp - fp - fn;
        const double precision = ratio(tp, tp + fp), recall = ratio(tp, tp + fn);
        const double f = fBeta(precision, recall, beta);
        const double iou = ratio(tp, tp + fp + fn);
        const double acc = ratio(tp + tn, double(N));
        const double auc = auroc(probs.select(1, c), t);
        sumP += precision;
        sumR += recall;
        sumF += f;
        sumIoU += iou;
        sumAcc += acc;
        if (std::isfinite(auc)) {
            sumAuc += auc;
            ++aucCount;
        }
        perClass[classes.at(std::size_t(c))] = {{"tp", tp},
                                                {"fp", fp},
                                                {"fn", fn},
                                                {"tn", tn},
                                                {"precision", precision},
                                                {"recall", recall},
                                                {"f1", f},
                                                {"iou", iou},
                                                {"accuracy", acc},
                                                {"auroc", numberOrNull(auc)},
                                                {"support", tp + fn}};
        if (multilabel) confusion.push_back({{tn, fp}, {fn, tp}});
    }
    if (!multilabel) {
        torch::Tensor truth = targets.argmax(1), pred = probs.argmax(1);
        std::vector<std::vector<int64_t>> m(static_cast<std::size_t>(C),
                                            std::vector<int64_t>(static_cast<std::size_t>(C)));
        for (int64_t i = 0; i < N; ++i)
            ++m[std::size_t(truth[i].item<int64_t>())][std::size_t(pred[i].item<int64_t>())];
        confusion = m;
    }
    const double n = double(C);
    json j = {{"precision", sumP / n},
              {"recall", sumR / n},
              {"f1", sumF / n},
              {"iou", sumIoU / n},
              {"auroc", aucCount ? json(sumAuc / aucCount) : json(nullptr)},
              {"per_class", perClass},
              {"confusion", confusion},
              {"examples", N}};
    if (multilabel)
        j["accuracy"] = sumAcc / n;
    else
        j["accuracy"] = N ? (probs.argmax(1) == targets.argmax(1)).sum().item<double>() / N : 0.0;
    return j;
}

SegmentationMetrics::SegmentationMetrics(std::vector<std::string> classes)
    : classes_(std::move(classes)),
      tp_(classes_.size()),
      fp_(classes_.size()),
      fn_(classes_.size()),
      tn_(classes_.size()) {}

void SegmentationMetrics::add(const torch::Tensor& predicted, const torch::Tensor& truth) {
    torch::Tensor p = predicted.detach().to(torch::kCPU), t = truth.detach().to(torch::kCPU);
    const double total = double(p.numel());
    for (std::size_t c = 0; c < classes_.size(); ++c) {
        torch::Tensor pc = p == int64_t(c + 1), tc = t == int64_t(c + 1);
        const double tp = (pc & tc).sum().item<double>();
        const double ps = pc.sum().item<double>(), ts = tc.sum().item<double>();
        tp_[c] += tp;
        fp_[c] += ps - tp;
        fn_[c] += ts - tp;
        tn_[c] += total - ps - ts + tp;
    }
}

json SegmentationMetrics::json(double beta) const {
    nlohmann::json perClass = nlohmann::json::object();
    double sIoU = 0, sDice = 0, sP = 0, sR = 0, sAcc = 0, sF = 0;
    for (std::size_t c = 0; c < classes_.size(); ++c) {
        const double tp = tp_[c], fp = fp_[c], fn = fn_[c], tn = tn_[c];
        const double iou = ratio(tp, tp + fp + fn), dice = ratio(2 * tp, 2 * tp + fp + fn);
        const double p = ratio(tp, tp + fp), r = ratio(tp, tp + fn);
        const double acc = ratio(tp + tn, tp + tn + fp + fn);
        const double f = fBeta(p, r, beta);
        sIoU += iou;
        sDice += dice;
        sP += p;
        sR += r;
        sAcc += acc;
        sF += f;
        perClass[classes_[c]] = {{"iou", iou}, {"dice", dice},    {"precision", p},   {"recall", r},
                                 {"f1", f},    {"accuracy", acc}, {"pixels", tp + fn}};
    }
    const double n = std::max<double>(1, double(classes_.size()));
    return {{"iou", sIoU / n}, {"dice", sDice / n},    {"precision", sP / n},  {"recall", sR / n},
            {"f1", sF / n},    {"accuracy", sAcc / n}, {"per_class", perClass}};
}

}  // namespace radlens::ai
