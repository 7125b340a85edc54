#include "ai/InteractiveBatches.h"

#include <algorithm>
#include <stdexcept>

#include "ai/ClickSegmenter.h"

namespace radlens::ai {

namespace F = torch::nn::functional;

namespace {

double uniform(std::mt19937_64& rng, double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
}

bool chance(std::mt19937_64& rng, double p) { return uniform(rng, 0, 1) < p; }

/// Grows (r > 0) or shrinks (r < 0) a (S, S) 0/1 float mask by |r| pixels.
torch::Tensor morph(const torch::Tensor& m, int r) {
    if (r == 0) return m;
    const auto o = F::MaxPool2dFuncOptions(2 * std::abs(r) + 1).stride(1).padding(std::abs(r));
    const torch::Tensor x = m.unsqueeze(0).unsqueeze(0);
    return (r > 0 ? F::max_pool2d(x, o) : -F::max_pool2d(-x, o)).squeeze(0).squeeze(0);
}

}  // namespace

torch::Tensor InteractiveBatch::inputs() const {
    const int64_t n = images.size(0), S = images.size(2);
    std::vector<torch::Tensor> rows;
    for (int64_t i = 0; i < n; ++i)
        rows.push_back(ClickSegmenter::input(
            images[i][0], ClickSegmenter::guidance(clicks[std::size_t(i)], int(S)), previous[i]));
    return torch::stack(rows);
}

void InteractiveBatch::addErrorClicks(const torch::Tensor& predicted) {
    const torch::Tensor p = predicted.to(torch::kCPU).to(torch::kBool);
    for (int64_t i = 0; i < p.size(0); ++i) {
        if (auto c = ClickSimulation::nextClick(p[i], targets[i]))
            clicks[std::size_t(i)].push_back(*c);
        previous[i].copy_(p[i].to(torch::kFloat32));
    }
}

InteractiveBatch InteractiveBatches::makeOne(const torch::Tensor& image, const torch::Tensor& mask,
                                             int S, bool augment, std::mt19937_64& rng) {
    const auto [labels, count] = ClickSimulation::components(mask);
    if (count == 0) throw std::invalid_argument("the sample has no object to click on");
    const int64_t H = mask.size(0), W = mask.size(1);
    const int k = std::uniform_int_distribution<int>(1, count)(rng);
    const torch::Tensor object = labels.eq(k);
    const torch::Tensor rows = object.any(1).nonzero(), cols = object.any(0).nonzero();
    const double x0 = cols.min().item<double>(), x1 = cols.max().item<double>();
    const double y0 = rows.min().item<double>(), y1 = rows.max().item<double>();

    CropBox crop;
    if (augment && chance(rng, 0.2)) {
        const Click c = *ClickSimulation::firstClick(object, &rng);
        crop = ClickSegmenter::cropAround(c.x, c.y, c.x, c.y, H, W);
    } else {
        crop = ClickSegmenter::cropAround(
            x0, y0, x1, y1, H, W, augment ? uniform(rng, 1.4, 2.4) : ClickSegmenter::kExpansion);
        if (augment) {
            crop.x0 += uniform(rng, -0.15, 0.15) * crop.side;
            crop.y0 += uniform(rng, -0.15, 0.15) * crop.side;
        }
    }
    torch::Tensor im = ClickSegmenter::resample(image[0], crop, S, false);
    torch::Tensor target = ClickSegmenter::resample(object, crop, S, true).gt(0.5);
    if (augment) {
        if (chance(rng, 0.5)) {
            im = im.flip({1});
            target = target.flip({1});
        }
        if (chance(rng, 0.5)) {
            im = im.flip({0});
            target = target.flip({0});
        }
        const int turns = std::uniform_int_distribution<int>(0, 3)(rng);
        im = torch::rot90(im, turns, {0, 1});
        target = torch::rot90(target, turns, {0, 1});
    }
    InteractiveBatch b;
    b.images = im.contiguous().view({1, 1, S, S});
    b.targets = target.to(torch::kInt64).contiguous().view({1, S, S});
    b.previous = torch::zeros({1, S, S});
    b.clicks.resize(1);
    if (!target.any().item<bool>()) return b;  // resampled away (tiny object): no click
    b.clicks[0].push_back(*ClickSimulation::firstClick(target, augment ? &rng : nullptr));
    if (!augment) return b;
    if (chance(rng, 0.4)) {
        const torch::Tensor outside = ClickSimulation::distanceInside(~target);
        const double r = std::max(2.0, S / 40.0);
        const torch::Tensor band =
            (outside.gt(float(r + 1)) & outside.le(float(S / 6.0))).flatten().nonzero().flatten();
        const int n = std::uniform_int_distribution<int>(1, 2)(rng);
        for (int i = 0; i < n && band.numel() > 0; ++i) {
            const int64_t j = band[std::uniform_int_distribution<int64_t>(0, band.numel() - 1)(rng)]
                                  .item<int64_t>();
            b.clicks[0].push_back({double(j % S), double(j / S), false});
        }
    }
    if (chance(rng, 0.3)) {
        const torch::Tensor t = target.to(torch::kFloat32);
        const int64_t extent = std::max<int64_t>(2, t.any(0).sum().item<int64_t>());
        const int shift = int(std::max<int64_t>(1, extent / 10));
        std::uniform_int_distribution<int> d(-shift, shift), grow(-2, 3);
        torch::Tensor prev = torch::roll(t, {d(rng), d(rng)}, {0, 1});
        b.previous[0].copy_(morph(prev, grow(rng)));
    }
    return b;
}

InteractiveBatch InteractiveBatches::collate(const std::vector<InteractiveBatch>& parts) {
    InteractiveBatch out;
    std::vector<torch::Tensor> im, tg, pv;
    for (const InteractiveBatch& p : parts) {
        im.push_back(p.images);
        tg.push_back(p.targets);
        pv.push_back(p.previous);
        out.clicks.insert(out.clicks.end(), p.clicks.begin(), p.clicks.end());
    }
    out.images = torch::cat(im);
    out.targets = torch::cat(tg);
    out.previous = torch::cat(pv);
    return out;
}

}  // namespace radlens::ai
