#include "ai/Augmentation.h"

#include <cmath>

#include "ai/Preprocessing.h"

namespace F = torch::nn::functional;

namespace radlens::ai {

namespace {

constexpr double kPi = 3.14159265358979323846;

Batch assemble(const std::vector<torch::Tensor>& images, const std::vector<torch::Tensor>& masks) {
    Batch b;
    b.images = torch::cat(images, 0);
    if (!masks.empty()) b.masks = torch::cat(masks, 0);
    return b;
}

}  // namespace

Batch Augmentation::trainBatch(const std::vector<torch::Tensor>& images,
                               const std::vector<torch::Tensor>& masks, int size,
                               std::mt19937_64& rng) const {
    if (!config_.enabled) return validationBatch(images, masks, size);
    std::uniform_real_distribution<double> u01(0, 1);
    std::vector<torch::Tensor> outImages, outMasks;
    for (std::size_t i = 0; i < images.size(); ++i) {
        // Output pixel p (normalised, -1..1) samples source c + s * R * Flip * p.
        const double s = config_.cropMin + (config_.cropMax - config_.cropMin) * u01(rng);
        const double cx = (1 - s) * (2 * u01(rng) - 1), cy = (1 - s) * (2 * u01(rng) - 1);
        double angle = 0;
        if (u01(rng) < config_.rotateP)
            angle = (u01(rng) - 0.5) * config_.rotateLimitDeg * kPi / 180.0;
        const double flip = u01(rng) < config_.flipP ? -1.0 : 1.0;
        const double c = std::cos(angle), sn = std::sin(angle);
        torch::Tensor theta = torch::tensor({{float(s * c * flip), float(-s * sn), float(cx)},
                                             {float(s * sn * flip), float(s * c), float(cy)}})
                                  .unsqueeze(0);
        torch::Tensor grid = F::affine_grid(theta, {1, 1, size, size}, false);
        outImages.push_back(F::grid_sample(images[i].unsqueeze(0), grid,
                                           F::GridSampleFuncOptions()
                                               .mode(torch::kBilinear)
                                               .padding_mode(torch::kBorder)
                                               .align_corners(false)));
        if (!masks.empty()) {
            torch::Tensor m = masks[i].to(torch::kFloat32).unsqueeze(0).unsqueeze(0);
            outMasks.push_back(F::grid_sample(m, grid,
                                              F::GridSampleFuncOptions()
                                                  .mode(torch::kNearest)
                                                  .padding_mode(torch::kBorder)
                                                  .align_corners(false))
                                   .squeeze(1)
                                   .round()
                                   .to(torch::kInt64));
        }
    }
    return assemble(outImages, outMasks);
}

Batch Augmentation::validationBatch(const std::vector<torch::Tensor>& images,
                                    const std::vector<torch::Tensor>& masks, int size) {
    std::vector<torch::Tensor> outImages, outMasks;
    for (std::size_t i = 0; i < images.size(); ++i) {
        outImages.push_back(resampleImage(images[i].unsqueeze(0), size, size, false));
        if (!masks.empty())
            outMasks.push_back(resampleImage(masks[i].to(torch::kFloat32).unsqueeze(0).unsqueeze(0),
                                             size, size, true)
                                   .squeeze(1)
                                   .round()
                                   .to(torch::kInt64));
    }
    return assemble(outImages, outMasks);
}

}  // namespace radlens::ai
