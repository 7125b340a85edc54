#include "ai/Calibration.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

namespace radlens::ai {

namespace {

/// log(1 + exp(x)) without overflow.
double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

/// Minimum of a convex function on [lo, hi] by golden-section search.
double goldenMinimum(const std::function<double(double)>& f, double lo, double hi) {
    const double g = (std::sqrt(5.0) - 1) / 2;
    double a = lo, b = hi;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = f(c), fd = f(d);
    while (b - a > 1e-7) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = f(d);
        }
    }
    return (a + b) / 2;
}

constexpr double kMinInverse = 1.0 / 20, kMaxInverse = 20;

void checkSizes(std::size_t a, std::size_t b) {
    if (a != b) throw std::invalid_argument("calibration: scores and labels differ in length");
}

}  // namespace

double fitTemperature(const std::vector<double>& logits, const std::vector<int>& labels) {
    checkSizes(logits.size(), labels.size());
    const auto positives = std::count_if(labels.begin(), labels.end(), [](int y) { return y; });
    if (positives == 0 || positives == long(labels.size())) return 1.0;
    // NLL(a) = sum softplus(a z) - y a z, with a = 1/T: convex in a.
    auto nll = [&](double a) {
        double s = 0;
        for (std::size_t i = 0; i < logits.size(); ++i)
            s += softplus(a * logits[i]) - (labels[i] ? a * logits[i] : 0.0);
        return s;
    };
    return 1.0 / goldenMinimum(nll, kMinInverse, kMaxInverse);
}

double fitSoftmaxTemperature(const std::vector<std::vector<double>>& logits,
                             const std::vector<int>& labels) {
    checkSizes(logits.size(), labels.size());
    if (logits.size() < 2) return 1.0;
    auto nll = [&](double a) {
        double s = 0;
        for (std::size_t i = 0; i < logits.size(); ++i) {
            const std::vector<double>& z = logits[i];
            const double top = *std::max_element(z.begin(), z.end()) * a;
            double sum = 0;
            for (double v : z) sum += std::exp(a * v - top);
            s += top + std::log(sum) - a * z.at(std::size_t(labels[i]));
        }
        return s;
    };
    return 1.0 / goldenMinimum(nll, kMinInverse, kMaxInverse);
}

std::vector<ReliabilityBin> reliabilityBins(const std::vector<double>& p,
                                            const std::vector<int>& labels, int bins) {
    checkSizes(p.size(), labels.size());
    bins = std::max(1, bins);
    std::vector<ReliabilityBin> out(static_cast<std::size_t>(bins));
    for (int b = 0; b < bins; ++b) {
        out[std::size_t(b)].lo = double(b) / bins;
        out[std::size_t(b)].hi = double(b + 1) / bins;
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
        const int b = std::clamp(int(p[i] * bins), 0, bins - 1);
        ReliabilityBin& r = out[std::size_t(b)];
        ++r.count;
        r.meanProbability += p[i];
        r.fractionPositive += labels[i] ? 1 : 0;
    }
    for (ReliabilityBin& r : out)
        if (r.count) {
            r.meanProbability /= double(r.count);
            r.fractionPositive /= double(r.count);
        }
    return out;
}

double expectedCalibrationError(const std::vector<double>& p, const std::vector<int>& labels,
                                int bins) {
    if (p.empty()) return 0;
    double ece = 0;
    for (const ReliabilityBin& r : reliabilityBins(p, labels, bins))
        ece += double(r.count) * std::abs(r.meanProbability - r.fractionPositive);
    return ece / double(p.size());
}

nlohmann::json toJson(const std::vector<ReliabilityBin>& bins) {
    nlohmann::json out = nlohmann::json::array();
    for (const ReliabilityBin& r : bins)
        out.push_back({{"lo", r.lo},
                       {"hi", r.hi},
                       {"count", r.count},
                       {"mean_probability", r.meanProbability},
                       {"fraction_positive", r.fractionPositive}});
    return out;
}

}  // namespace radlens::ai
