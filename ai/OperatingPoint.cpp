#include "ai/OperatingPoint.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "ai/Quantile.h"

namespace radlens::ai {

namespace {

struct Counts {
    long tp = 0, fp = 0, fn = 0, tn = 0;
};

Counts countAt(const std::vector<double>& p, const std::vector<int>& y, double t) {
    Counts c;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const bool predicted = p[i] >= t;
        if (y[i])
            ++(predicted ? c.tp : c.fn);
        else
            ++(predicted ? c.fp : c.tn);
    }
    return c;
}

}  // namespace

std::pair<std::optional<double>, std::optional<double>> sensitivitySpecificity(
    const std::vector<double>& p, const std::vector<int>& y, double t) {
    if (p.size() != y.size())
        throw std::invalid_argument("operating point: scores and labels differ in length");
    const Counts c = countAt(p, y, t);
    std::optional<double> sens, spec;
    if (c.tp + c.fn > 0) sens = double(c.tp) / double(c.tp + c.fn);
    if (c.tn + c.fp > 0) spec = double(c.tn) / double(c.tn + c.fp);
    return {sens, spec};
}

OperatingPoint chooseOperatingPoint(const std::vector<double>& p, const std::vector<int>& y,
                                    const std::string& target, double goal, int rounds,
                                    std::uint64_t seed) {
    if (p.size() != y.size())
        throw std::invalid_argument("operating point: scores and labels differ in length");
    if (target != "sensitivity" && target != "specificity" && target != "f1")
        throw std::invalid_argument("operating point: unknown target \"" + target +
                                    "\" (sensitivity, specificity or f1)");
    OperatingPoint op;
    op.target = target;
    op.goal = target == "f1" ? 0 : goal;
    for (int v : y) ++(v ? op.positives : op.negatives);

    std::vector<double> values(p);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::vector<double> candidates;  // ascending
    if (!values.empty()) {
        candidates.push_back(values.front() - 1e-6);
        for (std::size_t i = 0; i + 1 < values.size(); ++i)
            candidates.push_back((values[i] + values[i + 1]) / 2);
        candidates.push_back(values.back() + 1e-6);
    }
    const bool both = op.positives > 0 && op.negatives > 0;
    if (both) {
        if (target == "sensitivity") {
            op.threshold = candidates.front();
            for (double t : candidates) {  // sensitivity falls as t rises
                const Counts c = countAt(p, y, t);
                if (double(c.tp) >= goal * double(c.tp + c.fn) - 1e-12) op.threshold = t;
            }
        } else if (target == "specificity") {
            op.threshold = candidates.back();
            for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
                const Counts c = countAt(p, y, *it);
                if (double(c.tn) >= goal * double(c.tn + c.fp) - 1e-12) op.threshold = *it;
            }
        } else {
            double best = -1;
            for (double t : candidates) {
                const Counts c = countAt(p, y, t);
                const double denom = double(2 * c.tp + c.fp + c.fn);
                const double f1 = denom > 0 ? 2.0 * double(c.tp) / denom : 0;
                if (f1 >= best) {
                    best = f1;
                    op.threshold = t;
                }
            }
        }
        op.threshold = std::clamp(op.threshold, 0.0, 1.0);
    }
    std::tie(op.sensitivity, op.specificity) = sensitivitySpecificity(p, y, op.threshold);

    if (both && rounds > 0) {
        std::mt19937_64 rng(seed);
        std::uniform_int_distribution<std::size_t> pick(0, p.size() - 1);
        std::vector<double> sens, spec;
        for (int r = 0; r < rounds; ++r) {
            Counts c;
            for (std::size_t k = 0; k < p.size(); ++k) {
                const std::size_t i = pick(rng);
                const bool predicted = p[i] >= op.threshold;
                if (y[i])
                    ++(predicted ? c.tp : c.fn);
                else
                    ++(predicted ? c.fp : c.tn);
            }
            if (c.tp + c.fn > 0) sens.push_back(double(c.tp) / double(c.tp + c.fn));
            if (c.tn + c.fp > 0) spec.push_back(double(c.tn) / double(c.tn + c.fp));
        }
        if (!sens.empty())
            op.sensitivityCi = Interval{quantile(sens, 0.025), quantile(sens, 0.975)};
        if (!spec.empty())
            op.specificityCi = Interval{quantile(spec, 0.025), quantile(spec, 0.975)};
    }
    return op;
}

nlohmann::json OperatingPoint::toJson() const {
    auto opt = [](const std::optional<double>& v) -> nlohmann::json {
        return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    auto ci = [](const std::optional<Interval>& v) -> nlohmann::json {
        return v ? nlohmann::json::array({v->lo, v->hi}) : nlohmann::json(nullptr);
    };
    nlohmann::json j = {
        {"target", target},
        {"threshold", threshold},
        {"sensitivity", opt(sensitivity)},
        {"specificity", opt(specificity)},
        {"ci95", {{"sensitivity", ci(sensitivityCi)}, {"specificity", ci(specificityCi)}}},
        {"positives", positives},
        {"negatives", negatives}};
    if (target != "f1") j["goal"] = goal;
    return j;
}

}  // namespace radlens::ai
