// Click to segment, the parts without a trained model: the simulated
// annotator (exact distance transform, the next click at the larger error),
// the crop and paste geometry, the guidance discs, the training batches, the
// evaluation summary, the 1 -> 4 channel weight adaptation, the config and
// the manifest of task "interactive", and a few training steps end to end.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <atomic>
#include <cmath>
#include <random>
#include <string>

#include "ai/ClickEvaluation.h"
#include "ai/ClickSegmenter.h"
#include "ai/ClickSimulation.h"
#include "ai/InteractiveBatches.h"
#include "ai/ModelBundle.h"
#include "ai/Networks.h"
#include "ai/Trainer.h"
#include "ai/TrainingConfig.h"
#include "ai/TrainingSamples.h"
#include "ai/WeightLoader.h"

using namespace radlens::ai;

namespace {

torch::Tensor disc(int64_t H, int64_t W, double cx, double cy, double r) {
    const torch::Tensor yy = torch::arange(H, torch::kFloat64).view({H, 1});
    const torch::Tensor xx = torch::arange(W, torch::kFloat64).view({1, W});
    return ((xx - cx).square() + (yy - cy).square()).le(r * r);
}

/// An interactive run on 64 x 64 discs at 32 px: `epochs`, written under
/// the test temp folder as `name`.
nlohmann::json discConfig(int epochs, const std::string& name) {
    return {{"task", "interactive"},
            {"arch", "unet-resnet34"},
            {"data", {"generated"}},
            {"classes", {"disc"}},
            {"epochs", epochs},
            {"batch_size", 8},
            {"image_size", 32},
            {"val_fraction", 0.25},
            {"device", "cpu"},
            {"seed", 1},
            {"preprocessing", {{"mean", 0.0}, {"std", 100.0}}},
            {"output", testing::TempDir() + name},
            {"checkpoint_dir", testing::TempDir() + name + ".run"}};
}

}  // namespace

TEST(ClickSimulation, DistanceTransformIsExact) {
    std::mt19937 rng(3);
    torch::Tensor m = torch::zeros({23, 31}, torch::kBool);
    for (int i = 0; i < 300; ++i) m[int64_t(rng() % 23)][int64_t(rng() % 31)] = true;
    m.slice(0, 5, 15).slice(1, 4, 20).fill_(true);
    const torch::Tensor d = ClickSimulation::distanceInside(m);
    // Brute force: the nearest outside pixel, the frame around the image included.
    for (int y = 0; y < 23; ++y)
        for (int x = 0; x < 31; ++x) {
            double best = 1e9;
            for (int v = -1; v <= 23; ++v)
                for (int u = -1; u <= 31; ++u) {
                    const bool outside =
                        v < 0 || v >= 23 || u < 0 || u >= 31 || !m[v][u].item<bool>();
                    if (outside) best = std::min(best, std::hypot(double(u - x), double(v - y)));
                }
            const double expect = m[y][x].item<bool>() ? best : 0.0;
            ASSERT_NEAR(d[y][x].item<float>(), expect, 1e-4) << x << "," << y;
        }
}

TEST(ClickSimulation, ClicksGoToTheDeepestPixelOfTheLargerError) {
    const torch::Tensor object = disc(64, 64, 30, 30, 12);
    const auto first = ClickSimulation::firstClick(object);
    ASSERT_TRUE(first);
    EXPECT_TRUE(first->positive);
    EXPECT_NEAR(first->x, 30, 1);
    EXPECT_NEAR(first->y, 30, 1);
    // Missed half on the right (deep) vs a thin extra strip: positive, on the right.
    torch::Tensor predicted = object.clone();
    predicted.slice(1, 31).fill_(false);
    predicted.slice(0, 0, 2).slice(1, 0, 10).fill_(true);
    auto c = ClickSimulation::nextClick(predicted, object);
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->positive);
    EXPECT_GT(c->x, 31);
    EXPECT_TRUE(object[int64_t(c->y)][int64_t(c->x)].item<bool>());
    // A large extra blob: negative, inside the blob.
    predicted = object | disc(64, 64, 55, 55, 7);
    c = ClickSimulation::nextClick(predicted, object);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->positive);
    EXPECT_NEAR(c->x, 55, 1.5);
    EXPECT_NEAR(c->y, 55, 1.5);
    EXPECT_FALSE(ClickSimulation::nextClick(object, object));
    // Random first clicks stay at least half as deep as the deepest pixel.
    std::mt19937_64 rng(1);
    const torch::Tensor depth = ClickSimulation::distanceInside(object);
    for (int i = 0; i < 20; ++i) {
        const Click r = *ClickSimulation::firstClick(object, &rng);
        EXPECT_GE(depth[int64_t(r.y)][int64_t(r.x)].item<float>(),
                  0.5f * depth.max().item<float>());
    }
}

TEST(ClickSimulation, ComponentsAndWhatAClickKeeps) {
    const torch::Tensor two = disc(40, 40, 10, 10, 4) | disc(40, 40, 30, 30, 6);
    const auto [labels, count] = ClickSimulation::components(two);
    EXPECT_EQ(count, 2);
    EXPECT_EQ(ClickSimulation::largestComponent(two).sum().item<int64_t>(),
              disc(40, 40, 30, 30, 6).sum().item<int64_t>());
    const torch::Tensor kept = ClickSimulation::componentsAt(two, {{10, 10, true}});
    EXPECT_TRUE(torch::equal(kept, disc(40, 40, 10, 10, 4)));
    EXPECT_FALSE(ClickSimulation::componentsAt(two, {{10, 10, false}}).any().item<bool>());
    EXPECT_TRUE(torch::equal(ClickSimulation::componentsAt(two, {}, disc(40, 40, 30, 30, 1)),
                             disc(40, 40, 30, 30, 6)));
    EXPECT_DOUBLE_EQ(ClickSimulation::dice(two, two), 1.0);
    EXPECT_DOUBLE_EQ(ClickSimulation::iou(two, torch::zeros_like(two)), 0.0);
}

TEST(ClickSegmenter, CropResampleAndPasteRoundTrip) {
    // A crop of the whole image at its own size is the identity, both ways.
    const torch::Tensor image = torch::rand({48, 48});
    const CropBox whole{-0.5, -0.5, 48};
    EXPECT_TRUE(
        torch::allclose(ClickSegmenter::resample(image, whole, 48, false), image, 1e-5, 1e-5));
    const torch::Tensor mask = disc(48, 48, 20, 25, 9);
    EXPECT_TRUE(torch::equal(
        ClickSegmenter::paste(ClickSegmenter::resample(mask, whole, 48, true), whole, 48, 48),
        mask));
    // A crop around an object, scaled to 96 and back, keeps it (Dice near 1).
    const CropBox crop = ClickSegmenter::cropAround(11, 16, 29, 34, 200, 160);
    EXPECT_GE(crop.side, ClickSegmenter::minimumSide(200, 160));
    EXPECT_DOUBLE_EQ(ClickSegmenter::minimumSide(512, 512), 64);
    const torch::Tensor big = disc(200, 160, 20, 25, 9);
    const torch::Tensor back =
        ClickSegmenter::paste(ClickSegmenter::resample(big, crop, 96, false), crop, 200, 160);
    EXPECT_GT(ClickSimulation::dice(back, big), 0.97);
    // A click maps to where the object is in the crop.
    const Click c = ClickSegmenter::toCrop({20, 25, true}, crop, 96);
    const torch::Tensor inCrop = ClickSegmenter::resample(big, crop, 96, true);
    EXPECT_TRUE(inCrop[int64_t(std::lround(c.y))][int64_t(std::lround(c.x))].item<float>() > 0);
    // Guidance: a disc per click, positive in channel 0, negative in 1.
    const torch::Tensor g = ClickSegmenter::guidance({{10, 10, true}, {50, 40, false}}, 80);
    EXPECT_EQ(g[0][10][10].item<float>(), 1.0f);
    EXPECT_EQ(g[1][40][50].item<float>(), 1.0f);
    EXPECT_EQ(g[0][40][50].item<float>(), 0.0f);
    const double r = std::max(2.0, 80 / 40.0);
    EXPECT_NEAR(g[0].sum().item<float>(), M_PI * r * r, 2 * M_PI * r + 2);
}

TEST(ClickSegmenter, SegmentKeepsOnlyClickedPartsAndNeedsAPositiveClick) {
    torch::manual_seed(0);
    auto net = createNetwork(Architecture::UNetResNet34, 1, ClickSegmenter::kInputChannels);
    net->eval();
    ClickSegmenter seg(net, 32, torch::kCPU);
    EXPECT_THROW(seg.segment({{5, 5, true}}), std::invalid_argument);
    seg.setSlice(torch::rand({64, 64}));
    EXPECT_FALSE(seg.segment({{5, 5, false}}).any().item<bool>());
    const torch::Tensor out = seg.segment({{30, 30, true}});
    EXPECT_EQ(out.sizes(), (std::vector<int64_t>{64, 64}));
    // Whatever the untrained network says, every kept part holds the click.
    const auto [labels, count] = ClickSimulation::components(out);
    EXPECT_LE(count, 1);
    if (count == 1) {
        EXPECT_TRUE(out[30][30].item<bool>());
    }
    EXPECT_GE(seg.lastPasses(), 1);
    EXPECT_LE(seg.lastPasses(), 2);
    EXPECT_THROW(seg.segment({{30, 30, true}}, torch::zeros({10, 10})), std::invalid_argument);
}

TEST(ClickSegmenter, ANegativeClickIsBackgroundWhateverTheNetworkSays) {
    // A network that calls everything object: weights zero, the last bias large.
    auto net = createNetwork(Architecture::UNetResNet34, 1, ClickSegmenter::kInputChannels);
    {
        torch::NoGradGuard g;
        auto params = net->named_parameters();
        for (auto& p : params) p.value().zero_();
        params[params.size() - 1].value().fill_(50.0f);
    }
    net->eval();
    ClickSegmenter seg(net, 32, torch::kCPU);
    seg.setSlice(torch::rand({64, 64}));
    const torch::Tensor all = seg.segment({{30, 30, true}});
    ASSERT_TRUE(all[30][30].item<bool>());
    ASSERT_TRUE(all[33][34].item<bool>());
    const torch::Tensor out = seg.segment({{30, 30, true}, {34, 33, false}}, all);
    EXPECT_FALSE(out[33][34].item<bool>());
    // Everything else the first answer held is still there (the crop around
    // the clicks and the previous mask may add more).
    EXPECT_EQ((all & out.logical_not()).sum().item<int64_t>(), 1);
    // Outside the image a negative click changes nothing.
    EXPECT_TRUE(seg.segment({{30, 30, true}, {-3, 70, false}}).equal(all));
}

TEST(InteractiveBatches, TargetsClicksAndPreviousMasks) {
    const torch::Tensor image = torch::rand({1, 90, 120});
    torch::Tensor mask = torch::zeros({90, 120}, torch::kInt64);
    mask.masked_fill_(disc(90, 120, 40, 50, 10), 2);
    mask.masked_fill_(disc(90, 120, 95, 20, 6), 1);
    std::vector<InteractiveBatch> parts;
    for (int i = 0; i < 40; ++i) {
        std::mt19937_64 rng{std::uint64_t(i)};
        InteractiveBatch b = InteractiveBatches::makeOne(image, mask, 48, true, rng);
        ASSERT_EQ(b.images.sizes(), (std::vector<int64_t>{1, 1, 48, 48}));
        ASSERT_EQ(b.targets.sizes(), (std::vector<int64_t>{1, 48, 48}));
        ASSERT_FALSE(b.clicks[0].empty());
        // The first click is positive and inside the target; negatives outside.
        const Click& first = b.clicks[0][0];
        EXPECT_TRUE(first.positive);
        EXPECT_EQ(b.targets[0][int64_t(first.y)][int64_t(first.x)].item<int64_t>(), 1);
        for (std::size_t k = 1; k < b.clicks[0].size(); ++k) {
            EXPECT_FALSE(b.clicks[0][k].positive);
            EXPECT_EQ(
                b.targets[0][int64_t(b.clicks[0][k].y)][int64_t(b.clicks[0][k].x)].item<int64_t>(),
                0);
        }
        parts.push_back(std::move(b));
    }
    // Same seed, same sample.
    std::mt19937_64 a(7), b(7);
    EXPECT_TRUE(torch::equal(InteractiveBatches::makeOne(image, mask, 48, true, a).inputs(),
                             InteractiveBatches::makeOne(image, mask, 48, true, b).inputs()));
    InteractiveBatch batch = InteractiveBatches::collate(parts);
    EXPECT_EQ(batch.inputs().sizes(), (std::vector<int64_t>{40, 4, 48, 48}));
    // Some samples start from a previous mask, most do not.
    const int64_t withPrevious = batch.previous.flatten(1).any(1).sum().item<int64_t>();
    EXPECT_GT(withPrevious, 2);
    EXPECT_LT(withPrevious, 30);
    // A round of the simulated annotator on an empty prediction adds a
    // positive click to each sample and clears the previous masks.
    const std::size_t before = batch.clicks[0].size();
    batch.addErrorClicks(torch::zeros({40, 48, 48}, torch::kBool));
    EXPECT_EQ(batch.clicks[0].size(), before + 1);
    EXPECT_TRUE(batch.clicks[0].back().positive);
    EXPECT_FALSE(batch.previous.any().item<bool>());
    EXPECT_THROW(
        {
            std::mt19937_64 r(1);
            InteractiveBatches::makeOne(image, torch::zeros({90, 120}, torch::kInt64), 48, true, r);
        },
        std::invalid_argument);
}

TEST(ClickEvaluation, BrushCurveAndSummary) {
    const torch::Tensor object = disc(64, 64, 32, 32, 15);
    // A 3-pixel brush needs many strokes; an unlimited one fills the inscribed disc at once.
    const std::vector<double> small = ClickEvaluation::brushCurve(object, 10, 3);
    const std::vector<double> large = ClickEvaluation::brushCurve(object, 10, 100);
    ASSERT_EQ(small.size(), 10u);
    EXPECT_LT(small[0], 0.2);
    EXPECT_GT(large[0], 0.95);
    for (std::size_t k = 1; k < small.size(); ++k) EXPECT_GE(small[k], small[k - 1] - 1e-9);
    const nlohmann::json s = ClickEvaluation::summarize({{0.5, 0.86, 0.95}, {0.91, 0.92, 0.93}});
    EXPECT_DOUBLE_EQ(s["noc85"].get<double>(), 1.5);  // 2 and 1 clicks
    EXPECT_DOUBLE_EQ(s["noc90"].get<double>(), 2.0);  // 3 and 1
    EXPECT_EQ(s["failures90"].get<int>(), 0);
    EXPECT_DOUBLE_EQ(s["dice_at"]["1"].get<double>(), 0.705);
    const nlohmann::json f = ClickEvaluation::summarize({{0.1, 0.2, 0.3}});
    EXPECT_DOUBLE_EQ(f["noc85"].get<double>(), 3.0);  // never reached: the maximum
    EXPECT_EQ(f["failures85"].get<int>(), 1);
}

TEST(Interactive, WeightsConfigAndManifest) {
    // A one-channel segmenter's first convolution goes into the image channel.
    torch::manual_seed(2);
    auto one = createNetwork(Architecture::UNetResNet34, 3, 1);
    auto four = createNetwork(Architecture::UNetResNet34, 1, 4);
    const LoadReport report = WeightLoader::loadPartial(*four, WeightLoader::stateDict(*one));
    EXPECT_EQ(report.adapted.size(), 1u);
    torch::Tensor w1, w4;
    for (auto& [n, t] : WeightLoader::stateDict(*one))
        if (n == "encoder.conv1.weight") w1 = t;
    for (auto& [n, t] : WeightLoader::stateDict(*four))
        if (n == "encoder.conv1.weight") w4 = t;
    ASSERT_TRUE(w1.defined() && w4.defined());
    EXPECT_TRUE(torch::equal(w4.slice(1, 0, 1), w1));
    EXPECT_EQ(w4.slice(1, 1).abs().sum().item<float>(), 0.0f);

    nlohmann::json j = {{"task", "interactive"}, {"arch", "unet-resnet34"},
                        {"data", {"x"}},         {"classes", {"nodule", "mass"}},
                        {"epochs", 1},           {"batch_size", 2},
                        {"image_size", 32},      {"output", "o"}};
    const TrainingConfig c = TrainingConfig::fromJson(j);
    EXPECT_TRUE(c.usesMasks());
    EXPECT_EQ(c.effectiveBestMetric(), "iou");
    EXPECT_EQ(Trainer::outputChannels(c), 1);
    j["arch"] = "resnet18";
    EXPECT_THROW(TrainingConfig::fromJson(j), std::invalid_argument);
    j["arch"] = "unet-resnet34";
    j["mode"] = "multiclass";
    EXPECT_THROW(TrainingConfig::fromJson(j), std::invalid_argument);

    Manifest m;
    m.name = "clicks";
    m.architecture = Architecture::UNetResNet34;
    m.interactive = true;
    m.inputChannels = 4;
    m.classes = {{"object", "#ff0000", 0.5, {}}};
    m.weightsSha256 = "0";
    const Manifest back = Manifest::fromJson(m.toJson(), "test");
    EXPECT_TRUE(back.interactive);
    EXPECT_EQ(back.task(), "interactive");
    nlohmann::json bad = m.toJson();
    bad["input"]["channels"] = 1;
    EXPECT_THROW(Manifest::fromJson(bad, "test"), BundleError);
}

TEST(Interactive, TrainerLearnsFromClicksEndToEnd) {
    // Bright discs on noise: a few epochs of interactive training, then the
    // click curve on a held-out image beats the untrained start.
    std::mt19937 rng(5);
    std::vector<TrainingSample> samples;
    for (int i = 0; i < 24; ++i) {
        TrainingSample s;
        const double cx = 14 + rng() % 36, cy = 14 + rng() % 36, r = 5 + rng() % 6;
        const torch::Tensor m = disc(64, 64, cx, cy, r);
        s.image = (torch::rand({1, 64, 64}) * 40 + m.to(torch::kFloat32) * 200);
        s.mask = m.to(torch::kInt64);
        s.labels = torch::ones({1});
        s.patientId = "P" + std::to_string(i);
        s.modality = "OT";
        s.source = "disc " + std::to_string(i);
        samples.push_back(s);
    }
    const nlohmann::json j = discConfig(4, "interactive-e2e");
    const TrainingConfig c = TrainingConfig::fromJson(j);
    Trainer trainer(c);
    std::vector<nlohmann::json> epochs;
    trainer.setCallback([&](const nlohmann::json& e) {
        if (e["event"] == "epoch") epochs.push_back(e);
    });
    const TrainingResult result = trainer.run(samples);
    ASSERT_EQ(epochs.size(), 4u);
    EXPECT_TRUE(epochs.back()["metrics"].contains("noc85"));
    EXPECT_GT(result.metrics["iou"].get<double>(), 0.6) << result.metrics.dump();
}

TEST(Interactive, TrainerTakesStreamedSamplesAndLeavesOutThoseWithoutAnObject) {
    // Streamed entries (no pixels; some know their mask's pixel counts, some
    // do not): those without an object are left out before training, and the
    // rest are decoded as batches need them.
    std::mt19937 rng(7);
    std::vector<TrainingSample> held, entries;
    for (int i = 0; i < 20; ++i) {
        TrainingSample s;
        const bool empty = i % 5 == 4;  // 4 images without an object
        const torch::Tensor m = empty
                                    ? torch::zeros({64, 64}, torch::kBool)
                                    : disc(64, 64, 14 + rng() % 36, 14 + rng() % 36, 5 + rng() % 6);
        s.image = torch::rand({1, 64, 64}) * 40 + m.to(torch::kFloat32) * 200;
        s.mask = m.to(torch::kInt64);
        s.labels = torch::full({1}, empty ? 0.0 : 1.0);
        s.patientId = "P" + std::to_string(i);
        s.modality = "OT";
        s.source = "disc " + std::to_string(i);
        held.push_back(s);
        TrainingSample e = s;
        e.image = e.mask = torch::Tensor();
        if (i % 2 == 0) {
            const double object = double(m.sum().item<int64_t>());
            e.maskCounts = {64.0 * 64 - object, object};
        }
        entries.push_back(e);
    }
    std::atomic<int> decoded{0};
    const TrainingSamples streamed(entries, [&](std::size_t i) {
        ++decoded;
        return held.at(i);
    });
    const nlohmann::json j = discConfig(1, "interactive-streamed");
    Trainer trainer(TrainingConfig::fromJson(j));
    nlohmann::json split;
    int epochs = 0;
    trainer.setCallback([&](const nlohmann::json& e) {
        if (e.contains("split")) split = e["split"];
        if (e["event"] == "epoch") ++epochs;
    });
    const TrainingResult result = trainer.run(streamed);
    EXPECT_EQ(epochs, 1);
    ASSERT_TRUE(split.is_object());
    EXPECT_EQ(split["train"].get<int>() + split["val"].get<int>(), 16) << split.dump();
    EXPECT_GE(decoded.load(), 16);
    EXPECT_TRUE(result.metrics.contains("noc85")) << result.metrics.dump();
}
