#include "ai/InteractiveSegmentation.h"

#include <torch/torch.h>

#include <chrono>
#include <stdexcept>

#include "ai/LoadedModel.h"
#include "ai/Monochrome.h"
#include "ai/TensorView.h"

namespace radlens::ai {

namespace {

std::shared_ptr<LoadedModel> checked(std::shared_ptr<LoadedModel> model) {
    if (!model) throw std::runtime_error("no model");
    if (!model->manifest.interactive)
        throw std::runtime_error(model->bundlePath + ": " + model->manifest.name +
                                 " is not an interactive model (task " + model->manifest.task() +
                                 "); clicks need a bundle trained with \"task\": \"interactive\"");
    return model;
}

}  // namespace

InteractiveSegmentation::InteractiveSegmentation(std::shared_ptr<LoadedModel> model)
    : model_(checked(std::move(model))),
      segmenter_(model_->network, model_->manifest.inputHeight, model_->device) {
    segmenter_.warmUp();
}

torch::Tensor InteractiveSegmentation::plane(const imaging::Volume& v, int axis, int index) {
    if (axis < 0 || axis > 2) throw std::runtime_error("the plane's axis must be 0, 1 or 2");
    const auto dims = v.dims();
    if (index < 0 || index >= dims[std::size_t(axis)])
        throw std::runtime_error("slice " + std::to_string(index) + " is outside the series (0.." +
                                 std::to_string(dims[std::size_t(axis)] - 1) + ")");
    torch::Tensor t = tensorView(v);  // (C, Z, Y, X)
    t = v.pixelType() == imaging::PixelType::Rgb8 ? t.to(torch::kFloat32).mean(0)
                                                  : t.select(0, 0).to(torch::kFloat32);
    // (Z, Y, X): axis 2 keeps z -> (Y, X); 1 keeps y -> (Z, X); 0 keeps x -> (Z, Y).
    return t.select(2 - axis, index).contiguous();
}

torch::Tensor InteractiveSegmentation::labelPlane(const imaging::Volume& labels, int axis,
                                                  int index, int label) {
    if (labels.pixelType() != imaging::PixelType::UInt8)
        throw std::invalid_argument("labels must be UInt8");
    return plane(labels, axis, index).eq(float(label));
}

torch::Tensor InteractiveSegmentation::preprocess(const torch::Tensor& p) const {
    Preprocessing valueOnly = model_->preprocessing;
    valueOnly.channels = 1;
    valueOnly.resize = "stretch";
    valueOnly.height = int(p.size(0));
    valueOnly.width = int(p.size(1));
    return valueOnly.apply(p.view({1, 1, p.size(0), p.size(1)})).view({p.size(0), p.size(1)});
}

void InteractiveSegmentation::setPlane(const imaging::Volume& volume, int axis, int index) {
    segmenter_.setSlice(preprocess(inMonochrome2Sense(volume, plane(volume, axis, index))));
}

torch::Tensor InteractiveSegmentation::segment(const std::vector<Click>& clicks,
                                               const torch::Tensor& previous) {
    const auto start = std::chrono::steady_clock::now();
    torch::Tensor out = segmenter_.segment(clicks, previous);
    lastMs_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

}  // namespace radlens::ai
