#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "ai/Analyzer.h"
#include "ai/InferenceEngine.h"
#include "ai/LoadedModel.h"
#include "ai/ModelBundle.h"
#include "ai/Preprocessing.h"
#include "ai/ResultCacheKey.h"
#include "imaging/InstanceSetKey.h"
#include "imaging/LesionStatistics.h"

using namespace radlens;
using namespace radlens::ai;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// The folders tempPath() made, removed when the test program ends.
struct TempFolders {
    std::vector<fs::path> paths;
    ~TempFolders() {
        for (const fs::path& p : paths) {
            std::error_code ignored;
            fs::remove_all(p, ignored);
        }
    }
};

std::string tempPath(const std::string& name) {
    static int n = 0;
    static TempFolders made;
    const fs::path p = fs::temp_directory_path() /
                       ("radlens-engine-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(p);
    made.paths.push_back(p);
    return (p / name).string();
}

std::string makeBundle(Architecture arch, std::vector<std::string> classes, int size,
                       std::string mode = "") {
    torch::manual_seed(0);
    auto net = createNetwork(arch, int(classes.size()), 1);
    Manifest m;
    m.name = "test " + architectureName(arch);
    m.architecture = arch;
    if (!mode.empty())
        m.mode = mode;
    else
        m.mode = isSegmenter(arch) ? "multiclass" : "multilabel";
    for (auto& c : classes) m.classes.push_back({c, "#ff0000", 0.5, {}});
    m.inputChannels = 1;
    m.inputHeight = m.inputWidth = size;
    m.preprocessing = {{"window", {-1000, 1000}}, {"mean", 0.0}, {"std", 300.0}};
    const std::string path = tempPath("bundle");
    ModelBundle::write(path, m, *net);
    return path;
}

std::shared_ptr<imaging::Volume> phantom(int n, int slices) {
    imaging::Geometry g;
    g.dims = {n, n, slices};
    g.spacing = {0.8, 0.8, 2.0};
    auto v = std::make_shared<imaging::Volume>(imaging::PixelType::Int16, g);
    auto* p = v->dataAs<std::int16_t>();
    for (int z = 0; z < slices; ++z)
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                const double r = std::hypot(x - n / 2.0, y - n / 2.0);
                p[(std::size_t(z) * n + y) * n + x] =
                    std::int16_t(r < n / 3.0 ? 40 + 10 * ((x + y + z) % 7) : -900);
            }
    return v;
}

}  // namespace

TEST(Lesions, SpheresHaveTheirVolumeDiameterAndCentre) {
    imaging::Geometry g;
    g.dims = {64, 64, 40};
    g.spacing = {0.5, 0.5, 1.0};
    g.origin = {10, 20, 30};
    imaging::Volume v(imaging::PixelType::UInt8, g);
    auto* p = v.dataAs<std::uint8_t>();
    auto sphere = [&](double cx, double cy, double cz, double r, std::uint8_t label) {
        for (int z = 0; z < 40; ++z)
            for (int y = 0; y < 64; ++y)
                for (int x = 0; x < 64; ++x) {
                    const double dx = (x - cx) * 0.5, dy = (y - cy) * 0.5, dz = (z - cz) * 1.0;
                    if (dx * dx + dy * dy + dz * dz <= r * r) p[(z * 64 + y) * 64 + x] = label;
                }
    };
    sphere(16, 16, 10, 6.0, 1);  // r = 6 mm
    sphere(48, 48, 28, 3.0, 1);  // r = 3 mm
    sphere(48, 16, 20, 4.0, 2);
    const auto lesions = imaging::LesionStatistics::lesions(v);
    ASSERT_EQ(lesions.size(), 3u);
    const imaging::Lesion& big = lesions[0];
    EXPECT_EQ(big.label, 1);
    EXPECT_NEAR(big.volumeMl, 4.0 / 3.0 * M_PI * 216 / 1000.0, 0.05);
    EXPECT_NEAR(big.diameterMm, 12.0, 1.0);
    EXPECT_NEAR(big.centroid[0], 10 + 16 * 0.5, 0.01);
    EXPECT_NEAR(big.centroid[2], 30 + 10, 0.01);
    EXPECT_EQ(big.slice, 10);
    EXPECT_NEAR(lesions[1].diameterMm, 6.0, 1.0);
    const auto summary = imaging::LesionStatistics::summarize(v, 2);
    EXPECT_EQ(summary[0].components, 2);
    EXPECT_EQ(summary[1].components, 1);
    EXPECT_NEAR(summary[1].volumeMl, 4.0 / 3.0 * M_PI * 64 / 1000.0, 0.02);
}

TEST(Analyzer, BatchSizeDoesNotChangeSegmentation) {
    const std::string bundle = makeBundle(Architecture::UNetResNet34, {"background", "lesion"}, 64);
    auto model = LoadedModel::load(bundle, torch::kCPU);
    auto volume = phantom(80, 9);
    AnalyzeOptions one, many;
    one.batchSize = 1;
    many.batchSize = 4;
    Findings a = Analyzer::analyze(*model, *volume, "s", one);
    Findings b = Analyzer::analyze(*model, *volume, "s", many);
    ASSERT_TRUE(a.labels && b.labels);
    EXPECT_EQ(a.labels->dims(), volume->dims());
    EXPECT_EQ(0, std::memcmp(a.labels->data(), b.labels->data(), a.labels->byteSize()));
    ASSERT_EQ(a.labelSummaries.size(), 1u);
    EXPECT_EQ(a.labelSummaries[0].name, "lesion");
}

// Grad-CAM must show where the finding is, not only give a map in [0, 1]: a
// classifier trained here (SYNTHETIC: a bright disk on noise or noise alone,
// 128 x 128 HU images) puts the heatmap's peak on the disk of each held-out
// image, one disk in each quadrant. An all-zero or a random map fails.
TEST(Analyzer, GradCamPeakLiesOnTheFinding) {
    constexpr int S = 128, R = 12;
    torch::manual_seed(3);
    auto image = [&](bool disk, double cx, double cy) {
        torch::Tensor x = torch::randn({S, S}) * 60 - 700;  // lung-like noise (HU)
        if (disk) {
            const torch::Tensor ys = torch::arange(S).view({S, 1}).to(torch::kFloat32);
            const torch::Tensor xs = torch::arange(S).view({1, S}).to(torch::kFloat32);
            const torch::Tensor in = (xs - cx).pow(2) + (ys - cy).pow(2) <= R * R;
            x = torch::where(in, x + 750, x);  // a soft-tissue nodule
        }
        return x;
    };
    auto net = createNetwork(Architecture::ResNet18, 1, 1);
    Manifest m;
    m.name = "gradcam test";
    m.architecture = Architecture::ResNet18;
    m.mode = "multilabel";
    m.classes.push_back({"nodule", "#ff0000", 0.5, {}});
    m.inputChannels = 1;
    m.inputHeight = m.inputWidth = S;
    m.preprocessing = {{"window", {-1000, 1000}}, {"mean", 0.0}, {"std", 300.0}};
    const Preprocessing pre = Preprocessing::fromManifest(m);
    torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-3));
    net->train();
    for (int step = 0; step < 60; ++step) {
        std::vector<torch::Tensor> xs;
        std::vector<float> ys;
        for (int k = 0; k < 12; ++k) {
            const bool disk = k % 2 == 0;
            const torch::Tensor c = torch::rand({2}) * (S - 2 * R - 8) + R + 4;
            xs.push_back(image(disk, c[0].item<double>(), c[1].item<double>()));
            ys.push_back(disk ? 1.0f : 0.0f);
        }
        const torch::Tensor x = pre.apply(torch::stack(xs).unsqueeze(1));
        const torch::Tensor loss =
            torch::binary_cross_entropy_with_logits(net->forward(x).view({-1}), torch::tensor(ys));
        adam.zero_grad();
        loss.backward();
        adam.step();
    }
    net->eval();
    const std::string path = tempPath("gradcam-bundle");
    ModelBundle::write(path, m, *net);
    auto model = LoadedModel::load(path, torch::kCPU);
    for (auto [cx, cy] : {std::pair{34.0, 30.0}, {96.0, 36.0}, {30.0, 92.0}, {90.0, 94.0}}) {
        imaging::Geometry g;
        g.dims = {S, S, 1};
        auto v = std::make_shared<imaging::Volume>(imaging::PixelType::Int16, g);
        const torch::Tensor hu = image(true, cx, cy).round().to(torch::kInt16).contiguous();
        std::memcpy(v->data(), hu.data_ptr(), v->byteSize());
        AnalyzeOptions o;
        o.heatmapClasses = {"nodule"};
        const Findings f = Analyzer::analyze(*model, *v, "s", o);
        ASSERT_EQ(f.heatmaps.size(), 1u);
        const float* map = f.heatmaps[0].map->dataAs<float>();
        const int peak = int(std::max_element(map, map + S * S) - map);
        const double px = peak % S, py = peak / S;
        // The map comes from a 4 x 4 feature grid (stride 32): its peak lies
        // in a cell that the disk touches (a disk across a cell border may
        // light either cell; a random peak lands in one of those 1-4 cells of
        // 16 by chance, in all four images about once in 400 runs at most).
        const double x0 = std::floor(px / 32) * 32, y0 = std::floor(py / 32) * 32;
        const double dx = std::max({x0 - cx, 0.0, cx - (x0 + 32)});
        const double dy = std::max({y0 - cy, 0.0, cy - (y0 + 32)});
        EXPECT_LE(std::hypot(dx, dy), double(R))
            << "disk at " << cx << "," << cy << ", peak at " << px << "," << py
            << ", p = " << f.classes[0].probability;
        EXPECT_GT(map[peak], 0.99f);  // normalised to 1 at its peak
    }
}

TEST(Analyzer, ClassifierGivesProbabilitiesAndHeatmapsForFlaggedClasses) {
    const std::string bundle = makeBundle(Architecture::ResNet18, {"A", "B", "C"}, 64);
    auto model = LoadedModel::load(bundle, torch::kCPU);
    for (auto& c : model->manifest.classes) c.threshold = 0.0;  // flag everything
    auto volume = phantom(70, 1);
    Findings f = Analyzer::analyze(*model, *volume, "s");
    ASSERT_EQ(f.classes.size(), 3u);
    ASSERT_EQ(f.heatmaps.size(), 3u);
    for (const Heatmap& h : f.heatmaps) {
        EXPECT_EQ(h.map->dims(), (std::array<int, 3>{70, 70, 1}));
        const float* m = h.map->dataAs<float>();
        const auto [lo, hi] = std::minmax_element(m, m + 70 * 70);
        EXPECT_GE(*lo, 0.0f);
        EXPECT_LE(*hi, 1.0f + 1e-6f);
    }
    for (const ClassFinding& c : f.classes) {
        EXPECT_GT(c.probability, 0.0);
        EXPECT_LT(c.probability, 1.0);
    }
}

TEST(Engine, PriorityCancelAndFailure) {
    const std::string seg = makeBundle(Architecture::UNetResNet34, {"background", "lesion"}, 128);
    InferenceEngine engine("cpu");
    EXPECT_NE(engine.deviceName().find("cpu"), std::string::npos);
    std::mutex m;
    std::vector<std::string> order;
    std::map<JobId, JobState> last;
    std::map<JobId, int> batches;
    auto record = [&](const std::string& name) {
        return [&, name](const JobUpdate& u) {
            std::lock_guard<std::mutex> lock(m);
            last[u.id] = u.state;
            if (u.state == JobState::Running && u.progress == 0) order.push_back(name);
            if (u.state == JobState::Running && u.progress > 0) ++batches[u.id];
        };
    };
    auto request = [&](int slices, int priority) {
        InferenceRequest r;
        r.seriesUid = "s" + std::to_string(slices);
        r.volume = phantom(128, slices);
        r.bundle = seg;
        r.priority = priority;
        r.batchSize = 1;
        return r;
    };
    // A long job occupies the worker; then low and high priority jobs queue up.
    const JobId longJob = engine.submit(request(400, 0), record("long"));
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(m);
            if (batches[longJob] >= 1) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    const JobId low = engine.submit(request(1, 1), record("low"));
    const JobId high = engine.submit(request(1, 5), record("high"));
    (void)low;
    (void)high;
    const auto t0 = Clock::now();
    int batchesAtCancel = 0;
    {
        std::lock_guard<std::mutex> lock(m);
        batchesAtCancel = batches[longJob];
    }
    EXPECT_TRUE(engine.cancel(longJob));
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(m);
            if (last[longJob] == JobState::Cancelled) break;
        }
        ASSERT_LT(Clock::now() - t0, std::chrono::seconds(5));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double cancelSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    // Cancel takes effect at the next batch boundary: at most the batch in
    // flight finishes (one slice here, tens of ms on an idle machine; one more
    // may end between reading the count and cancelling). The
    // wall time depends on the machine's load, so it is printed, not asserted.
    {
        std::lock_guard<std::mutex> lock(m);
        EXPECT_LE(batches[longJob] - batchesAtCancel, 2);  // + one that ended meanwhile
    }
    std::printf("cancel took effect after %.3f s\n", cancelSeconds);
    // A missing bundle fails with a message; run() reports it.
    InferenceRequest bad = request(1, 0);
    bad.bundle = "/nonexistent/bundle";
    try {
        engine.run(bad);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("no such model bundle"), std::string::npos)
            << e.what();
    }
    std::lock_guard<std::mutex> lock(m);
    ASSERT_GE(order.size(), 3u);
    EXPECT_EQ(order[0], "long");
    EXPECT_EQ(order[1], "high");
    EXPECT_EQ(order[2], "low");
}

TEST(Engine, ResultsAreCachedBySeriesInstancesAndWeights) {
    const std::string cls = makeBundle(Architecture::ResNet18, {"A", "B"}, 64);
    const std::string db = tempPath("cache.db");
    InferenceEngine engine("cpu", db);
    InferenceRequest r;
    r.seriesUid = "1.2.3";
    r.instancesKey = radlens::imaging::instanceSetKey({"1.2.3.1", "1.2.3.2"});
    r.volume = phantom(64, 1);
    r.bundle = cls;
    Findings first = engine.run(r);
    Findings second = engine.run(r);
    EXPECT_FALSE(first.fromCache);
    EXPECT_TRUE(second.fromCache);
    ASSERT_EQ(second.classes.size(), 2u);
    EXPECT_DOUBLE_EQ(first.classes[1].probability, second.classes[1].probability);
    // The same series with one more instance is analysed again, then cached.
    r.instancesKey = radlens::imaging::instanceSetKey({"1.2.3.2", "1.2.3.1", "1.2.3.3"});
    EXPECT_FALSE(engine.run(r).fromCache);
    EXPECT_TRUE(engine.run(r).fromCache);
    // Without a key nothing is cached.
    r.instancesKey.clear();
    EXPECT_FALSE(engine.run(r).fromCache);
    EXPECT_FALSE(engine.run(r).fromCache);
    r.instancesKey = radlens::imaging::instanceSetKey({"1.2.3.1", "1.2.3.2"});
    r.useCache = false;
    EXPECT_FALSE(engine.run(r).fromCache);
}

TEST(ResultCacheKey, ChangesWithEverythingThatChangesAResult) {
    ai::Manifest m;
    m.name = "chest";
    m.architecture = ai::Architecture::ResNet18;
    m.classes = {{"Mass", "#ff0000", 0.5, {}}, {"Effusion", "#00ff00", 0.5, {}}};
    m.weightsSha256 = std::string(64, 'a');
    m.preprocessing = {{"modality", "DX"}, {"window", nullptr}, {"mean", 0.1}, {"std", 0.2}};
    const std::string key = ai::resultCacheKey(m, 3);
    EXPECT_EQ(key.rfind("sha256:", 0), 0u);
    EXPECT_EQ(key.size(), 7u + 64u);
    EXPECT_EQ(ai::resultCacheKey(m, 3), key);
    // The slice a classifier looks at.
    EXPECT_NE(ai::resultCacheKey(m, 4), key);
    EXPECT_NE(ai::resultCacheKey(m, std::nullopt), key);
    // Weights, thresholds, preprocessing, calibration.
    auto changed = [&](auto&& edit) {
        ai::Manifest other = m;
        edit(other);
        return ai::resultCacheKey(other, 3) != key;
    };
    EXPECT_TRUE(changed([](ai::Manifest& o) { o.weightsSha256[0] = 'b'; }));
    EXPECT_TRUE(changed([](ai::Manifest& o) { o.classes[1].threshold = 0.4; }));
    EXPECT_TRUE(changed([](ai::Manifest& o) { o.preprocessing["window"] = {-1000, 400}; }));
    EXPECT_TRUE(changed([](ai::Manifest& o) { o.preprocessing["mean"] = 0.11; }));
    EXPECT_TRUE(changed([](ai::Manifest& o) { o.inputHeight = o.inputWidth = 256; }));
    EXPECT_TRUE(changed([](ai::Manifest& o) { o.mode = "multiclass"; }));
    EXPECT_TRUE(changed([](ai::Manifest& o) {
        o.calibration = {{"method", "temperature"}, {"temperature", {1.5, 1.0}}};
    }));
    // Names and provenance describe the model; they change no result.
    EXPECT_FALSE(changed([](ai::Manifest& o) {
        o.name = "renamed";
        o.version = "7";
        o.provenance = {{"created", "2026-12-01"}};
    }));
    // A segmenter reads every slice: the slice does not split its cache.
    ai::Manifest seg = m;
    seg.architecture = ai::Architecture::UNetResNet34;
    EXPECT_EQ(ai::resultCacheKey(seg, 3), ai::resultCacheKey(seg, std::nullopt));
}

TEST(Preprocessing, PercentilesBySelectionEqualTorchQuantileExactly) {
    // Sizes with and without ties, odd and even, one value; ranks that fall
    // on order statistics and between them (weights below and above 0.5).
    torch::manual_seed(3);
    const std::vector<double> qs = {0, 0.5, 5, 33.3, 50, 95, 99.5, 100};
    for (const torch::Tensor& x :
         {torch::rand({64, 64}), torch::randint(0, 7, {1001}).to(torch::kFloat32),
          torch::randn({3, 17, 5}, torch::kFloat64) * 1000, torch::tensor({42.0f}),
          torch::tensor({2.0, 1.0})}) {
        const std::vector<double> got = radlens::ai::percentiles(x, qs);
        const torch::Tensor flat = x.flatten().to(torch::kFloat64);
        ASSERT_EQ(got.size(), qs.size());
        for (std::size_t k = 0; k < qs.size(); ++k)
            EXPECT_EQ(got[k], torch::quantile(flat, qs[k] / 100.0).item<double>())
                << "q " << qs[k] << " of " << x.numel() << " values";
    }
    // NaN in, NaN out (as torch::quantile); bad arguments are errors.
    EXPECT_TRUE(
        std::isnan(radlens::ai::percentiles(torch::tensor({1.0, std::nan(""), 3.0}), {50})[0]));
    EXPECT_THROW(radlens::ai::percentiles(torch::empty({0}), {50}), std::invalid_argument);
    EXPECT_THROW(radlens::ai::percentiles(torch::rand({9}), {101}), std::invalid_argument);
    EXPECT_THROW(radlens::ai::percentiles(torch::rand({9}), {90, 10}), std::invalid_argument);
}
