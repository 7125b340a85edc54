// The Trainer's pieces on known inputs: metrics, split, schedule, augmentation, losses.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <random>
#include <set>
#include <sstream>

#include "ai/Augmentation.h"
#include "ai/DataSplit.h"
#include "ai/FusedAdam.h"
#include "ai/Losses.h"
#include "ai/Metrics.h"
#include "ai/SegmentationSlices.h"
#include "ai/TrainingConfig.h"

using namespace radlens::ai;
using json = nlohmann::json;

namespace {

json baseConfig() {
    return {{"task", "classify"},    {"arch", "resnet18"}, {"data", {"x"}},
            {"classes", {"a", "b"}}, {"epochs", 30},       {"output", "/tmp/o"}};
}

}  // namespace

TEST(Metrics, AurocOfKnownRankings) {
    // Perfect, reversed and one swapped pair out of 2 x 2.
    EXPECT_DOUBLE_EQ(auroc(torch::tensor({0.1, 0.2, 0.8, 0.9}), torch::tensor({0, 0, 1, 1})), 1.0);
    EXPECT_DOUBLE_EQ(auroc(torch::tensor({0.9, 0.8, 0.2, 0.1}), torch::tensor({0, 0, 1, 1})), 0.0);
    EXPECT_DOUBLE_EQ(auroc(torch::tensor({0.1, 0.6, 0.5, 0.9}), torch::tensor({0, 0, 1, 1})), 0.75);
    // Ties count half.
    EXPECT_DOUBLE_EQ(auroc(torch::tensor({0.5, 0.5}), torch::tensor({0, 1})), 0.5);
    EXPECT_TRUE(std::isnan(auroc(torch::tensor({0.5, 0.7}), torch::tensor({1, 1}))));
    // Columns of a matrix (strided views), as the per-class metrics pass them.
    torch::Tensor scores = torch::tensor({{0.1, 0.0}, {0.2, 0.0}, {0.8, 0.0}, {0.9, 0.0}});
    torch::Tensor labels = torch::tensor({{0.0, 1.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 0.0}});
    EXPECT_DOUBLE_EQ(auroc(scores.select(1, 0), labels.select(1, 0)), 1.0);
}

TEST(Metrics, ClassificationCountsAndMeans) {
    // Class a: TP 1, FP 1, FN 1, TN 1. Class b: all right.
    torch::Tensor p = torch::tensor({{0.9, 0.9}, {0.8, 0.1}, {0.2, 0.8}, {0.1, 0.2}});
    torch::Tensor t = torch::tensor({{1.0, 1.0}, {0.0, 0.0}, {1.0, 1.0}, {0.0, 0.0}});
    json m = classificationMetrics(p, t, {"a", "b"}, {0.5, 0.5}, true);
    EXPECT_DOUBLE_EQ(m["per_class"]["a"]["precision"].get<double>(), 0.5);
    EXPECT_DOUBLE_EQ(m["per_class"]["a"]["iou"].get<double>(), 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(m["per_class"]["b"]["f1"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(m["f1"].get<double>(), 0.75);
    EXPECT_DOUBLE_EQ(m["accuracy"].get<double>(), 0.75);
    EXPECT_EQ(m["confusion"][0], json({{1.0, 1.0}, {1.0, 1.0}}));
    // Multi-class: top-1 accuracy and a C x C matrix, rows true.
    json mc = classificationMetrics(torch::tensor({{0.7, 0.3}, {0.6, 0.4}, {0.2, 0.8}}),
                                    torch::tensor({{1.0, 0.0}, {0.0, 1.0}, {0.0, 1.0}}), {"a", "b"},
                                    {0.5, 0.5}, false);
    EXPECT_NEAR(mc["accuracy"].get<double>(), 2.0 / 3.0, 1e-12);
    EXPECT_EQ(mc["confusion"], json({{1, 0}, {1, 1}}));
}

TEST(Metrics, SegmentationIouOverTheSplit) {
    SegmentationMetrics s({"lesion"});
    torch::Tensor truth = torch::zeros({1, 4, 4}, torch::kInt64);
    truth.index_put_({0, torch::indexing::Slice(0, 2), torch::indexing::Slice(0, 2)}, 1);  // 4 px
    torch::Tensor pred = torch::zeros({1, 4, 4}, torch::kInt64);
    pred.index_put_({0, torch::indexing::Slice(0, 2), torch::indexing::Slice(0, 3)}, 1);  // 6 px
    s.add(pred, truth);
    s.add(truth, truth);  // a second, perfect batch: 8 / 10 overall
    json j = s.json();
    EXPECT_DOUBLE_EQ(j["iou"].get<double>(), 8.0 / 10.0);
    EXPECT_DOUBLE_EQ(j["dice"].get<double>(), 16.0 / 18.0);
}

TEST(DataSplit, NoPatientOnBothSidesAndStratified) {
    std::vector<TrainingSample> samples;
    for (int p = 0; p < 50; ++p)
        for (int k = 0; k < 3; ++k) {
            TrainingSample s;
            s.patientId = "P" + std::to_string(p);
            s.labels = torch::tensor({p % 5 == 0 ? 1.0f : 0.0f});
            samples.push_back(s);
        }
    DataSplit d = DataSplit::byPatient(samples, 0.2, 7);
    std::set<std::string> train, val;
    int valPositive = 0;
    for (int i : d.train) train.insert(samples[std::size_t(i)].patientId);
    for (int i : d.validation) {
        val.insert(samples[std::size_t(i)].patientId);
        valPositive += samples[std::size_t(i)].labels[0].item<float>() > 0.5f;
    }
    for (const std::string& p : val) EXPECT_FALSE(train.count(p)) << p;
    EXPECT_EQ(val.size(), 10u);     // 20 % of 50 patients
    EXPECT_EQ(valPositive, 2 * 3);  // 20 % of the 10 positive patients, 3 samples each
    EXPECT_EQ(d.train.size() + d.validation.size(), samples.size());
    // Same seed, same split; another seed, another one.
    EXPECT_EQ(DataSplit::byPatient(samples, 0.2, 7).validation, d.validation);
    EXPECT_NE(DataSplit::byPatient(samples, 0.2, 8).validation, d.validation);
}

TEST(DataSplit, EveryPatientAloneInItsStratumStillLeavesTraining) {
    // Two patients with different labels: rounding 0.5 per stratum of one
    // would send both to validation.
    std::vector<TrainingSample> samples(2);
    samples[0].patientId = "A";
    samples[0].labels = torch::tensor({1.0f, 0.0f});
    samples[1].patientId = "B";
    samples[1].labels = torch::tensor({0.0f, 1.0f});
    const DataSplit d = DataSplit::byPatient(samples, 0.5, 1);
    EXPECT_EQ(d.train.size(), 1u);
    EXPECT_EQ(d.validation.size(), 1u);
}

TEST(DataSplit, TheOfficialTestListIsNeverTrainedOrValidatedOn) {
    // 40 patients, 2 images each; patients 0..7 are on the test list (one of
    // P3's images only: its other image goes to test too, never to training).
    std::vector<TrainingSample> samples;
    for (int p = 0; p < 40; ++p)
        for (int k = 0; k < 2; ++k) {
            TrainingSample s;
            s.patientId = "P" + std::to_string(p);
            s.labels = torch::tensor({p % 4 == 0 ? 1.0f : 0.0f});
            s.testSet = p < 8 && !(p == 3 && k == 1);
            samples.push_back(s);
        }
    // A test_fraction is ignored when the data has its own test list.
    const DataSplit d = DataSplit::byPatient(samples, 0.25, 3, 0.3);
    std::set<std::string> train, val, test;
    for (int i : d.train) train.insert(samples[std::size_t(i)].patientId);
    for (int i : d.validation) val.insert(samples[std::size_t(i)].patientId);
    for (int i : d.test) test.insert(samples[std::size_t(i)].patientId);
    EXPECT_EQ(test.size(), 8u);
    EXPECT_EQ(d.test.size(), 16u);
    for (const std::string& p : test) {
        EXPECT_FALSE(train.count(p)) << p;
        EXPECT_FALSE(val.count(p)) << p;
    }
    for (const std::string& p : val) EXPECT_FALSE(train.count(p)) << p;
    EXPECT_EQ(val.size(), 8u);  // 25 % of the 32 others
    EXPECT_EQ(d.train.size() + d.validation.size() + d.test.size(), samples.size());
    const nlohmann::json n = d.counts(samples);
    EXPECT_EQ(n["test"], 16);
    EXPECT_EQ(n["test_patients"], 8);
    EXPECT_EQ(n["val_patients"], 8);
    EXPECT_EQ(n["train"], 48);
    EXPECT_EQ(d.json(samples)["test_patients"].size(), 8u);
}

TEST(DataSplit, TestFractionHoldsOutPatientsStratifiedAndLeavesValidationAsBefore) {
    std::vector<TrainingSample> samples;
    for (int p = 0; p < 50; ++p) {
        TrainingSample s;
        s.patientId = "P" + std::to_string(p);
        s.labels = torch::tensor({p % 5 == 0 ? 1.0f : 0.0f});
        samples.push_back(s);
    }
    const DataSplit none = DataSplit::byPatient(samples, 0.2, 7);
    EXPECT_TRUE(none.test.empty());
    EXPECT_EQ(DataSplit::byPatient(samples, 0.2, 7, 0.0).validation, none.validation);
    const DataSplit d = DataSplit::byPatient(samples, 0.2, 7, 0.2);
    int testPositive = 0;
    for (int i : d.test) testPositive += samples[std::size_t(i)].labels[0].item<float>() > 0.5f;
    EXPECT_EQ(d.test.size(), 10u);
    EXPECT_EQ(testPositive, 2);          // 20 % of the 10 positive patients
    EXPECT_EQ(d.validation.size(), 8u);  // 20 % of the other 40
    std::set<int> all(d.train.begin(), d.train.end());
    for (int i : d.validation) EXPECT_TRUE(all.insert(i).second);
    for (int i : d.test) EXPECT_TRUE(all.insert(i).second);
    EXPECT_EQ(all.size(), samples.size());
}

TEST(TrainingConfig, DefaultsOfTheReferenceWork) {
    TrainingConfig c = TrainingConfig::fromJson(baseConfig());
    EXPECT_DOUBLE_EQ(c.lr, 1e-3);
    EXPECT_TRUE(c.amsgrad);
    EXPECT_EQ(c.freezeEpochs, 10);
    EXPECT_EQ(c.effectiveBestMetric(), "f1");
    EXPECT_EQ(c.effectiveLoss(), "bce");
    // Progressive: half size for the first 10 epochs.
    EXPECT_EQ(c.sizeForEpoch(0), 128);
    EXPECT_EQ(c.sizeForEpoch(9), 128);
    EXPECT_EQ(c.sizeForEpoch(10), 256);
    // The step schedule halves every 5 epochs and never reaches zero.
    EXPECT_DOUBLE_EQ(c.lrForEpoch(4), 1e-3);
    EXPECT_DOUBLE_EQ(c.lrForEpoch(5), 5e-4);
    for (int e = 0; e < 200; ++e) EXPECT_GT(c.lrForEpoch(e), 0.0);
    EXPECT_EQ(c.augment.rotateLimitDeg, 360);
    EXPECT_EQ(c.augment.cropMin, 0.75);
}

TEST(TrainingConfig, ErrorsNameTheKey) {
    auto expectError = [](json j, const std::string& key) {
        try {
            TrainingConfig::fromJson(j);
            ADD_FAILURE() << "accepted " << j.dump();
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
        }
    };
    json j = baseConfig();
    j["arch"] = "vgg";
    expectError(j, "arch");
    j = baseConfig();
    j["task"] = "segment";
    expectError(j, "arch");  // resnet18 is no segmenter
    j = baseConfig();
    j["image_size"] = 100;
    expectError(j, "image_size");
    j = baseConfig();
    j["classes"] = {"a", "a"};
    expectError(j, "classes");
    j = baseConfig();
    j["epochz"] = 3;
    expectError(j, "epochz");
    j = baseConfig();
    j["progressive"] = {{5, 64}, {2, 128}};
    expectError(j, "progressive");
    j = baseConfig();
    j["pos_weight"] = "sqrt";
    expectError(j, "pos_weight");
    j["pos_weight"] = "none";
    EXPECT_EQ(TrainingConfig::fromJson(j).posWeight, "none");
    EXPECT_EQ(TrainingConfig::fromJson(baseConfig()).posWeight, "auto");
}

TEST(SegmentationSlices, LesionSlicesAndAsManyWithoutEvenlySpread) {
    std::vector<bool> lesion(10, false);
    lesion[3] = lesion[4] = lesion[5] = true;
    EXPECT_EQ(segmentationSlices(lesion), (std::vector<int>{0, 2, 3, 4, 5, 7}));
    EXPECT_EQ(segmentationSlices(lesion, 2), (std::vector<int>{0, 2, 3, 4}));
    EXPECT_EQ(segmentationSlices(std::vector<bool>(5, false)), (std::vector<int>{0}));
}

TEST(FusedAdam, MatchesTorchAdamAndItsCheckpoints) {
    // Parameters of several shapes, one channels-last; the same gradients for
    // both optimisers, 6 steps; AMSGrad or not, with and without weight decay.
    for (const bool amsgrad : {true, false})
        for (const double decay : {0.0, 1e-2}) {
            torch::manual_seed(3);
            std::vector<torch::Tensor> a = {
                torch::randn({64, 32, 3, 3}).contiguous(torch::MemoryFormat::ChannelsLast),
                torch::randn({1000}), torch::randn({7, 5})};
            std::vector<torch::Tensor> b;
            for (torch::Tensor& t : a) {
                b.push_back(t.clone().set_requires_grad(true));  // clone keeps the layout
                t.set_requires_grad(true);
            }
            const auto options =
                torch::optim::AdamOptions(1e-2).amsgrad(amsgrad).weight_decay(decay);
            FusedAdam fused(a, options);
            torch::optim::Adam plain(b, options);
            for (int step = 0; step < 6; ++step) {
                for (std::size_t i = 0; i < a.size(); ++i) {
                    torch::Tensor g = torch::randn(a[i].sizes()) * (step + 1);
                    a[i].mutable_grad() = g.clone().contiguous(a[i].suggest_memory_format());
                    b[i].mutable_grad() = g.clone().contiguous(b[i].suggest_memory_format());
                }
                fused.step();
                plain.step();
            }
            for (std::size_t i = 0; i < a.size(); ++i)
                EXPECT_LT((a[i] - b[i]).abs().max().item<double>(), 1e-6)
                    << "parameter " << i << " amsgrad " << amsgrad << " decay " << decay;
            // Same state, so checkpoints load either way round.
            std::stringstream saved;
            torch::serialize::OutputArchive out;
            fused.save(out);
            out.save_to(saved);
            torch::serialize::InputArchive in;
            in.load_from(saved);
            torch::optim::Adam reloaded(b, options);
            reloaded.load(in);
            ASSERT_EQ(reloaded.state().size(), fused.state().size());
            for (const auto& [key, st] : plain.state()) {
                const auto& s1 = static_cast<const torch::optim::AdamParamState&>(*st);
                const auto& s2 =
                    static_cast<const torch::optim::AdamParamState&>(*reloaded.state().at(key));
                EXPECT_EQ(s1.step(), s2.step());
                EXPECT_LT((s1.exp_avg_sq() - s2.exp_avg_sq()).abs().max().item<double>(), 1e-6);
            }
        }
}

TEST(Augmentation, MasksFollowTheirImages) {
    // An image whose values are its mask's labels: after any augmentation the
    // nearest-neighbour mask and the bilinear image agree away from edges.
    torch::Tensor mask = torch::zeros({64, 64}, torch::kInt64);
    mask.index_put_({torch::indexing::Slice(10, 40), torch::indexing::Slice(20, 50)}, 1);
    torch::Tensor image = mask.to(torch::kFloat32).unsqueeze(0);
    AugmentConfig cfg;
    Augmentation aug(cfg);
    std::mt19937_64 rng(3);
    for (int i = 0; i < 20; ++i) {
        Batch b = aug.trainBatch({image}, {mask}, 48, rng);
        ASSERT_EQ(b.images.sizes(), (std::vector<int64_t>{1, 1, 48, 48}));
        ASSERT_EQ(b.masks.sizes(), (std::vector<int64_t>{1, 48, 48}));
        torch::Tensor img = b.images[0][0];
        torch::Tensor clear = (img < 0.05) | (img > 0.95);  // not on an edge
        torch::Tensor agree = (img.round().to(torch::kInt64) == b.masks[0]) | ~clear;
        EXPECT_TRUE(agree.all().item<bool>()) << "draw " << i;
        EXPECT_GT(b.masks.sum().item<int64_t>(), 0);
    }
    // The same generator state gives the same batch (reproducible runs).
    std::mt19937_64 a(9), c(9);
    EXPECT_TRUE(torch::equal(aug.trainBatch({image}, {mask}, 48, a).images,
                             aug.trainBatch({image}, {mask}, 48, c).images));
}

TEST(Losses, DiceIsZeroForAPerfectPredictionAndBceMatchesTorch) {
    torch::Tensor t = torch::zeros({1, 8, 8}, torch::kInt64);
    t.index_put_({0, torch::indexing::Slice(2, 6), torch::indexing::Slice(2, 6)}, 1);
    torch::Tensor perfect = (labelMapToChannels(t, 1) * 40 - 20);  // logits +-20
    EXPECT_LT(trainingLoss("dice", "multilabel", perfect, t).item<double>(), 1e-6);
    torch::Tensor logits = torch::randn({3, 4});
    torch::Tensor y = torch::tensor({{1., 0., 0., 1.}, {0., 0., 1., 1.}, {1., 1., 0., 0.}});
    EXPECT_NEAR(trainingLoss("bce", "multilabel", logits, y).item<double>(),
                torch::binary_cross_entropy_with_logits(logits, y).item<double>(), 1e-7);
    EXPECT_THROW(trainingLoss("ce", "multilabel", logits, y), std::invalid_argument);
}
