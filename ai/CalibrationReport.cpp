#include "ai/CalibrationReport.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ai/Calibration.h"
#include "ai/OperatingPoint.h"

namespace radlens::ai {

namespace {
constexpr long kMinExamples = 5;
}

std::vector<double> calibratedProbabilities(const std::vector<double>& logits,
                                            const std::vector<double>& temperatures,
                                            bool multilabel) {
    auto temperature = [&](std::size_t c) {
        if (temperatures.empty()) return 1.0;
        return multilabel && c < temperatures.size() ? temperatures[c] : temperatures.front();
    };
    std::vector<double> p(logits.size());
    if (multilabel) {
        for (std::size_t c = 0; c < logits.size(); ++c)
            p[c] = 1.0 / (1.0 + std::exp(-logits[c] / temperature(c)));
        return p;
    }
    double top = -1e300, sum = 0;
    for (std::size_t c = 0; c < logits.size(); ++c) top = std::max(top, logits[c] / temperature(c));
    for (std::size_t c = 0; c < logits.size(); ++c)
        sum += p[c] = std::exp(logits[c] / temperature(c) - top);
    for (double& v : p) v /= sum;
    return p;
}

CalibrationReport CalibrationReport::fit(const std::vector<std::vector<double>>& logits,
                                         const std::vector<std::vector<int>>& labels,
                                         const std::vector<std::string>& classes, bool multilabel,
                                         const std::string& target, double goal,
                                         std::uint64_t seed) {
    const std::size_t N = logits.size(), C = classes.size();
    if (labels.size() != N) throw std::invalid_argument("calibration: logits and labels differ");
    for (std::size_t i = 0; i < N; ++i)
        if (logits[i].size() != C || labels[i].size() != C)
            throw std::invalid_argument("calibration: a case has the wrong number of classes");
    CalibrationReport r;
    auto column = [&](const auto& rows, std::size_t c) {
        std::vector<std::decay_t<decltype(rows[0][0])>> out;
        for (const auto& row : rows) out.push_back(row[c]);
        return out;
    };
    // Too few examples of a kind fit noise, not a temperature: such classes keep 1.
    std::vector<bool> fitted(C, false);
    if (multilabel) {
        for (std::size_t c = 0; c < C; ++c) {
            const std::vector<int> y = column(labels, c);
            const long positives = std::count(y.begin(), y.end(), 1);
            fitted[c] = positives >= kMinExamples && long(N) - positives >= kMinExamples;
            r.temperatures.push_back(fitted[c] ? fitTemperature(column(logits, c), y) : 1.0);
        }
    } else {
        std::vector<int> truth;
        for (const auto& row : labels)
            truth.push_back(int(std::max_element(row.begin(), row.end()) - row.begin()));
        const bool enough = long(N) >= 2 * kMinExamples;
        fitted.assign(C, enough);
        r.temperatures.assign(C, enough ? fitSoftmaxTemperature(logits, truth) : 1.0);
    }
    // Every (case, class) pair, before and after.
    std::vector<double> before, after;
    std::vector<int> truth;
    std::vector<std::vector<double>> calibrated;
    for (std::size_t i = 0; i < N; ++i) {
        const std::vector<double> raw = calibratedProbabilities(logits[i], {}, multilabel);
        calibrated.push_back(calibratedProbabilities(logits[i], r.temperatures, multilabel));
        for (std::size_t c = 0; c < C; ++c) {
            before.push_back(raw[c]);
            after.push_back(calibrated.back()[c]);
            truth.push_back(labels[i][c]);
        }
    }
    // Mean negative log-likelihood per case (the quantity the temperature
    // minimises, so it never rises on these cases; ECE's bins can), computed
    // from the logits as the fit computes it: no probability is clamped.
    auto meanNll = [&](const std::vector<double>& temperatures) {
        auto temperature = [&](std::size_t c) {
            if (temperatures.empty()) return 1.0;
            return multilabel ? temperatures[c] : temperatures.front();
        };
        double sum = 0;
        for (std::size_t i = 0; i < N; ++i) {
            if (multilabel) {
                for (std::size_t c = 0; c < C; ++c) {
                    const double z = logits[i][c] / temperature(c);
                    const double softplus =
                        z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
                    sum += softplus - (labels[i][c] ? z : 0.0);
                }
            } else {
                std::vector<double> z(C);
                for (std::size_t c = 0; c < C; ++c) z[c] = logits[i][c] / temperature(c);
                const double top = C ? *std::max_element(z.begin(), z.end()) : 0.0;
                double e = 0;
                for (double v : z) e += std::exp(v - top);
                const auto y = std::size_t(std::max_element(labels[i].begin(), labels[i].end()) -
                                           labels[i].begin());
                if (C) sum += top + std::log(e) - z[y];
            }
        }
        return N ? sum / double(N) : 0.0;
    };
    constexpr int bins = 10;
    nlohmann::json points = nlohmann::json::array();
    for (std::size_t c = 0; c < C; ++c) {
        const OperatingPoint op = chooseOperatingPoint(column(calibrated, c), column(labels, c),
                                                       target, goal, 1000, seed + c);
        r.thresholds.push_back(op.threshold);
        nlohmann::json j = op.toJson();
        j["class"] = classes[c];
        j["temperature_fitted"] = bool(fitted[c]);
        points.push_back(j);
    }
    r.json = {{"method", "temperature"},
              {"min_examples", kMinExamples},
              {"temperature", r.temperatures},
              {"validation_cases", N},
              {"bins", bins},
              {"ece_before", expectedCalibrationError(before, truth, bins)},
              {"ece_after", expectedCalibrationError(after, truth, bins)},
              {"nll_before", meanNll({})},
              {"nll_after", meanNll(r.temperatures)},
              {"reliability_before", toJson(reliabilityBins(before, truth, bins))},
              {"reliability_after", toJson(reliabilityBins(after, truth, bins))},
              {"operating_points", points}};
    return r;
}

}  // namespace radlens::ai
