#include "ai/ClickSimulation.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace radlens::ai {

namespace {

torch::Tensor asBool(const torch::Tensor& m, const char* what) {
    if (!m.defined() || m.dim() != 2)
        throw std::invalid_argument(std::string(what) + " must be 2D");
    return m.to(torch::kCPU).ne(0).contiguous();
}

/// Felzenszwalb and Huttenlocher's 1D squared distance transform of f (n
/// values, stride apart) in place.
void edt1d(float* f, int n, std::ptrdiff_t stride, std::vector<float>& d, std::vector<int>& v,
           std::vector<float>& z) {
    const float inf = std::numeric_limits<float>::infinity();
    d.resize(std::size_t(n));
    v.resize(std::size_t(n));
    z.resize(std::size_t(n) + 1);
    int k = 0;
    v[0] = 0;
    z[0] = -inf;
    z[1] = inf;
    auto fv = [&](int q) { return f[q * stride]; };
    for (int q = 1; q < n; ++q) {
        if (fv(q) == inf) continue;
        if (fv(v[std::size_t(k)]) == inf) {  // the first finite value replaces an infinite start
            v[std::size_t(k)] = q;
            continue;
        }
        float s;
        while (true) {
            const int p = v[std::size_t(k)];
            s = ((fv(q) + float(q) * float(q)) - (fv(p) + float(p) * float(p))) /
                (2.0f * float(q - p));
            if (s <= z[std::size_t(k)] && k > 0) {
                --k;
                continue;
            }
            break;
        }
        ++k;
        v[std::size_t(k)] = q;
        z[std::size_t(k)] = s;
        z[std::size_t(k) + 1] = inf;
    }
    if (fv(v[0]) == inf) return;  // no finite value on this line
    k = 0;
    for (int q = 0; q < n; ++q) {
        while (z[std::size_t(k) + 1] < float(q)) ++k;
        const int p = v[std::size_t(k)];
        d[std::size_t(q)] = float(q - p) * float(q - p) + fv(p);
    }
    for (int q = 0; q < n; ++q) f[q * stride] = d[std::size_t(q)];
}

}  // namespace

torch::Tensor ClickSimulation::distanceInside(const torch::Tensor& maskIn) {
    const torch::Tensor mask = asBool(maskIn, "mask");
    const int H = int(mask.size(0)), W = int(mask.size(1));
    // Padded by one outside pixel on every side: the border is a boundary.
    const int PH = H + 2, PW = W + 2;
    std::vector<float> f(std::size_t(PH) * std::size_t(PW), 0.0f);
    const bool* m = mask.data_ptr<bool>();
    const float inf = std::numeric_limits<float>::infinity();
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x)
            if (m[std::size_t(y) * std::size_t(W) + std::size_t(x)])
                f[std::size_t(y + 1) * std::size_t(PW) + std::size_t(x + 1)] = inf;
    std::vector<float> d, z;
    std::vector<int> v;
    for (int y = 0; y < PH; ++y) edt1d(&f[std::size_t(y) * std::size_t(PW)], PW, 1, d, v, z);
    for (int x = 0; x < PW; ++x) edt1d(&f[std::size_t(x)], PH, PW, d, v, z);
    torch::Tensor out = torch::empty({H, W}, torch::kFloat32);
    float* o = out.data_ptr<float>();
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x)
            o[std::size_t(y) * std::size_t(W) + std::size_t(x)] =
                std::sqrt(f[std::size_t(y + 1) * std::size_t(PW) + std::size_t(x + 1)]);
    return out;
}

std::optional<Click> ClickSimulation::firstClick(const torch::Tensor& object,
                                                 std::mt19937_64* rng) {
    const torch::Tensor dist = distanceInside(object);
    const float deepest = dist.max().item<float>();
    if (deepest <= 0) return std::nullopt;
    const int W = int(dist.size(1));
    if (!rng) {
        const int64_t i = dist.flatten().argmax().item<int64_t>();
        return Click{double(i % W), double(i / W), true};
    }
    const torch::Tensor candidates = dist.flatten().ge(0.5f * deepest).nonzero().flatten();
    std::uniform_int_distribution<int64_t> pick(0, candidates.size(0) - 1);
    const int64_t i = candidates[pick(*rng)].item<int64_t>();
    return Click{double(i % W), double(i / W), true};
}

std::optional<Click> ClickSimulation::nextClick(const torch::Tensor& predictedIn,
                                                const torch::Tensor& objectIn) {
    const torch::Tensor predicted = asBool(predictedIn, "prediction");
    const torch::Tensor object = asBool(objectIn, "object");
    if (predicted.sizes() != object.sizes())
        throw std::invalid_argument("prediction and object differ in size");
    const torch::Tensor missed = distanceInside(object & ~predicted);
    const torch::Tensor extra = distanceInside(predicted & ~object);
    const float m = missed.max().item<float>(), e = extra.max().item<float>();
    if (m <= 0 && e <= 0) return std::nullopt;
    const bool positive = m >= e;
    const int64_t i = (positive ? missed : extra).flatten().argmax().item<int64_t>();
    const int64_t W = object.size(1);
    return Click{double(i % W), double(i / W), positive};
}

std::pair<torch::Tensor, int> ClickSimulation::components(const torch::Tensor& maskIn) {
    const torch::Tensor mask = asBool(maskIn, "mask");
    const int H = int(mask.size(0)), W = int(mask.size(1));
    torch::Tensor labels = torch::zeros({H, W}, torch::kInt32);
    const bool* m = mask.data_ptr<bool>();
    std::int32_t* l = labels.data_ptr<std::int32_t>();
    int count = 0;
    std::vector<int> stack;
    for (int start = 0; start < H * W; ++start) {
        if (!m[start] || l[start]) continue;
        l[start] = ++count;
        stack.assign(1, start);
        while (!stack.empty()) {
            const int i = stack.back();
            stack.pop_back();
            const int x = i % W, y = i / W;
            const int next[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
            for (const auto& n : next) {
                if (n[0] < 0 || n[0] >= W || n[1] < 0 || n[1] >= H) continue;
                const int j = n[1] * W + n[0];
                if (m[j] && !l[j]) {
                    l[j] = count;
                    stack.push_back(j);
                }
            }
        }
    }
    return {labels, count};
}

torch::Tensor ClickSimulation::largestComponent(const torch::Tensor& mask) {
    const auto [labels, count] = components(mask);
    if (count == 0) return torch::zeros_like(labels, torch::kBool);
    const torch::Tensor sizes = torch::bincount(labels.flatten(), {}, count + 1);
    const int64_t biggest = sizes.slice(0, 1).argmax().item<int64_t>() + 1;
    return labels.eq(biggest);
}

torch::Tensor ClickSimulation::componentsAt(const torch::Tensor& mask,
                                            const std::vector<Click>& clicks,
                                            const torch::Tensor& keep) {
    const auto [labels, count] = components(mask);
    std::vector<bool> kept(std::size_t(count) + 1, false);
    const int64_t H = labels.size(0), W = labels.size(1);
    const std::int32_t* l = labels.data_ptr<std::int32_t>();
    for (const Click& c : clicks) {
        const int64_t x = std::llround(c.x), y = std::llround(c.y);
        if (c.positive && x >= 0 && x < W && y >= 0 && y < H)
            kept[std::size_t(l[y * W + x])] = true;
    }
    if (keep.defined() && keep.numel() == labels.numel()) {
        const torch::Tensor k = asBool(keep, "kept mask");
        const bool* kp = k.data_ptr<bool>();
        for (int64_t i = 0; i < H * W; ++i)
            if (kp[i]) kept[std::size_t(l[i])] = true;
    }
    kept[0] = false;
    torch::Tensor out = torch::zeros({H, W}, torch::kBool);
    bool* o = out.data_ptr<bool>();
    for (int64_t i = 0; i < H * W; ++i) o[i] = kept[std::size_t(l[i])];
    return out;
}

double ClickSimulation::dice(const torch::Tensor& aIn, const torch::Tensor& bIn) {
    const torch::Tensor a = asBool(aIn, "mask"), b = asBool(bIn, "mask");
    const double inter = double((a & b).sum().item<int64_t>());
    const double total = double(a.sum().item<int64_t>() + b.sum().item<int64_t>());
    return total == 0 ? 1.0 : 2 * inter / total;
}

double ClickSimulation::iou(const torch::Tensor& aIn, const torch::Tensor& bIn) {
    const torch::Tensor a = asBool(aIn, "mask"), b = asBool(bIn, "mask");
    const double inter = double((a & b).sum().item<int64_t>());
    const double uni = double((a | b).sum().item<int64_t>());
    return uni == 0 ? 1.0 : inter / uni;
}

}  // namespace radlens::ai
