// Calibration, operating points, DeLong and the out-of-distribution summary
// (issue 22), each against a direct computation on generated data.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "ai/Analyzer.h"
#include "ai/Calibration.h"
#include "ai/CalibrationReport.h"
#include "ai/LoadedModel.h"
#include "ai/ModelBundle.h"
#include "ai/OodSummary.h"
#include "ai/OperatingPoint.h"
#include "ai/RocComparison.h"

using namespace radlens::ai;
namespace fs = std::filesystem;

namespace {

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

/// Logits z ~ N(0, 3^2) and labels drawn with P(y = 1) = sigmoid(z / T).
void generate(double T, int n, std::uint64_t seed, std::vector<double>& z, std::vector<int>& y) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0, 3);
    std::uniform_real_distribution<double> u(0, 1);
    z.clear();
    y.clear();
    for (int i = 0; i < n; ++i) {
        z.push_back(normal(rng));
        y.push_back(u(rng) < sigmoid(z.back() / T) ? 1 : 0);
    }
}

/// AUC by every positive-negative pair (ties half).
double pairAuc(const std::vector<double>& s, const std::vector<int>& y) {
    double sum = 0, pairs = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        for (std::size_t j = 0; j < s.size(); ++j)
            if (y[i] && !y[j]) {
                sum += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                ++pairs;
            }
    return sum / pairs;
}

/// Midranks (1-based, ties averaged): the fast DeLong route (Sun and Xu 2014).
std::vector<double> midranks(const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && v[order[j]] == v[order[i]]) ++j;
        for (std::size_t k = i; k < j; ++k) r[order[k]] = 0.5 * double(i + j - 1) + 1;
        i = j;
    }
    return r;
}

/// Variance of AUC(b) - AUC(a) by midranks.
double midrankVariance(const std::vector<double>& a, const std::vector<double>& b,
                       const std::vector<int>& y) {
    std::vector<double> pa, na, pb, nb;
    for (std::size_t i = 0; i < y.size(); ++i) {
        (y[i] ? pa : na).push_back(a[i]);
        (y[i] ? pb : nb).push_back(b[i]);
    }
    const double m = double(pa.size()), n = double(na.size());
    auto components = [&](const std::vector<double>& pos, const std::vector<double>& neg,
                          std::vector<double>& v10, std::vector<double>& v01) {
        std::vector<double> all(pos);
        all.insert(all.end(), neg.begin(), neg.end());
        const std::vector<double> tz = midranks(all), tx = midranks(pos), ty = midranks(neg);
        for (std::size_t i = 0; i < pos.size(); ++i) v10.push_back((tz[i] - tx[i]) / n);
        for (std::size_t j = 0; j < neg.size(); ++j)
            v01.push_back(1.0 - (tz[pos.size() + j] - ty[j]) / m);
    };
    std::vector<double> a10, a01, b10, b01;
    components(pa, na, a10, a01);
    components(pb, nb, b10, b01);
    auto cov = [](const std::vector<double>& x, const std::vector<double>& w) {
        double mx = 0, mw = 0;
        for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], mw += w[i];
        mx /= double(x.size());
        mw /= double(w.size());
        double s = 0;
        for (std::size_t i = 0; i < x.size(); ++i) s += (x[i] - mx) * (w[i] - mw);
        return s / double(x.size() - 1);
    };
    return (cov(a10, a10) + cov(b10, b10) - 2 * cov(a10, b10)) / m +
           (cov(a01, a01) + cov(b01, b01) - 2 * cov(a01, b01)) / n;
}

}  // namespace

TEST(Calibration, TemperatureScalingRecoversAKnownTemperature) {
    for (double T : {0.5, 2.5}) {
        std::vector<double> z;
        std::vector<int> y;
        generate(T, 20000, 7, z, y);
        EXPECT_NEAR(fitTemperature(z, y), T, 0.06 * T) << "T " << T;
    }
    // Nothing to fit: one kind of label only.
    EXPECT_EQ(fitTemperature({1.0, 2.0}, {1, 1}), 1.0);
    EXPECT_THROW(fitTemperature({1.0}, {1, 0}), std::invalid_argument);
}

TEST(Calibration, SoftmaxTemperatureRecoversAKnownTemperature) {
    std::mt19937_64 rng(3);
    std::normal_distribution<double> normal(0, 2);
    std::uniform_real_distribution<double> u(0, 1);
    const double T = 1.8;
    std::vector<std::vector<double>> logits;
    std::vector<int> labels;
    for (int i = 0; i < 20000; ++i) {
        std::vector<double> z = {normal(rng), normal(rng), normal(rng)};
        double sum = 0;
        for (double v : z) sum += std::exp(v / T);
        double r = u(rng) * sum, acc = 0;
        int k = 0;
        for (; k < 2; ++k) {
            acc += std::exp(z[std::size_t(k)] / T);
            if (r < acc) break;
        }
        logits.push_back(z);
        labels.push_back(k);
    }
    EXPECT_NEAR(fitSoftmaxTemperature(logits, labels), T, 0.06 * T);
}

TEST(Calibration, ExpectedCalibrationErrorByHand) {
    // Bin [0.1, 0.2): 0.1, 0.1 with one positive -> |0.1 - 0.5| * 2;
    // bin [0.9, 1.0]: 0.9, 1.0 both positive -> |0.95 - 1| * 2. Over 4: 0.225.
    const std::vector<double> p = {0.1, 0.1, 0.9, 1.0};
    const std::vector<int> y = {1, 0, 1, 1};
    EXPECT_NEAR(expectedCalibrationError(p, y, 10), (0.4 * 2 + 0.05 * 2) / 4, 1e-12);
    const auto bins = reliabilityBins(p, y, 10);
    ASSERT_EQ(bins.size(), 10u);
    EXPECT_EQ(bins[1].count, 2);
    EXPECT_EQ(bins[9].count, 2);
    EXPECT_NEAR(bins[9].meanProbability, 0.95, 1e-12);
    EXPECT_EQ(expectedCalibrationError({}, {}, 10), 0.0);
}

TEST(Calibration, ScalingLowersTheErrorOfOverconfidentLogits) {
    std::vector<double> z;
    std::vector<int> y;
    generate(3.0, 5000, 11, z, y);  // the logits are 3x too confident
    std::vector<std::vector<double>> logits;
    std::vector<std::vector<int>> labels;
    for (std::size_t i = 0; i < z.size(); ++i) {
        logits.push_back({z[i]});
        labels.push_back({y[i]});
    }
    const CalibrationReport r =
        CalibrationReport::fit(logits, labels, {"finding"}, true, "sensitivity", 0.9);
    EXPECT_NEAR(r.temperatures[0], 3.0, 0.25);
    EXPECT_GT(r.json["ece_before"].get<double>(), 0.08);
    EXPECT_LT(r.json["ece_after"].get<double>(), 0.03);
    // The mean negative log-likelihood per case, at T = 1 and at the fit.
    double nll1 = 0, nllT = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double p1 = sigmoid(z[i]), pT = sigmoid(z[i] / r.temperatures[0]);
        nll1 -= std::log(y[i] ? p1 : 1 - p1);
        nllT -= std::log(y[i] ? pT : 1 - pT);
    }
    EXPECT_NEAR(r.json["nll_before"].get<double>(), nll1 / double(z.size()), 1e-9);
    EXPECT_NEAR(r.json["nll_after"].get<double>(), nllT / double(z.size()), 1e-9);
    EXPECT_LT(r.json["nll_after"].get<double>(), r.json["nll_before"].get<double>() - 0.05);
    const nlohmann::json& op = r.json["operating_points"][0];
    EXPECT_EQ(op["class"], "finding");
    EXPECT_GE(op["sensitivity"].get<double>(), 0.9);
    EXPECT_NEAR(op["threshold"].get<double>(), r.thresholds[0], 1e-12);
    // Calibrated probabilities are those of the fitted temperature.
    const auto p = calibratedProbabilities({2.0}, r.temperatures, true);
    EXPECT_NEAR(p[0], sigmoid(2.0 / r.temperatures[0]), 1e-12);
}

TEST(OperatingPoint, EachTargetAgainstEveryThreshold) {
    std::vector<double> z;
    std::vector<int> y;
    generate(1.0, 400, 5, z, y);
    std::vector<double> p;
    for (double v : z) p.push_back(sigmoid(v));
    auto at = [&](double t) { return sensitivitySpecificity(p, y, t); };
    // Brute force over a fine grid: the chosen threshold is the extreme one.
    const OperatingPoint sens = chooseOperatingPoint(p, y, "sensitivity", 0.9, 200, 1);
    EXPECT_GE(*sens.sensitivity, 0.9);
    for (double t = sens.threshold + 1e-4; t <= 1.0; t += 1e-3)
        if (*at(t).first >= 0.9) {
            EXPECT_LE(*at(t).second, *sens.specificity + 1e-12);
        }
    const OperatingPoint spec = chooseOperatingPoint(p, y, "specificity", 0.8, 200, 1);
    EXPECT_GE(*spec.specificity, 0.8);
    for (double t = 0; t < spec.threshold - 1e-4; t += 1e-3)
        if (*at(t).second >= 0.8) {
            EXPECT_LE(*at(t).first, *spec.sensitivity + 1e-12);
        }
    const OperatingPoint f1 = chooseOperatingPoint(p, y, "f1", 0, 200, 1);
    auto f1At = [&](double t) {
        long tp = 0, fp = 0, fn = 0;
        for (std::size_t i = 0; i < p.size(); ++i) {
            const bool predicted = p[i] >= t;
            tp += predicted && y[i];
            fp += predicted && !y[i];
            fn += !predicted && y[i];
        }
        return 2.0 * double(tp) / double(2 * tp + fp + fn);
    };
    for (double t = 0; t <= 1; t += 1e-3) EXPECT_LE(f1At(t), f1At(f1.threshold) + 1e-12);
    EXPECT_THROW(chooseOperatingPoint(p, y, "youden", 0), std::invalid_argument);
}

TEST(OperatingPoint, BootstrapIntervalAgainstADirectResampling) {
    std::vector<double> z;
    std::vector<int> y;
    generate(1.0, 300, 9, z, y);
    std::vector<double> p;
    for (double v : z) p.push_back(sigmoid(v));
    const OperatingPoint op = chooseOperatingPoint(p, y, "f1", 0, 2000, 42);
    ASSERT_TRUE(op.sensitivityCi && op.specificityCi);
    EXPECT_LE(op.sensitivityCi->lo, *op.sensitivity);
    EXPECT_GE(op.sensitivityCi->hi, *op.sensitivity);
    // The binomial normal approximation gives nearly the same width.
    const double s = *op.sensitivity, n = double(op.positives);
    const double halfWidth = 1.96 * std::sqrt(s * (1 - s) / n);
    EXPECT_NEAR(op.sensitivityCi->hi - op.sensitivityCi->lo, 2 * halfWidth, 0.35 * 2 * halfWidth);
    // Seeded: the same interval again.
    const OperatingPoint again = chooseOperatingPoint(p, y, "f1", 0, 2000, 42);
    EXPECT_EQ(again.sensitivityCi->lo, op.sensitivityCi->lo);
    EXPECT_EQ(again.specificityCi->hi, op.specificityCi->hi);
}

TEST(RocComparison, DeLongAgainstPairsAndMidranks) {
    std::mt19937_64 rng(2);
    std::normal_distribution<double> normal(0, 1);
    std::vector<double> a, b;
    std::vector<int> y;
    for (int i = 0; i < 300; ++i) {
        y.push_back(i % 3 == 0);
        const double shared = normal(rng);
        // Rounded: ties happen, and count half.
        a.push_back(std::round((y.back() * 0.8 + shared + 0.7 * normal(rng)) * 4) / 4);
        b.push_back(std::round((y.back() * 1.4 + shared + 0.5 * normal(rng)) * 4) / 4);
    }
    const auto r = compareAuc(a, b, y);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->aucA, pairAuc(a, y), 1e-12);
    EXPECT_NEAR(r->aucB, pairAuc(b, y), 1e-12);
    EXPECT_NEAR(r->standardError, std::sqrt(midrankVariance(a, b, y)), 1e-9);
    EXPECT_GT(r->difference, 0);
    EXPECT_NEAR(r->pValue, std::erfc(std::abs(r->difference / r->standardError) / std::sqrt(2.0)),
                1e-12);
    EXPECT_NEAR(r->hi - r->lo, 2 * 1.959963984540054 * r->standardError, 1e-12);
    // The same model twice: no difference, p = 1.
    const auto same = compareAuc(a, a, y);
    EXPECT_EQ(same->difference, 0);
    EXPECT_EQ(same->pValue, 1.0);
    EXPECT_FALSE(compareAuc(a, b, std::vector<int>(300, 1)));
}

TEST(OodSummary, FlagsFarInputsAtTheStatedFalseAlarmRate) {
    torch::manual_seed(0);
    // Two levels of correlated Gaussian features.
    const torch::Tensor mix1 = torch::randn({8, 32}), mix2 = torch::randn({8, 16});
    auto draw = [&](int n, double shift) {
        const torch::Tensor latent = torch::randn({n, 8});
        return std::vector<torch::Tensor>{latent.matmul(mix1) + 0.1 * torch::randn({n, 32}) + shift,
                                          latent.matmul(mix2) + 0.1 * torch::randn({n, 16})};
    };
    const OodSummary s = OodSummary::fit(draw(400, 0), draw(400, 0), 0.05);
    ASSERT_TRUE(s.valid());
    const std::vector<double> fresh = s.scores(draw(4000, 0));
    const double rate = double(std::count_if(fresh.begin(), fresh.end(),
                                             [&](double v) { return v > s.threshold(); })) /
                        double(fresh.size());
    EXPECT_NEAR(rate, 0.05, 0.03);
    const std::vector<double> far = s.scores(draw(100, 3.0));
    for (double v : far) EXPECT_GT(v, s.threshold());
    // Off the training subspace (noise in every direction) is far too.
    const std::vector<double> noise =
        s.scores({torch::randn({100, 32}) * 3, torch::randn({100, 16}) * 3});
    for (double v : noise) EXPECT_GT(v, s.threshold());
    // A step off the training data's principal directions only (into the
    // residual) is far too: the direction is orthogonal to the top 16.
    {
        const std::vector<torch::Tensor> train = draw(400, 0);
        const OodSummary one = OodSummary::fit({train[0]}, {draw(400, 0)[0]}, 0.05);
        const torch::Tensor centred = train[0] - train[0].mean(0);
        auto [u, sv, vh] = torch::linalg::svd(centred.to(torch::kFloat64), false, c10::nullopt);
        const torch::Tensor top = vh.slice(0, 0, 16);
        torch::Tensor d = torch::randn({32}, torch::kFloat64);
        d = d - top.t().matmul(top.matmul(d));
        d = d / d.norm();
        const torch::Tensor base = draw(50, 0)[0].to(torch::kFloat64);
        const double spread = centred.pow(2).sum(1).mean().sqrt().item<double>();
        const std::vector<double> off = one.scores({(base + spread * d).to(torch::kFloat32)});
        const std::vector<double> on = one.scores({base.to(torch::kFloat32)});
        int flaggedOff = 0, flaggedOn = 0;
        for (double v : off) flaggedOff += v > one.threshold();
        for (double v : on) flaggedOn += v > one.threshold();
        EXPECT_GE(flaggedOff, 45);
        EXPECT_LE(flaggedOn, 10);
    }
    // The JSON keeps every score.
    const OodSummary back = OodSummary::fromJson(nlohmann::json::parse(s.toJson().dump()));
    const std::vector<double> again = back.scores(draw(5, 0));
    ASSERT_EQ(again.size(), 5u);
    EXPECT_NEAR(back.threshold(), s.threshold(), 1e-6);
    const auto probe = draw(3, 0);
    const auto x = s.scores(probe), x2 = back.scores(probe);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(x[std::size_t(i)], x2[std::size_t(i)], 1e-4);
    EXPECT_THROW(s.scores({torch::randn({1, 32})}), std::invalid_argument);
    EXPECT_THROW(OodSummary::fromJson({{"levels", nlohmann::json::array()}}), std::runtime_error);
}

TEST(Trust, AnalyzerUsesTheBundlesTemperaturesAndSummary) {
    const fs::path dir =
        fs::temp_directory_path() / ("radlens-trust-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    torch::manual_seed(0);
    auto net = createNetwork(Architecture::ResNet18, 2, 1);
    Manifest m;
    m.name = "calibrated";
    m.architecture = Architecture::ResNet18;
    m.classes = {{"A", "#ff0000", 0.3, {}}, {"B", "#00ff00", 0.7, {}}};
    m.inputChannels = 1;
    m.inputHeight = m.inputWidth = 64;
    m.preprocessing = {{"scale", "percentile"}, {"mean", 0.5}, {"std", 0.25}};
    m.calibration = {{"method", "temperature"}, {"temperature", {2.0, 0.5}}};
    // A summary of inputs like the probe (a disc), so that noise is far from it.
    radlens::imaging::Geometry g;
    g.dims = {64, 64, 1};
    auto disc = [&](double radius) {
        radlens::imaging::Volume v(radlens::imaging::PixelType::Float32, g);
        float* p = v.dataAs<float>();
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x)
                p[y * 64 + x] = std::hypot(x - 32, y - 32) < radius ? 1000.0f : 0.0f;
        return v;
    };
    {
        Preprocessing pre = Preprocessing::fromManifest(m);
        auto features = [&](double from) {  // discs of radius from, from + 1, ... < 30
            std::vector<torch::Tensor> batch;
            for (double r = from; r < 30; r += 1) {
                radlens::imaging::Volume v = disc(r);
                batch.push_back(torch::from_blob(v.dataAs<float>(), {1, 1, 64, 64}).clone());
            }
            return summaryFeatures(*net, pre.apply(torch::cat(batch)));
        };
        torch::NoGradGuard ng;
        net->eval();
        m.trainingSummary = OodSummary::fit(features(10), features(10.5), 0.05).toJson();
    }
    ModelBundle::write(dir.string(), m, *net);
    auto model = LoadedModel::load(dir.string(), torch::kCPU);
    ASSERT_EQ(model->temperatures, (std::vector<double>{2.0, 0.5}));
    const Findings f = Analyzer::analyze(*model, disc(20.25), "s");
    ASSERT_EQ(f.classes.size(), 2u);
    for (std::size_t c = 0; c < 2; ++c) {
        ASSERT_TRUE(f.classes[c].logit);
        EXPECT_NEAR(f.classes[c].probability, sigmoid(*f.classes[c].logit / model->temperatures[c]),
                    1e-5);
        EXPECT_EQ(f.classes[c].flagged, f.classes[c].probability >= f.classes[c].threshold);
    }
    ASSERT_TRUE(f.ood);
    EXPECT_FALSE(f.ood->outside) << f.ood->score << " > " << f.ood->threshold;
    radlens::imaging::Volume noise(radlens::imaging::PixelType::Float32, g);
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(0, 1000);
    for (int i = 0; i < 64 * 64; ++i) noise.dataAs<float>()[i] = u(rng);
    const Findings n = Analyzer::analyze(*model, noise, "noise");
    ASSERT_TRUE(n.ood);
    EXPECT_TRUE(n.ood->outside) << n.ood->score << " <= " << n.ood->threshold;
    // The JSON of analyze, and back (the results cache).
    const nlohmann::json j = n.toJson();
    EXPECT_TRUE(j["ood"]["outside"].get<bool>());
    EXPECT_TRUE(j["classes"][0].contains("logit"));
    const Findings back = Findings::fromJson(j);
    ASSERT_TRUE(back.ood && back.classes[0].logit);
    EXPECT_EQ(back.ood->outside, true);
    // A malformed calibration is refused with the bundle's name.
    nlohmann::json bad = m.toJson();
    bad["calibration"]["temperature"] = {1.0};
    EXPECT_THROW(Manifest::fromJson(bad, "x"), BundleError);
    bad["calibration"]["temperature"] = {1.0, -1.0};
    EXPECT_THROW(Manifest::fromJson(bad, "x"), BundleError);
    fs::remove_all(dir);
}
