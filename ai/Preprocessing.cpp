#include "ai/Preprocessing.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ai/ModelBundle.h"

namespace F = torch::nn::functional;

namespace radlens::ai {

namespace {

struct Letterbox {
    int64_t h, w, top, left;
};

Letterbox letterboxFor(int64_t H, int64_t W, int height, int width) {
    const double s = std::min(double(height) / double(H), double(width) / double(W));
    Letterbox b;
    b.h = std::max<int64_t>(1, std::llround(double(H) * s));
    b.w = std::max<int64_t>(1, std::llround(double(W) * s));
    b.top = (height - b.h) / 2;
    b.left = (width - b.w) / 2;
    return b;
}

}  // namespace

std::vector<double> percentiles(const torch::Tensor& values, const std::vector<double>& qs) {
    const torch::Tensor flat = values.flatten().to(torch::kCPU, torch::kFloat64).contiguous();
    const std::int64_t n = flat.numel();
    if (n == 0) throw std::invalid_argument("percentiles of no values");
    std::vector<double> v(flat.data_ptr<double>(), flat.data_ptr<double>() + n);
    std::vector<double> out;
    for (const double value : v)
        if (std::isnan(value)) return std::vector<double>(qs.size(), std::nan(""));
    // Ascending ranks: each selection leaves everything above its rank
    // above it, so the next one searches from there.
    std::int64_t from = 0;
    for (const double q : qs) {
        if (!(q >= 0 && q <= 100)) throw std::invalid_argument("a percentile outside 0..100");
        // torch::quantile's arithmetic: rank q (n - 1), the values at its
        // floor and ceiling, then lerp's formula.
        const double rank = q / 100.0 * double(n - 1);
        const std::int64_t below = std::int64_t(rank);
        if (below < from) throw std::invalid_argument("percentiles must be ascending");
        std::nth_element(v.begin() + from, v.begin() + below, v.end());
        const double lo = v[std::size_t(below)];
        const double hi = below + 1 < n && std::ceil(rank) > double(below)
                              ? *std::min_element(v.begin() + below + 1, v.end())
                              : lo;
        const double w = rank - double(below);
        out.push_back(w < 0.5 ? lo + w * (hi - lo) : hi - (hi - lo) * (1 - w));
        from = below;
    }
    return out;
}

torch::Tensor resampleImage(const torch::Tensor& x, int64_t h, int64_t w, bool nearest) {
    auto opts = F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w});
    if (nearest)
        opts.mode(torch::kNearest);
    else
        opts.mode(torch::kBilinear).align_corners(false);
    return F::interpolate(x, opts);
}

std::pair<double, double> robustMeanStd(const torch::Tensor& values) {
    torch::Tensor flat = values.flatten().to(torch::kFloat64);
    if (flat.numel() > 4'000'000)
        flat = flat.index({torch::indexing::Slice(0, flat.numel(), flat.numel() / 4'000'000 + 1)});
    const std::vector<double> p = percentiles(flat, {5, 95});
    const double lo = p[0], hi = p[1];
    torch::Tensor inside = flat.masked_select((flat >= lo) & (flat <= hi));
    if (inside.numel() < 2) return {flat.mean().item<double>(), 1.0};
    const double sd = inside.std().item<double>();
    return {inside.mean().item<double>(), sd > 1e-6 ? sd : 1.0};
}

Preprocessing Preprocessing::fromManifest(const Manifest& m) {
    Preprocessing p;
    const nlohmann::json& j = m.preprocessing;
    if (j.contains("window") && j["window"].is_array()) {
        p.window = std::make_pair(j["window"].at(0).get<double>(), j["window"].at(1).get<double>());
        if (p.window->first >= p.window->second)
            throw std::invalid_argument("preprocessing window must have lo < hi");
    }
    p.scale = j.value("scale", "none");
    if (p.scale != "none" && p.scale != "minmax" && p.scale != "percentile")
        throw std::invalid_argument("preprocessing scale must be none, minmax or percentile");
    if (j.contains("mean") && j["mean"].is_number()) p.mean = j["mean"].get<double>();
    if (j.contains("std") && j["std"].is_number()) {
        p.std = j["std"].get<double>();
        if (*p.std <= 0) throw std::invalid_argument("preprocessing std must be positive");
    }
    p.resize = j.value("resize", "stretch");
    if (p.resize != "stretch" && p.resize != "letterbox")
        throw std::invalid_argument("preprocessing resize must be stretch or letterbox");
    p.height = m.inputHeight;
    p.width = m.inputWidth;
    p.channels = m.inputChannels;
    return p;
}

nlohmann::json Preprocessing::toJson() const {
    nlohmann::json j = {{"scale", scale}, {"resize", resize}};
    j["window"] = window ? nlohmann::json{window->first, window->second} : nlohmann::json(nullptr);
    if (mean) j["mean"] = *mean;
    if (std) j["std"] = *std;
    return j;
}

torch::Tensor Preprocessing::apply(const torch::Tensor& images) const {
    if (images.dim() != 4 || images.size(1) != 1)
        throw std::invalid_argument("preprocessing expects (N, 1, H, W) images");
    torch::Tensor x = images.to(torch::kFloat32);
    if (window) x = x.clamp(window->first, window->second);
    const int64_t n = x.size(0);
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < n; ++i) {
        torch::Tensor xi = x.slice(0, i, i + 1);
        if (scale == "minmax") {
            const double lo = xi.min().item<double>(), hi = xi.max().item<double>();
            xi = (xi - lo) / std::max(hi - lo, 1e-6);
        } else if (scale == "percentile") {
            const std::vector<double> p = percentiles(xi, {0.5, 99.5});
            const double lo = p[0], hi = p[1];
            xi = ((xi - lo) / std::max(hi - lo, 1e-6)).clamp(0, 1);
        }
        double m = 0, s = 1;
        if (mean && std) {
            m = *mean;
            s = *std;
        } else {
            std::tie(m, s) = robustMeanStd(xi);
        }
        xi = (xi - m) / s;
        if (resize == "letterbox") {
            const Letterbox b = letterboxFor(xi.size(2), xi.size(3), height, width);
            torch::Tensor canvas = torch::full({1, 1, height, width}, xi.min().item<float>());
            canvas.slice(2, b.top, b.top + b.h)
                .slice(3, b.left, b.left + b.w)
                .copy_(resampleImage(xi, b.h, b.w, false));
            xi = canvas;
        } else if (xi.size(2) != height || xi.size(3) != width) {
            xi = resampleImage(xi, height, width, false);
        }
        out.push_back(xi);
    }
    x = torch::cat(out, 0);
    if (channels == 3) x = x.repeat({1, 3, 1, 1});
    return x.contiguous();
}

torch::Tensor Preprocessing::applyToMask(const torch::Tensor& masks) const {
    torch::Tensor m = masks.to(torch::kFloat32);
    if (resize == "letterbox") {
        const Letterbox b = letterboxFor(m.size(2), m.size(3), height, width);
        torch::Tensor canvas = torch::zeros({m.size(0), m.size(1), height, width});
        canvas.slice(2, b.top, b.top + b.h)
            .slice(3, b.left, b.left + b.w)
            .copy_(resampleImage(m, b.h, b.w, true));
        return canvas;
    }
    return resampleImage(m, height, width, true);
}

torch::Tensor Preprocessing::restore(const torch::Tensor& output, int64_t H, int64_t W) const {
    torch::Tensor y = output;
    if (resize == "letterbox") {
        const Letterbox b = letterboxFor(H, W, height, width);
        y = y.slice(2, b.top, b.top + b.h).slice(3, b.left, b.left + b.w);
    }
    if (y.size(2) == H && y.size(3) == W) return y;
    return resampleImage(y, H, W, false);
}

}  // namespace radlens::ai
