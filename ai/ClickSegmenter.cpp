#include "ai/ClickSegmenter.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "ai/SingleThreadScope.h"

namespace radlens::ai {

namespace F = torch::nn::functional;

namespace {

/// grid_sample's grid for the S x S crop of an (H, W) image.
torch::Tensor cropGrid(const CropBox& crop, int size, int64_t H, int64_t W) {
    const torch::Tensor j = (torch::arange(size, torch::kFloat64) + 0.5) * (crop.side / size);
    const torch::Tensor gx = ((crop.x0 + j) + 0.5) / double(W) * 2 - 1;
    const torch::Tensor gy = ((crop.y0 + j) + 0.5) / double(H) * 2 - 1;
    const std::vector<torch::Tensor> mesh = torch::meshgrid({gy, gx}, "ij");
    return torch::stack({mesh[1], mesh[0]}, -1).unsqueeze(0).to(torch::kFloat32);
}

struct Box {
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    bool empty() const { return x1 < x0; }
    void add(double x, double y) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
    }
    void add(const torch::Tensor& mask) {
        if (!mask.defined()) return;
        const torch::Tensor rows = mask.any(1).nonzero(), cols = mask.any(0).nonzero();
        if (rows.numel() == 0) return;
        add(cols.min().item<double>(), rows.min().item<double>());
        add(cols.max().item<double>(), rows.max().item<double>());
    }
};

}  // namespace

ClickSegmenter::ClickSegmenter(std::shared_ptr<Network> network, int inputSize,
                               torch::Device device)
    : network_(std::move(network)), size_(inputSize), device_(device) {
    if (!network_) throw std::invalid_argument("no network");
    if (inputSize < 16) throw std::invalid_argument("input size must be at least 16");
}

void ClickSegmenter::setSlice(torch::Tensor image) {
    if (!image.defined() || image.dim() != 2)
        throw std::invalid_argument("the slice must be a 2D image");
    image_ = image.to(torch::kCPU).to(torch::kFloat32).contiguous();
}

double ClickSegmenter::minimumSide(int64_t height, int64_t width) {
    return std::max(32.0, double(std::max(height, width)) / 8.0);
}

CropBox ClickSegmenter::cropAround(double x0, double y0, double x1, double y1, int64_t height,
                                   int64_t width, double expansion) {
    const double extent = std::max(x1 - x0, y1 - y0) + 1;  // pixels, inclusive box
    const double side = std::max(extent * expansion, minimumSide(height, width));
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    return {cx - side / 2, cy - side / 2, side};
}

torch::Tensor ClickSegmenter::resample(const torch::Tensor& plane, const CropBox& crop, int size,
                                       bool nearest) {
    const int64_t H = plane.size(0), W = plane.size(1);
    const torch::Tensor x = plane.to(torch::kFloat32).view({1, 1, H, W});
    F::GridSampleFuncOptions options;
    options.align_corners(false);
    if (nearest)
        options.mode(torch::kNearest).padding_mode(torch::kZeros);
    else
        options.mode(torch::kBilinear).padding_mode(torch::kBorder);
    return F::grid_sample(x, cropGrid(crop, size, H, W), options).view({size, size});
}

Click ClickSegmenter::toCrop(const Click& c, const CropBox& crop, int size) {
    return {(c.x - crop.x0) / crop.side * size - 0.5, (c.y - crop.y0) / crop.side * size - 0.5,
            c.positive};
}

torch::Tensor ClickSegmenter::guidance(const std::vector<Click>& cropClicks, int size) {
    const double r = std::max(2.0, size / 40.0);
    const torch::Tensor coords = torch::arange(size, torch::kFloat32);
    const torch::Tensor yy = coords.view({size, 1}), xx = coords.view({1, size});
    torch::Tensor out = torch::zeros({2, size, size});
    for (const Click& c : cropClicks) {
        const torch::Tensor disc =
            ((xx - float(c.x)).square() + (yy - float(c.y)).square()).le(float(r * r));
        out[c.positive ? 0 : 1].masked_fill_(disc, 1.0f);
    }
    return out;
}

torch::Tensor ClickSegmenter::input(const torch::Tensor& image, const torch::Tensor& guidance,
                                    const torch::Tensor& previous) {
    return torch::cat({image.unsqueeze(0), guidance, previous.to(torch::kFloat32).unsqueeze(0)});
}

torch::Tensor ClickSegmenter::paste(const torch::Tensor& probability, const CropBox& crop,
                                    int64_t H, int64_t W) {
    torch::Tensor out = torch::zeros({H, W}, torch::kBool);
    const int64_t xa = std::max<int64_t>(0, int64_t(std::ceil(crop.x0)));
    const int64_t ya = std::max<int64_t>(0, int64_t(std::ceil(crop.y0)));
    const int64_t xb = std::min<int64_t>(W - 1, int64_t(std::floor(crop.x0 + crop.side)));
    const int64_t yb = std::min<int64_t>(H - 1, int64_t(std::floor(crop.y0 + crop.side)));
    if (xb < xa || yb < ya) return out;
    const int64_t S = probability.size(-1);
    const torch::Tensor xs = torch::arange(xa, xb + 1, torch::kFloat64);
    const torch::Tensor ys = torch::arange(ya, yb + 1, torch::kFloat64);
    const torch::Tensor gx = (xs - crop.x0) / crop.side * 2 - 1;
    const torch::Tensor gy = (ys - crop.y0) / crop.side * 2 - 1;
    const std::vector<torch::Tensor> mesh = torch::meshgrid({gy, gx}, "ij");
    const torch::Tensor grid =
        torch::stack({mesh[1], mesh[0]}, -1).unsqueeze(0).to(torch::kFloat32);
    const torch::Tensor p =
        F::grid_sample(probability.to(torch::kCPU).to(torch::kFloat32).view({1, 1, S, S}), grid,
                       F::GridSampleFuncOptions()
                           .mode(torch::kBilinear)
                           .padding_mode(torch::kZeros)
                           .align_corners(false));
    out.slice(0, ya, yb + 1).slice(1, xa, xb + 1).copy_(p.view({yb - ya + 1, xb - xa + 1}).gt(0.5));
    return out;
}

void ClickSegmenter::warmUp() {
    torch::NoGradGuard noGrad;
    std::optional<SingleThreadScope> oneThread;
    if (device_.is_cpu()) oneThread.emplace();
    network_->forward(torch::zeros({1, kInputChannels, size_, size_}).to(device_));
}

torch::Tensor ClickSegmenter::predict(const std::vector<Click>& clicks,
                                      const torch::Tensor& previous, const CropBox& crop) {
    std::vector<Click> inCrop;
    for (const Click& c : clicks) inCrop.push_back(toCrop(c, crop, size_));
    const torch::Tensor prev =
        previous.defined() ? resample(previous, crop, size_, true) : torch::zeros({size_, size_});
    const torch::Tensor x =
        input(resample(image_, crop, size_, false), guidance(inCrop, size_), prev).unsqueeze(0);
    torch::NoGradGuard noGrad;
    std::optional<SingleThreadScope> oneThread;
    if (device_.is_cpu()) oneThread.emplace();
    const torch::Tensor logits = network_->forward(x.to(device_));
    ++passes_;
    return paste(torch::sigmoid(logits).to(torch::kCPU).view({size_, size_}), crop, image_.size(0),
                 image_.size(1));
}

torch::Tensor ClickSegmenter::segment(const std::vector<Click>& clicks,
                                      const torch::Tensor& previousIn) {
    if (!image_.defined()) throw std::invalid_argument("no slice set");
    const int64_t H = image_.size(0), W = image_.size(1);
    torch::Tensor previous;
    if (previousIn.defined()) {
        if (previousIn.dim() != 2 || previousIn.size(0) != H || previousIn.size(1) != W)
            throw std::invalid_argument("the previous mask differs in size from the slice");
        previous = previousIn.to(torch::kCPU).ne(0);
    }
    passes_ = 0;
    Box box;
    for (const Click& c : clicks)
        if (c.positive) box.add(c.x, c.y);
    box.add(previous);
    if (box.empty()) return torch::zeros({H, W}, torch::kBool);
    CropBox crop = cropAround(box.x0, box.y0, box.x1, box.y1, H, W);
    torch::Tensor mask = predict(clicks, previous, crop);
    // Reaching an inner edge of the crop: the object is larger; grow once.
    Box found;
    found.add(mask);
    if (!found.empty()) {
        const bool touches =
            (found.x0 <= crop.x0 + 1.5 && crop.x0 > -0.5) ||
            (found.y0 <= crop.y0 + 1.5 && crop.y0 > -0.5) ||
            (found.x1 >= crop.x0 + crop.side - 1.5 && crop.x0 + crop.side < W - 0.5) ||
            (found.y1 >= crop.y0 + crop.side - 1.5 && crop.y0 + crop.side < H - 0.5);
        if (touches) {
            box.add(found.x0, found.y0);
            box.add(found.x1, found.y1);
            const CropBox larger = cropAround(box.x0, box.y0, box.x1, box.y1, H, W);
            if (larger.side > crop.side * 1.05) {
                crop = larger;
                mask = predict(clicks, previous, crop);
            }
        }
    }
    torch::Tensor out = ClickSimulation::componentsAt(mask, clicks, previous);
    bool* o = out.data_ptr<bool>();
    for (const Click& c : clicks) {
        const int64_t x = std::llround(c.x), y = std::llround(c.y);
        if (!c.positive && x >= 0 && x < W && y >= 0 && y < H) o[y * W + x] = false;
    }
    return out;
}

}  // namespace radlens::ai
