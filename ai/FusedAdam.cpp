#include "ai/FusedAdam.h"

#include <ATen/Parallel.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>

namespace radlens::ai {

namespace {

bool fusable(const torch::Tensor& p) {
    const torch::Tensor& g = p.grad();
    // Dense memory with the same layout (channels-last included): the update
    // can run over the raw arrays element by element.
    return p.device().is_cpu() && p.scalar_type() == torch::kFloat32 &&
           p.is_non_overlapping_and_dense() && g.defined() && !g.is_sparse() &&
           g.scalar_type() == torch::kFloat32 && g.sizes() == p.sizes() &&
           g.strides() == p.strides();
}

/// The key of a parameter's state: its TensorImpl address, as a string in
/// LibTorch 1.13 (what c10::guts::to_string makes of it), as the pointer
/// itself in later versions.
template <typename Key>
Key stateKey(c10::TensorImpl* impl) {
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream s;
        s << impl;
        return s.str();
    } else {
        return impl;
    }
}

struct Coefficients {
    float beta1, oneMinusBeta1, beta2, oneMinusBeta2, weightDecay, eps, stepSize;
    float sqrtBias2;
    bool amsgrad;
};

/// One element range of the update, with the operations and their order of
/// ATen's kernels behind torch::optim::Adam, so the floats round alike:
/// m = m*b1 + (1-b1)*g; v = v*b2 + ((1-b2)*g)*g; vmax = max(vmax, v);
/// p = p + (-step*m) / (sqrt(vmax)/sqrt(bc2) + eps).
void update(float* p, const float* g, float* m, float* v, float* vmax, int64_t begin, int64_t end,
            const Coefficients& c) {
    for (int64_t i = begin; i < end; ++i) {
        float grad = g[i];
        if (c.weightDecay != 0.0f) grad = grad + c.weightDecay * p[i];
        const float mi = m[i] * c.beta1 + c.oneMinusBeta1 * grad;
        const float vi = v[i] * c.beta2 + c.oneMinusBeta2 * grad * grad;
        m[i] = mi;
        v[i] = vi;
        float second = vi;
        if (c.amsgrad) {
            second = std::max(vmax[i], vi);
            vmax[i] = second;
        }
        const float denom = std::sqrt(second) / c.sqrtBias2 + c.eps;
        p[i] = p[i] + (-c.stepSize) * mi / denom;
    }
}

}  // namespace

FusedAdam::FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options)
    : torch::optim::Adam(std::move(params), std::move(options)) {}

void FusedAdam::clearGradients() {
    for (auto& group : param_groups_)
        for (torch::Tensor& p : group.params()) p.mutable_grad() = torch::Tensor();
}

torch::Tensor FusedAdam::step(LossClosure closure) {
    for (const auto& group : param_groups_)
        for (const torch::Tensor& p : group.params())
            if (p.grad().defined() && !fusable(p)) return torch::optim::Adam::step(closure);

    torch::NoGradGuard noGrad;
    torch::Tensor loss;
    if (closure != nullptr) {
        at::AutoGradMode enableGrad(true);
        loss = closure();
    }
    for (auto& group : param_groups_) {
        auto& options = static_cast<torch::optim::AdamOptions&>(group.options());
        for (torch::Tensor& p : group.params()) {
            if (!p.grad().defined()) continue;
            using Key = typename std::decay_t<decltype(state_)>::key_type;
            const Key key = stateKey<Key>(p.unsafeGetTensorImpl());
            auto it = state_.find(key);
            if (it == state_.end()) {
                auto s = std::make_unique<torch::optim::AdamParamState>();
                s->step(0);
                s->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                s->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                if (options.amsgrad())
                    s->max_exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                it = state_.emplace(key, std::move(s)).first;
            }
            auto& s = static_cast<torch::optim::AdamParamState&>(*it->second);
            s.step(s.step() + 1);
            const double beta1 = std::get<0>(options.betas()), beta2 = std::get<1>(options.betas());
            const double bias1 = 1 - std::pow(beta1, double(s.step()));
            const double bias2 = 1 - std::pow(beta2, double(s.step()));
            const Coefficients c{float(beta1),
                                 float(1 - beta1),
                                 float(beta2),
                                 float(1 - beta2),
                                 float(options.weight_decay()),
                                 float(options.eps()),
                                 float(options.lr() / bias1),
                                 float(std::sqrt(bias2)),
                                 options.amsgrad()};
            float* pp = p.data_ptr<float>();
            const float* gp = p.grad().data_ptr<float>();
            float* mp = s.exp_avg().data_ptr<float>();
            float* vp = s.exp_avg_sq().data_ptr<float>();
            float* vmaxp = options.amsgrad() ? s.max_exp_avg_sq().data_ptr<float>() : nullptr;
            at::parallel_for(0, p.numel(), 16384, [&](int64_t begin, int64_t end) {
                update(pp, gp, mp, vp, vmaxp, begin, end, c);
            });
        }
    }
    return loss;
}

}  // namespace radlens::ai
