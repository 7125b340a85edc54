#include "ai/RocComparison.h"

#include <cmath>
#include <stdexcept>

namespace radlens::ai {

namespace {

double psi(double positive, double negative) {
    return positive > negative ? 1.0 : positive == negative ? 0.5 : 0.0;
}

/// Structural components of one score: V10 per positive, V01 per negative.
void components(const std::vector<double>& s, const std::vector<std::size_t>& pos,
                const std::vector<std::size_t>& neg, std::vector<double>& v10,
                std::vector<double>& v01) {
    v10.assign(pos.size(), 0);
    v01.assign(neg.size(), 0);
    for (std::size_t i = 0; i < pos.size(); ++i)
        for (std::size_t j = 0; j < neg.size(); ++j) {
            const double k = psi(s[pos[i]], s[neg[j]]);
            v10[i] += k;
            v01[j] += k;
        }
    for (double& v : v10) v /= double(neg.size());
    for (double& v : v01) v /= double(pos.size());
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / double(v.size());
}

/// Sample covariance (n - 1); 0 for one value.
double covariance(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() < 2) return 0;
    const double ma = mean(a), mb = mean(b);
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - ma) * (b[i] - mb);
    return s / double(a.size() - 1);
}

}  // namespace

std::optional<AucComparison> compareAuc(const std::vector<double>& a, const std::vector<double>& b,
                                        const std::vector<int>& labels) {
    if (a.size() != labels.size() || b.size() != labels.size())
        throw std::invalid_argument("AUC comparison: scores and labels differ in length");
    std::vector<std::size_t> pos, neg;
    for (std::size_t i = 0; i < labels.size(); ++i) (labels[i] ? pos : neg).push_back(i);
    if (pos.empty() || neg.empty()) return std::nullopt;
    std::vector<double> a10, a01, b10, b01;
    components(a, pos, neg, a10, a01);
    components(b, pos, neg, b10, b01);
    AucComparison r;
    r.aucA = mean(a10);
    r.aucB = mean(b10);
    r.difference = r.aucB - r.aucA;
    const double m = double(pos.size()), n = double(neg.size());
    const double variance =
        (covariance(a10, a10) + covariance(b10, b10) - 2 * covariance(a10, b10)) / m +
        (covariance(a01, a01) + covariance(b01, b01) - 2 * covariance(a01, b01)) / n;
    r.standardError = std::sqrt(std::max(0.0, variance));
    r.lo = r.difference - 1.959963984540054 * r.standardError;
    r.hi = r.difference + 1.959963984540054 * r.standardError;
    if (r.standardError > 0)
        r.pValue = std::erfc(std::abs(r.difference) / r.standardError / std::sqrt(2.0));
    else
        r.pValue = r.difference == 0 ? 1.0 : 0.0;
    return r;
}

}  // namespace radlens::ai
