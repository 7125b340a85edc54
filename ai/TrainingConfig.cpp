#include "ai/TrainingConfig.h"

#include <cmath>
#include <filesystem>
#include <set>
#include <stdexcept>

namespace radlens::ai {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

[[noreturn]] void bad(const std::string& key, const std::string& why) {
    throw std::invalid_argument("config key \"" + key + "\": " + why);
}

int intIn(const json& j, const std::string& key, int def, int lo, int hi) {
    if (!j.contains(key) || j[key].is_null()) return def;
    if (!j[key].is_number_integer()) bad(key, "must be a whole number");
    const long long v = j[key].get<long long>();
    if (v < lo || v > hi)
        bad(key, "must be from " + std::to_string(lo) + " to " + std::to_string(hi));
    return int(v);
}

double numIn(const json& j, const std::string& key, double def, double lo, double hi) {
    if (!j.contains(key) || j[key].is_null()) return def;
    if (!j[key].is_number()) bad(key, "must be a number");
    const double v = j[key].get<double>();
    if (!(v >= lo && v <= hi))
        bad(key, "must be from " + std::to_string(lo) + " to " + std::to_string(hi));
    return v;
}

std::string strIn(const json& j, const std::string& key, const std::string& def) {
    if (!j.contains(key) || j[key].is_null()) return def;
    if (!j[key].is_string()) bad(key, "must be a string");
    return j[key].get<std::string>();
}

std::string resolve(const std::string& p, const std::string& baseDir) {
    if (p.empty() || baseDir.empty() || fs::path(p).is_absolute()) return p;
    return (fs::path(baseDir) / p).lexically_normal().string();
}

}  // namespace

TrainingConfig TrainingConfig::fromJson(const json& j, const std::string& baseDir) {
    if (!j.is_object()) throw std::invalid_argument("the config must be a JSON object");
    static const std::set<std::string> known{"task",
                                             "arch",
                                             "base",
                                             "data",
                                             "classes",
                                             "mode",
                                             "epochs",
                                             "batch_size",
                                             "image_size",
                                             "val_fraction",
                                             "test_fraction",
                                             "seed",
                                             "device",
                                             "output",
                                             "lr",
                                             "amsgrad",
                                             "lr_step_epochs",
                                             "lr_gamma",
                                             "freeze_epochs",
                                             "progressive",
                                             "augment",
                                             "best_metric",
                                             "f_beta",
                                             "loss",
                                             "loader_threads",
                                             "stream",
                                             "image_cache",
                                             "checkpoint_dir",
                                             "name",
                                             "version",
                                             "preprocessing",
                                             "slices_per_volume",
                                             "mask_channels",
                                             "comment",
                                             "freeze_batchnorm",
                                             "pos_weight",
                                             "operating_point",
                                             "ood_false_alarm_rate"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!known.count(it.key())) bad(it.key(), "unknown key (a typo?)");
    TrainingConfig c;
    c.source = j;
    c.task = strIn(j, "task", "");
    if (c.task != "classify" && c.task != "segment" && c.task != "interactive")
        bad("task", "must be classify, segment or interactive");
    const std::string arch = strIn(j, "arch", "");
    const auto a = architectureFromName(arch);
    if (!a)
        bad("arch", "unknown architecture \"" + arch + "\" (known: " + architectureNames() + ")");
    c.arch = *a;
    if (isSegmenter(c.arch) != c.usesMasks())
        bad("arch", arch + " is a " + (isSegmenter(c.arch) ? "segmenter" : "classifier") +
                        ", not for task " + c.task);
    if (j.contains("base") && !j["base"].is_null()) {
        c.base = strIn(j, "base", "");
        if (c.base.rfind("imagenet:", 0) == 0)
            c.base = "imagenet:" + resolve(c.base.substr(9), baseDir);
        else
            c.base = resolve(c.base, baseDir);
    }
    if (!j.contains("data") || !j["data"].is_array() || j["data"].empty())
        bad("data", "must be a non-empty list of paths");
    for (const json& d : j["data"]) {
        if (!d.is_string()) bad("data", "must hold paths (strings)");
        // "store" names the local annotation store, not a path.
        c.data.push_back(d.get<std::string>() == "store" ? std::string("store")
                                                         : resolve(d.get<std::string>(), baseDir));
    }
    if (!j.contains("classes") || !j["classes"].is_array() || j["classes"].empty())
        bad("classes", "must be a non-empty list of class names");
    std::set<std::string> seen;
    for (const json& d : j["classes"]) {
        if (!d.is_string() || d.get<std::string>().empty()) bad("classes", "must hold names");
        if (!seen.insert(d.get<std::string>()).second)
            bad("classes", "names a class twice: " + d.get<std::string>());
        c.classes.push_back(d.get<std::string>());
    }
    c.mode = strIn(j, "mode", "multilabel");
    if (c.mode != "multilabel" && c.mode != "multiclass")
        bad("mode", "must be multilabel or multiclass");
    if (c.mode == "multiclass" && c.classes.size() < 2)
        bad("classes", "multiclass needs at least two classes (a segmenter's first is background)");
    if (c.task == "interactive" && c.mode != "multilabel")
        bad("mode", "an interactive segmenter has one output (the clicked object): use multilabel");
    c.epochs = intIn(j, "epochs", 30, 1, 100000);
    c.batchSize = intIn(j, "batch_size", 8, 1, 4096);
    c.imageSize = intIn(j, "image_size", 256, 32, 4096);
    if (c.imageSize % 32 != 0) bad("image_size", "must be a multiple of 32");
    c.valFraction = numIn(j, "val_fraction", 0.2, 0.0, 0.9);
    c.testFraction = numIn(j, "test_fraction", 0.0, 0.0, 0.5);
    c.seed = std::uint64_t(intIn(j, "seed", 0, 0, 2147483647));
    c.device = strIn(j, "device", "auto");
    if (c.device != "auto" && c.device != "cpu" && c.device != "cuda")
        bad("device", "must be auto, cpu or cuda");
    c.output = resolve(strIn(j, "output", ""), baseDir);
    if (c.output.empty()) bad("output", "must name the bundle folder to write");
    c.lr = numIn(j, "lr", 1e-3, 1e-8, 10);
    if (j.contains("amsgrad")) {
        if (!j["amsgrad"].is_boolean()) bad("amsgrad", "must be true or false");
        c.amsgrad = j["amsgrad"].get<bool>();
    }
    c.lrStepEpochs = intIn(j, "lr_step_epochs", 5, 0, 100000);
    c.lrGamma = numIn(j, "lr_gamma", 0.5, 1e-6, 1.0);
    c.freezeEpochs = intIn(j, "freeze_epochs", 10, 0, 100000);
    if (j.contains("progressive") && !j["progressive"].is_null()) {
        if (!j["progressive"].is_array()) bad("progressive", "must be a list of [epoch, size]");
        int last = -1;
        for (const json& p : j["progressive"]) {
            if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() ||
                !p[1].is_number_integer())
                bad("progressive", "each entry must be [first_epoch, size]");
            const int e = p[0].get<int>(), s = p[1].get<int>();
            if (e <= last) bad("progressive", "epochs must ascend");
            if (s < 32 || s % 32 != 0) bad("progressive", "sizes must be multiples of 32");
            last = e;
            c.progressive.emplace_back(e, s);
        }
    } else if (c.epochs > 10 && c.imageSize / 2 >= 32 && (c.imageSize / 2) % 32 == 0) {
        c.progressive = {{0, c.imageSize / 2}, {10, c.imageSize}};
    }
    if (j.contains("augment")) {
        const json& g = j["augment"];
        if (g.is_boolean()) {
            c.augment.enabled = g.get<bool>();
        } else if (g.is_object()) {
            c.augment.rotateP = numIn(g, "rotate_p", 0.9, 0, 1);
            c.augment.rotateLimitDeg = numIn(g, "rotate_limit", 360, 0, 360);
            c.augment.flipP = numIn(g, "flip_p", 0.5, 0, 1);
            c.augment.cropMin = numIn(g, "crop_min", 0.75, 0.1, 1);
            c.augment.cropMax = numIn(g, "crop_max", 1.0, 0.1, 1);
            if (c.augment.cropMin > c.augment.cropMax) bad("augment", "crop_min > crop_max");
        } else {
            bad("augment", "must be an object or false");
        }
    }
    c.bestMetric = strIn(j, "best_metric", "");
    static const std::set<std::string> metrics{"f1",    "iou",       "dice",   "accuracy",
                                               "auroc", "precision", "recall", "loss"};
    if (!c.bestMetric.empty() && !metrics.count(c.bestMetric))
        bad("best_metric",
            "must be one of f1, iou, dice, accuracy, auroc, precision, recall, loss");
    c.fBeta = numIn(j, "f_beta", 1, 0.01, 100);
    c.loss = strIn(j, "loss", "");
    static const std::set<std::string> losses{"dice+bce", "dice+ce", "dice", "bce", "ce"};
    if (!c.loss.empty() && !losses.count(c.loss))
        bad("loss", "must be dice+bce, dice+ce, dice, bce or ce");
    c.loaderThreads = intIn(j, "loader_threads", 2, 1, 64);
    if (j.contains("stream") && !j["stream"].is_null()) {
        if (!j["stream"].is_boolean()) bad("stream", "must be true or false");
        c.stream = j["stream"].get<bool>();
    }
    if (j.contains("image_cache") && !j["image_cache"].is_null()) {
        const json& v = j["image_cache"];
        if (v.is_boolean()) {
            c.imageCache = v.get<bool>();
        } else if (v.is_string() && !v.get<std::string>().empty()) {
            c.imageCache = true;
            c.imageCacheDir = resolve(v.get<std::string>(), baseDir);
        } else {
            bad("image_cache", "must be true, false or a folder");
        }
    }
    c.checkpointDir = resolve(strIn(j, "checkpoint_dir", ""), baseDir);
    c.name = strIn(j, "name", "");
    c.version = strIn(j, "version", "");
    if (j.contains("preprocessing") && !j["preprocessing"].is_null()) {
        if (!j["preprocessing"].is_object()) bad("preprocessing", "must be an object");
        c.preprocessing = j["preprocessing"];
    }
    c.slicesPerVolume = intIn(j, "slices_per_volume", 0, 0, 100000);
    if (j.contains("mask_channels") && !j["mask_channels"].is_null()) {
        const json& m = j["mask_channels"];
        if (!m.is_array() || m.size() != c.classes.size())
            bad("mask_channels",
                "must list one channel index per class (" + std::to_string(c.classes.size()) + ")");
        for (const json& v : m) {
            if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 255)
                bad("mask_channels", "must hold channel indices 0..255");
            c.maskChannels.push_back(v.get<int>());
        }
    }
    if (j.contains("freeze_batchnorm")) {
        if (!j["freeze_batchnorm"].is_boolean()) bad("freeze_batchnorm", "must be true or false");
        c.freezeBatchNorm = j["freeze_batchnorm"].get<bool>();
    }
    c.posWeight = strIn(j, "pos_weight", "auto");
    if (c.posWeight != "auto" && c.posWeight != "none") bad("pos_weight", "must be auto or none");
    if (j.contains("operating_point")) {
        const json& op = j["operating_point"];
        if (!op.is_object() || !op.contains("target") || !op["target"].is_string())
            bad("operating_point",
                "must be {\"target\": \"f1\"|\"sensitivity\"|\"specificity\", \"value\": G}");
        c.operatingTarget = op["target"].get<std::string>();
        if (c.operatingTarget != "f1" && c.operatingTarget != "sensitivity" &&
            c.operatingTarget != "specificity")
            bad("operating_point", "target must be f1, sensitivity or specificity");
        if (c.operatingTarget != "f1") {
            if (!op.contains("value") || !op["value"].is_number())
                bad("operating_point", "a sensitivity or specificity target needs a value");
            c.operatingGoal = op["value"].get<double>();
            if (!(c.operatingGoal > 0 && c.operatingGoal <= 1))
                bad("operating_point", "value must be in (0, 1]");
        }
    }
    if (j.contains("ood_false_alarm_rate")) {
        if (!j["ood_false_alarm_rate"].is_number()) bad("ood_false_alarm_rate", "must be a number");
        c.oodFalseAlarmRate = j["ood_false_alarm_rate"].get<double>();
        if (!(c.oodFalseAlarmRate > 0 && c.oodFalseAlarmRate < 1))
            bad("ood_false_alarm_rate", "must be in (0, 1)");
    }
    return c;
}

json TrainingConfig::toJson() const {
    json p = json::array();
    for (const auto& [e, s] : progressive) p.push_back({e, s});
    return {{"task", task},
            {"arch", architectureName(arch)},
            {"base", base.empty() ? json(nullptr) : json(base)},
            {"data", data},
            {"classes", classes},
            {"mode", mode},
            {"epochs", epochs},
            {"batch_size", batchSize},
            {"image_size", imageSize},
            {"val_fraction", valFraction},
            {"test_fraction", testFraction},
            {"seed", seed},
            {"device", device},
            {"output", output},
            {"lr", lr},
            {"amsgrad", amsgrad},
            {"lr_step_epochs", lrStepEpochs},
            {"lr_gamma", lrGamma},
            {"freeze_epochs", freezeEpochs},
            {"progressive", p},
            {"augment", augment.enabled ? json{{"rotate_p", augment.rotateP},
                                               {"rotate_limit", augment.rotateLimitDeg},
                                               {"flip_p", augment.flipP},
                                               {"crop_min", augment.cropMin},
                                               {"crop_max", augment.cropMax}}
                                        : json(false)},
            {"best_metric", effectiveBestMetric()},
            {"f_beta", fBeta},
            {"loss", effectiveLoss()},
            {"loader_threads", loaderThreads},
            {"stream", stream},
            {"image_cache", !imageCache             ? json(false)
                            : imageCacheDir.empty() ? json(true)
                                                    : json(imageCacheDir)},
            {"slices_per_volume", slicesPerVolume},
            {"mask_channels", maskChannels.empty() ? json(nullptr) : json(maskChannels)},
            {"freeze_batchnorm", freezeBatchNorm},
            {"pos_weight", posWeight},
            {"operating_point", operatingTarget == "f1"
                                    ? json{{"target", operatingTarget}}
                                    : json{{"target", operatingTarget}, {"value", operatingGoal}}},
            {"ood_false_alarm_rate", oodFalseAlarmRate}};
}

int TrainingConfig::sizeForEpoch(int epoch) const {
    int size = imageSize;
    if (!progressive.empty()) {
        size = progressive.front().second;
        for (const auto& [e, s] : progressive)
            if (epoch >= e) size = s;
    }
    return size;
}

double TrainingConfig::lrForEpoch(int epoch) const {
    if (lrStepEpochs <= 0) return lr;
    return lr * std::pow(lrGamma, epoch / lrStepEpochs);
}

std::string TrainingConfig::effectiveBestMetric() const {
    if (!bestMetric.empty()) return bestMetric;
    return usesMasks() ? "iou" : "f1";
}

std::string TrainingConfig::effectiveLoss() const {
    if (!loss.empty()) return loss;
    if (task == "interactive") return "dice+bce";
    if (task == "segment") return mode == "multiclass" ? "dice+ce" : "dice+bce";
    return mode == "multiclass" ? "ce" : "bce";
}

std::string TrainingConfig::effectiveCheckpointDir() const {
    return checkpointDir.empty() ? output + ".run" : checkpointDir;
}

}  // namespace radlens::ai
