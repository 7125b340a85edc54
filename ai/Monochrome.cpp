#include "ai/Monochrome.h"

namespace radlens::ai {

torch::Tensor inMonochrome2Sense(const imaging::Volume& volume, const torch::Tensor& values) {
    torch::Tensor v = values.to(torch::kFloat32);
    if (!volume.invertedGrey || v.numel() == 0) return v;
    double lo = 0, hi = 0;
    if (volume.valueRange) {
        lo = (*volume.valueRange)[0];
        hi = (*volume.valueRange)[1];
    } else {
        lo = v.min().item<double>();
        hi = v.max().item<double>();
    }
    return (lo + hi) - v;
}

}  // namespace radlens::ai
