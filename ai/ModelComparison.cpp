#include "ai/ModelComparison.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <stdexcept>

#include "ai/LoadedModel.h"
#include "ai/OperatingPoint.h"
#include "ai/RocComparison.h"
#include "ai/TrainingDataLoader.h"

namespace radlens::ai {

namespace {

using json = nlohmann::json;

}  // namespace

imaging::Volume ModelComparison::volumeOf(const TrainingSample& s) {
    const torch::Tensor im = s.image.to(torch::kFloat32).contiguous();
    imaging::Geometry g;
    g.dims = {int(im.size(2)), int(im.size(1)), 1};
    imaging::Volume v(imaging::PixelType::Float32, g);
    std::memcpy(v.data(), im.data_ptr<float>(), v.byteSize());
    v.modality = s.modality;
    return v;
}

namespace {

int classIndex(const Manifest& m, const std::string& name) {
    for (std::size_t i = 0; i < m.classes.size(); ++i)
        if (m.classes[i].name == name) return int(i);
    return -1;
}

/// Pixel counts of one class: predicted (by a model) against the truth.
struct Overlap {
    double tp = 0, fp = 0, fn = 0;
    void add(const Overlap& o) {
        tp += o.tp;
        fp += o.fp;
        fn += o.fn;
    }
    double iou() const { return tp + fp + fn > 0 ? tp / (tp + fp + fn) : 1.0; }
    double dice() const { return 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 1.0; }
};

/// The overlap of `model`'s labels of class `cls` (an index into its manifest)
/// with the truth mask's pixels of label `truthLabel`.
Overlap overlapOf(const Manifest& model, const imaging::Volume& labels, int cls,
                  const torch::Tensor& truth, int truthLabel) {
    Overlap o;
    const std::uint8_t* p = labels.dataAs<std::uint8_t>();
    const torch::Tensor t = truth.to(torch::kInt64).contiguous();
    const int64_t* q = t.data_ptr<int64_t>();
    const std::size_t n = labels.geometry().voxelCount();
    for (std::size_t i = 0; i < n; ++i) {
        const bool predicted = model.classOfLabel(p[i]) == cls;
        const bool truthHere = q[i] == truthLabel;
        if (predicted && truthHere)
            ++o.tp;
        else if (predicted)
            ++o.fp;
        else if (truthHere)
            ++o.fn;
    }
    return o;
}

}  // namespace

TrainingConfig ModelComparison::configFor(const Manifest& m, const std::vector<std::string>& data) {
    TrainingConfig c;
    c.task = m.task();
    c.mode = m.mode;
    c.arch = m.architecture;
    c.data = data;
    for (const ClassInfo& ci : m.classes) c.classes.push_back(ci.name);
    return c;
}

std::vector<TrainingSample> ModelComparison::validationCasesOf(const Manifest& a,
                                                               const Manifest& b) {
    const json& p = b.provenance;
    const json hyper = p.is_object() ? p.value("hyperparameters", json::object()) : json::object();
    if (!hyper.is_object() || !hyper.contains("data") || !hyper["data"].is_array() ||
        hyper["data"].empty())
        throw std::runtime_error(b.name + " version " + b.version +
                                 " does not record the data it was trained on");
    LoadedTrainingData data =
        TrainingDataLoader::load(configFor(a, hyper["data"].get<std::vector<std::string>>()));
    const json split = p.value("split", json::object());
    if (!split.is_object() || !split.contains("validation_patients")) return data.samples;
    const auto patients = split["validation_patients"].get<std::vector<std::string>>();
    const std::set<std::string> keep(patients.begin(), patients.end());
    std::vector<TrainingSample> out;
    for (TrainingSample& s : data.samples)
        if (keep.count(s.patientId)) out.push_back(std::move(s));
    if (out.empty())
        throw std::runtime_error("none of the validation patients of " + b.name + " version " +
                                 b.version + " is in its data any more");
    return out;
}

json ModelComparison::run(LoadedModel& a, LoadedModel& b,
                          const std::vector<TrainingSample>& samples,
                          const ComparisonOptions& options) {
    const Manifest& ma = a.manifest;
    const Manifest& mb = b.manifest;
    if (ma.task() != mb.task())
        throw std::runtime_error("cannot compare a " + ma.task() + " model with a " + mb.task() +
                                 " model");
    if (samples.empty()) throw std::runtime_error("no cases to compare on");
    const bool segment = ma.task() == "segment";
    // Shared classes: (index in A, index in B); a multiclass segmenter's
    // background (class 0) is not compared.
    std::vector<std::pair<int, int>> shared;
    for (std::size_t i = 0; i < ma.classes.size(); ++i) {
        if (segment && ma.mode == "multiclass" && i == 0) continue;
        const int j = classIndex(mb, ma.classes[i].name);
        if (j >= 0 && !(segment && mb.mode == "multiclass" && j == 0))
            shared.emplace_back(int(i), j);
    }
    if (shared.empty()) throw std::runtime_error(ma.name + " and " + mb.name + " share no class");

    const std::size_t N = samples.size(), K = shared.size();
    std::vector<std::vector<double>> pa(K), pb(K);
    std::vector<std::vector<int>> truth(K);
    std::vector<Overlap> overlapA(K), overlapB(K);
    json disagreements = json::array();
    std::vector<std::pair<double, json>> ranked;
    AnalyzeOptions ao;
    ao.heatmaps = false;
    ao.cancel = options.cancel;
    for (std::size_t i = 0; i < N; ++i) {
        if (options.cancel && options.cancel->load()) throw Cancelled();
        const TrainingSample& s = samples[i];
        const imaging::Volume v = volumeOf(s);
        const Findings fa = Analyzer::analyze(a, v, s.source, ao);
        const Findings fb = Analyzer::analyze(b, v, s.source, ao);
        double worst = -1;
        json entry = {{"case", s.source}, {"path", s.path}, {"slice", s.slice}};
        if (!s.seriesUid.empty()) entry["series_uid"] = s.seriesUid;
        for (std::size_t k = 0; k < K; ++k) {
            const auto [ia, ib] = shared[k];
            if (!segment) {
                const double x = fa.classes[std::size_t(ia)].probability;
                const double y = fb.classes[std::size_t(ib)].probability;
                pa[k].push_back(x);
                pb[k].push_back(y);
                truth[k].push_back(s.labels[ia].item<float>() > 0.5f ? 1 : 0);
                if (std::abs(x - y) > worst) {
                    worst = std::abs(x - y);
                    entry["class"] = ma.classes[std::size_t(ia)].name;
                    entry["a"] = x;
                    entry["b"] = y;
                    entry["truth"] = truth[k].back();
                    entry["measure"] = "probability";
                }
            } else {
                const int truthLabel = ma.mode == "multilabel" ? ia + 1 : ia;
                const Overlap oa = overlapOf(ma, *fa.labels, ia, s.mask, truthLabel);
                const Overlap ob = overlapOf(mb, *fb.labels, ib, s.mask, truthLabel);
                overlapA[k].add(oa);
                overlapB[k].add(ob);
                if (std::abs(oa.dice() - ob.dice()) > worst) {
                    worst = std::abs(oa.dice() - ob.dice());
                    entry["class"] = ma.classes[std::size_t(ia)].name;
                    entry["a"] = oa.dice();
                    entry["b"] = ob.dice();
                    entry["measure"] = "dice";
                }
            }
        }
        ranked.emplace_back(worst, entry);
        if (options.progress) options.progress(int(i + 1), int(N));
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    for (std::size_t i = 0; i < ranked.size() && int(i) < options.maxDisagreements; ++i)
        if (ranked[i].first > 0) disagreements.push_back(ranked[i].second);

    json out = {
        {"cases", N},
        {"model_a", {{"name", ma.name}, {"version", ma.version}, {"sha256", ma.weightsSha256}}},
        {"model_b", {{"name", mb.name}, {"version", mb.version}, {"sha256", mb.weightsSha256}}},
        {"task", ma.task()},
        {"disagreements", disagreements}};
    json classes = json::array();
    if (!segment) {
        for (std::size_t k = 0; k < K; ++k) {
            const auto [ia, ib] = shared[k];
            json c = {{"name", ma.classes[std::size_t(ia)].name}};
            const auto cmp = compareAuc(pa[k], pb[k], truth[k]);
            if (cmp) {
                c["auroc_a"] = cmp->aucA;
                c["auroc_b"] = cmp->aucB;
                c["difference"] = cmp->difference;
                c["ci95"] = {cmp->lo, cmp->hi};
                c["p_value"] = cmp->pValue;
            } else {
                for (const char* key : {"auroc_a", "auroc_b", "difference", "ci95", "p_value"})
                    c[key] = nullptr;
            }
            auto atThreshold = [&](const std::vector<double>& p, double t) {
                const auto [sens, spec] = sensitivitySpecificity(p, truth[k], t);
                return json{{"threshold", t},
                            {"sensitivity", sens ? json(*sens) : json(nullptr)},
                            {"specificity", spec ? json(*spec) : json(nullptr)}};
            };
            c["a"] = atThreshold(pa[k], ma.classes[std::size_t(ia)].threshold);
            c["b"] = atThreshold(pb[k], mb.classes[std::size_t(ib)].threshold);
            const long positives = std::count(truth[k].begin(), truth[k].end(), 1);
            c["positives"] = positives;
            c["negatives"] = long(N) - positives;
            classes.push_back(c);
        }
    } else {
        double iouA = 0, iouB = 0, diceA = 0, diceB = 0;
        for (std::size_t k = 0; k < K; ++k) {
            classes.push_back({{"name", ma.classes[std::size_t(shared[k].first)].name},
                               {"iou_a", overlapA[k].iou()},
                               {"iou_b", overlapB[k].iou()},
                               {"dice_a", overlapA[k].dice()},
                               {"dice_b", overlapB[k].dice()}});
            iouA += overlapA[k].iou();
            iouB += overlapB[k].iou();
            diceA += overlapA[k].dice();
            diceB += overlapB[k].dice();
        }
        out["segmentation"] = {{"iou_a", iouA / double(K)},
                               {"iou_b", iouB / double(K)},
                               {"dice_a", diceA / double(K)},
                               {"dice_b", diceB / double(K)}};
    }
    out["classes"] = classes;
    return out;
}

}  // namespace radlens::ai
