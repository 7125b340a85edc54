#include "ai/Analyzer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "ai/LoadedModel.h"
#include "ai/ModelBundle.h"
#include "ai/Monochrome.h"
#include "ai/TensorView.h"
#include "imaging/LesionStatistics.h"

namespace radlens::ai {

namespace {

/// Slices [z0, z1) of a grey volume as (n, 1, Y, X) float32 modality values.
torch::Tensor slices(const imaging::Volume& v, int z0, int z1) {
    torch::Tensor t = tensorView(v);  // (1, Z, Y, X)
    if (v.pixelType() == imaging::PixelType::Rgb8)
        t = t.to(torch::kFloat32).mean(0, true);  // colour: luminance-like grey
    return inMonochrome2Sense(v, t.slice(1, z0, z1).transpose(0, 1));
}

OutOfDistribution outOfDistribution(const OodSummary& summary, const std::vector<double>& scores,
                                    const torch::Tensor& image) {
    std::vector<double> sorted = scores;
    std::sort(sorted.begin(), sorted.end());
    OutOfDistribution o;
    const std::size_t n = sorted.size();
    o.score = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    o.threshold = summary.threshold();
    o.outside = o.score > o.threshold;
    o.notes = summary.input.notes(image);
    return o;
}

/// Whether one modality is CT and the other a projection radiograph.
bool ctAgainstRadiograph(const std::string& a, const std::string& b) {
    auto radiograph = [](const std::string& m) {
        return m == "CR" || m == "DX" || m == "DR" || m == "RG";
    };
    return (a == "CT" && radiograph(b)) || (radiograph(a) && b == "CT");
}

torch::Tensor gradCam(const torch::Tensor& activation, const torch::Tensor& score) {
    torch::Tensor grad = torch::autograd::grad({score}, {activation}, {}, true)[0];
    torch::Tensor weights = grad.mean({2, 3}, true);
    torch::Tensor cam = torch::relu((weights * activation).sum(1, true));
    return cam.detach();
}

}  // namespace

Findings Analyzer::analyze(LoadedModel& model, const imaging::Volume& volume,
                           const std::string& seriesUid, const AnalyzeOptions& options) {
    if (model.manifest.interactive)
        throw std::runtime_error(model.manifest.name +
                                 " is an interactive segmenter: it needs clicks "
                                 "(radlens-cli click-segment, or the AI click tool)");
    // A CT model on a radiograph, or the reverse, answers nonsense: refused.
    // Other mismatches (an MR series given to a CT model) run, and the
    // out-of-distribution score says what it thinks of them.
    if (ctAgainstRadiograph(model.manifest.preprocessing.is_object()
                                ? model.manifest.preprocessing.value("modality", std::string())
                                : std::string(),
                            volume.modality))
        throw std::runtime_error(
            model.manifest.name + " was trained on " +
            model.manifest.preprocessing.value("modality", std::string("?")) +
            " images and does not read this " + volume.modality +
            " series (a model reads only the kind of images it was trained on)");
    const auto start = std::chrono::steady_clock::now();
    Findings f;
    f.seriesUid = seriesUid;
    f.modelName = model.manifest.name;
    f.modelVersion = model.manifest.version;
    f.modelSha256 = model.manifest.weightsSha256;
    f.syntheticModel = model.manifest.trainedOnSyntheticData();
    f.device = deviceName(model.device);
    const auto& dims = volume.dims();
    const Preprocessing& pre = model.preprocessing;
    auto checkCancel = [&] {
        if (options.cancel && options.cancel->load()) throw Cancelled();
    };

    if (!isSegmenter(model.manifest.architecture)) {
        checkCancel();
        torch::Tensor image;
        int z = 0;
        if (dims[2] == 1 || options.slice) {
            z = std::clamp(options.slice.value_or(0), 0, dims[2] - 1);
            image = slices(volume, z, z + 1);
        } else {
            image = std::get<0>(slices(volume, 0, dims[2]).max(0, true));  // MIP
        }
        torch::Tensor x = pre.apply(image).to(model.device);
        if (model.device.is_cpu()) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
        const bool multilabel = model.manifest.mode == "multilabel";
        torch::Tensor logits, activation;
        {
            torch::AutoGradMode grad(options.heatmaps);
            std::tie(logits, activation) = model.network->forwardWithActivation(x);
        }
        torch::Tensor scaled = logits;
        if (!model.temperatures.empty())
            scaled = logits / torch::tensor(model.temperatures, torch::kFloat32)
                                  .to(logits.device())
                                  .view({1, -1});
        torch::Tensor probs = (multilabel ? torch::sigmoid(scaled) : torch::softmax(scaled, 1))
                                  .detach()
                                  .to(torch::kCPU);
        const torch::Tensor rawLogits = logits.detach().to(torch::kCPU);
        if (model.trainingSummary.valid()) {
            c10::InferenceMode inference;
            f.ood = outOfDistribution(
                model.trainingSummary,
                model.trainingSummary.scores(summaryFeatures(*model.network, x)), image);
        }
        for (std::size_t c = 0; c < model.manifest.classes.size(); ++c) {
            ClassFinding cf;
            cf.name = model.manifest.classes[c].name;
            cf.threshold = model.manifest.classes[c].threshold;
            cf.probability = probs[0][int64_t(c)].item<double>();
            cf.logit = rawLogits[0][int64_t(c)].item<double>();
            cf.flagged = cf.probability >= cf.threshold;
            f.classes.push_back(cf);
            const bool asked =
                std::find(options.heatmapClasses.begin(), options.heatmapClasses.end(), cf.name) !=
                options.heatmapClasses.end();
            if ((cf.flagged || asked) && options.heatmaps) {
                torch::Tensor cam = gradCam(activation, logits[0][int64_t(c)]);
                cam = pre.restore(cam, dims[1], dims[0]).to(torch::kCPU)[0][0];
                const double peak = cam.max().item<double>();
                if (peak > 0) cam = cam / peak;
                imaging::Geometry g = volume.geometry();
                g.dims[2] = 1;
                const auto o = volume.geometry().indexToWorld(0, 0, z);
                g.origin = {o[0], o[1], o[2]};
                auto map = std::make_shared<imaging::Volume>(imaging::PixelType::Float32, g);
                std::memcpy(map->data(), cam.contiguous().data_ptr<float>(), map->byteSize());
                f.heatmaps.push_back({cf.name, map});
            }
        }
        if (options.progress) options.progress(1, 1);
    } else {
        c10::InferenceMode inference;
        auto labels =
            std::make_shared<imaging::Volume>(imaging::PixelType::UInt8, volume.geometry());
        labels->modality = "SEG";
        const int batch = std::max(1, options.batchSize);
        const bool multilabel = model.manifest.mode == "multilabel";
        const std::size_t sliceVoxels = std::size_t(dims[0]) * dims[1];
        for (int z0 = 0; z0 < dims[2]; z0 += batch) {
            checkCancel();
            const int z1 = std::min(dims[2], z0 + batch);
            torch::Tensor x = pre.apply(slices(volume, z0, z1)).to(model.device);
            if (model.device.is_cpu()) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
            torch::Tensor out = pre.restore(model.network->forward(x), dims[1], dims[0]);
            torch::Tensor label;
            if (multilabel) {
                torch::Tensor p = torch::sigmoid(out);
                std::vector<double> th;
                for (const auto& c : model.manifest.classes) th.push_back(c.threshold);
                torch::Tensor thresholds =
                    torch::tensor(th, torch::kFloat32).to(p.device()).view({1, -1, 1, 1});
                torch::Tensor above = p >= thresholds;
                torch::Tensor best = std::get<1>((p * above).max(1));
                label = torch::where(above.any(1), best + 1, torch::zeros_like(best));
            } else {
                label = out.argmax(1);
            }
            label = label.to(torch::kUInt8).to(torch::kCPU).contiguous();
            std::memcpy(labels->dataAs<std::uint8_t>() + std::size_t(z0) * sliceVoxels,
                        label.data_ptr<std::uint8_t>(), std::size_t(z1 - z0) * sliceVoxels);
            if (options.progress) options.progress(z1, dims[2]);
        }
        f.labels = labels;
        if (model.trainingSummary.valid()) {
            std::vector<double> scores;
            const int n = std::min(8, dims[2]);
            for (int k = 0; k < n; ++k) {
                checkCancel();
                const int z = int((2 * k + 1) * std::int64_t(dims[2]) / (2 * n));
                torch::Tensor x = pre.apply(slices(volume, z, z + 1)).to(model.device);
                if (model.device.is_cpu()) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
                scores.push_back(
                    model.trainingSummary.scores(summaryFeatures(*model.network, x))[0]);
            }
            f.ood = outOfDistribution(model.trainingSummary, scores,
                                      slices(volume, dims[2] / 2, dims[2] / 2 + 1));
        }
        const int count = model.manifest.maxLabel();
        const auto summaries = imaging::LesionStatistics::summarize(*labels, count);
        for (int i = 0; i < count; ++i) {
            const auto& ci =
                model.manifest.classes[std::size_t(model.manifest.classOfLabel(i + 1))];
            f.labelSummaries.push_back(
                {ci.name, summaries[i].voxels, summaries[i].volumeMl, summaries[i].components});
        }
        f.lesions = imaging::LesionStatistics::lesions(*labels);
    }
    f.elapsedMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return f;
}

}  // namespace radlens::ai
