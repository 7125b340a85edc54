#include "ai/OodSummary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "ai/Quantile.h"

#include "ai/Networks.h"

namespace radlens::ai {

namespace {

constexpr int kMaxComponents = 16;

std::vector<float> toVector(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kFloat32).contiguous().view({-1});
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

torch::Tensor fromVector(const nlohmann::json& j, const char* key) {
    const std::vector<float> v = j.at(key).get<std::vector<float>>();
    return torch::tensor(v, torch::kFloat32);
}

}  // namespace

std::vector<torch::Tensor> summaryFeatures(Network& network, const torch::Tensor& input) {
    const std::vector<torch::Tensor> maps = network.features(input);  // strides 2..32
    std::vector<torch::Tensor> out;
    for (std::size_t i = 1; i < maps.size(); ++i)
        out.push_back(
            maps[i].mean({2, 3}).detach().to(torch::kCPU).to(torch::kFloat32).contiguous());
    return out;
}

InputRanges InputRanges::of(const std::vector<torch::Tensor>& images) {
    InputRanges r;
    for (const torch::Tensor& im : images) r.add(im);
    return r;
}

void InputRanges::add(const torch::Tensor& im) {
    const double m = im.to(torch::kFloat64).mean().item<double>();
    const int rows = int(im.size(-2)), cols = int(im.size(-1));
    if (!known) {
        meanLo = meanHi = m;
        rowsLo = rowsHi = rows;
        columnsLo = columnsHi = cols;
        known = true;
    }
    meanLo = std::min(meanLo, m);
    meanHi = std::max(meanHi, m);
    rowsLo = std::min(rowsLo, rows);
    rowsHi = std::max(rowsHi, rows);
    columnsLo = std::min(columnsLo, cols);
    columnsHi = std::max(columnsHi, cols);
}

std::vector<std::string> InputRanges::notes(const torch::Tensor& image) const {
    std::vector<std::string> out;
    if (!known) return out;
    char buf[200];
    const double m = image.to(torch::kFloat64).mean().item<double>();
    // A quarter of the span (at least 1) either side: sampling leaves margins.
    const double margin = std::max(1.0, 0.25 * (meanHi - meanLo));
    if (m < meanLo - margin || m > meanHi + margin) {
        std::snprintf(buf, sizeof buf, "mean intensity %.4g outside the training range %.4g..%.4g",
                      m, meanLo, meanHi);
        out.push_back(buf);
    }
    const int rows = int(image.size(-2)), cols = int(image.size(-1));
    if (rows < rowsLo / 2 || rows > rowsHi * 2 || cols < columnsLo / 2 || cols > columnsHi * 2) {
        std::snprintf(buf, sizeof buf, "size %dx%d far from the training sizes %d..%dx%d..%d", cols,
                      rows, columnsLo, columnsHi, rowsLo, rowsHi);
        out.push_back(buf);
    }
    return out;
}

torch::Tensor OodSummary::Level::scores(const torch::Tensor& features) const {
    const torch::Tensor f = features.to(torch::kFloat64).reshape({-1, mean.size(0)});
    const torch::Tensor centred = f - mean.to(torch::kFloat64);
    const torch::Tensor b = basis.to(torch::kFloat64);
    const torch::Tensor z = centred.matmul(b.t());
    const torch::Tensor residual = centred - z.matmul(b);
    const torch::Tensor d2 =
        (z.pow(2) / variances.to(torch::kFloat64)).sum(1) + residual.pow(2).sum(1) / residualScale;
    return (d2 / double(basis.size(0) + 1)).sqrt();
}

OodSummary OodSummary::fit(const std::vector<torch::Tensor>& train,
                           const std::vector<torch::Tensor>& validation, double falseAlarmRate) {
    if (train.empty() || train.front().dim() != 2 || train.front().size(0) < 2)
        throw std::invalid_argument(
            "out-of-distribution summary: needs at least two training rows");
    if (!(falseAlarmRate > 0 && falseAlarmRate < 1))
        throw std::invalid_argument(
            "out-of-distribution summary: false alarm rate must be in (0, 1)");
    OodSummary s;
    for (const torch::Tensor& level : train) {
        const torch::Tensor x = level.to(torch::kFloat64);
        const torch::Tensor mean = x.mean(0);
        const torch::Tensor centred = x - mean;
        const int64_t k = std::min<int64_t>({kMaxComponents, x.size(0) - 1, x.size(1)});
        auto [u, sv, vh] = torch::linalg::svd(centred, false, c10::nullopt);
        const torch::Tensor basis = vh.slice(0, 0, k);
        const double total = (centred.pow(2).sum() / double(x.size(0) - 1)).item<double>();
        const double floor = std::max(1e-12, 1e-6 * total);
        const torch::Tensor variances =
            (sv.slice(0, 0, k).pow(2) / double(x.size(0) - 1)).clamp_min(floor);
        const torch::Tensor residual = centred - centred.matmul(basis.t()).matmul(basis);
        Level l;
        l.mean = mean.to(torch::kFloat32);
        l.basis = basis.to(torch::kFloat32).contiguous();
        l.variances = variances.to(torch::kFloat32);
        l.residualScale = std::max(residual.pow(2).sum(1).mean().item<double>(), floor);
        s.levels_.push_back(l);
    }
    s.falseAlarmRate_ = falseAlarmRate;
    const bool haveValidation =
        !validation.empty() && validation.front().dim() == 2 && validation.front().size(0) > 0;
    const std::vector<double> reference = s.scores(haveValidation ? validation : train);
    s.validationCases_ = haveValidation ? long(validation.front().size(0)) : 0;
    s.thresholdFrom_ = haveValidation ? "validation" : "training";
    s.threshold_ = quantile(reference, 1 - falseAlarmRate);
    return s;
}

std::vector<double> OodSummary::scores(const std::vector<torch::Tensor>& features) const {
    if (!valid()) return {};
    if (features.size() != levels_.size())
        throw std::invalid_argument(
            "out-of-distribution summary: " + std::to_string(features.size()) +
            " feature levels, expected " + std::to_string(levels_.size()));
    torch::Tensor sum;
    for (std::size_t i = 0; i < levels_.size(); ++i) {
        if (features[i].size(-1) != levels_[i].mean.size(0))
            throw std::invalid_argument("out-of-distribution summary: features of another network");
        const torch::Tensor s = levels_[i].scores(features[i]);
        sum = sum.defined() ? sum + s : s;
    }
    const torch::Tensor mean = (sum / double(levels_.size())).contiguous();
    return std::vector<double>(mean.data_ptr<double>(), mean.data_ptr<double>() + mean.numel());
}

nlohmann::json OodSummary::toJson() const {
    if (!valid()) return nullptr;
    nlohmann::json levels = nlohmann::json::array();
    for (const Level& l : levels_) {
        nlohmann::json basis = nlohmann::json::array();
        for (int64_t i = 0; i < l.basis.size(0); ++i) basis.push_back(toVector(l.basis[i]));
        levels.push_back({{"mean", toVector(l.mean)},
                          {"basis", basis},
                          {"variances", toVector(l.variances)},
                          {"residual_scale", l.residualScale}});
    }
    nlohmann::json j = {{"method", "mahalanobis-pca"},
                        {"features", "encoder maps at strides 4, 8, 16, 32, pooled"},
                        {"threshold", threshold_},
                        {"false_alarm_rate", falseAlarmRate_},
                        {"threshold_from", thresholdFrom_},
                        {"validation_cases", validationCases_},
                        {"levels", levels}};
    if (input.known)
        j["input"] = {{"mean_intensity", {input.meanLo, input.meanHi}},
                      {"rows", {input.rowsLo, input.rowsHi}},
                      {"columns", {input.columnsLo, input.columnsHi}}};
    return j;
}

OodSummary OodSummary::fromJson(const nlohmann::json& j) {
    OodSummary s;
    if (j.is_null()) return s;
    try {
        for (const nlohmann::json& lj : j.at("levels")) {
            Level l;
            l.mean = fromVector(lj, "mean");
            std::vector<torch::Tensor> basis;
            for (const nlohmann::json& r : lj.at("basis")) {
                basis.push_back(torch::tensor(r.get<std::vector<float>>(), torch::kFloat32));
                if (basis.back().size(0) != l.mean.size(0))
                    throw std::runtime_error("a basis row differs in length from the mean");
            }
            if (basis.empty()) throw std::runtime_error("a level without a basis");
            l.basis = torch::stack(basis);
            l.variances = fromVector(lj, "variances");
            if (l.variances.size(0) != l.basis.size(0) || (l.variances <= 0).any().item<bool>())
                throw std::runtime_error("variances do not match the basis");
            l.residualScale = lj.at("residual_scale").get<double>();
            if (!(l.residualScale > 0)) throw std::runtime_error("residual_scale must be positive");
            s.levels_.push_back(l);
        }
        if (s.levels_.empty()) throw std::runtime_error("no levels");
        s.threshold_ = j.at("threshold").get<double>();
        s.falseAlarmRate_ = j.value("false_alarm_rate", 0.05);
        s.thresholdFrom_ = j.value("threshold_from", "validation");
        s.validationCases_ = j.value("validation_cases", 0L);
        if (j.contains("input")) {
            const nlohmann::json& in = j["input"];
            s.input.meanLo = in.at("mean_intensity").at(0);
            s.input.meanHi = in.at("mean_intensity").at(1);
            s.input.rowsLo = in.at("rows").at(0);
            s.input.rowsHi = in.at("rows").at(1);
            s.input.columnsLo = in.at("columns").at(0);
            s.input.columnsHi = in.at("columns").at(1);
            s.input.known = true;
        }
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("out-of-distribution summary: ") + e.what());
    }
    return s;
}

}  // namespace radlens::ai
