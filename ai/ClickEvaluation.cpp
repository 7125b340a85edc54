#include "ai/ClickEvaluation.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace radlens::ai {

std::vector<double> ClickEvaluation::clickCurve(ClickSegmenter& segmenter,
                                                const torch::Tensor& image,
                                                const torch::Tensor& objectIn, int maxClicks) {
    const torch::Tensor object = objectIn.to(torch::kCPU).ne(0);
    segmenter.setSlice(image);
    std::vector<Click> clicks;
    torch::Tensor answer = torch::zeros_like(object);
    std::vector<double> curve;
    for (int k = 0; k < maxClicks; ++k) {
        const std::optional<Click> c = k == 0 ? ClickSimulation::firstClick(object)
                                              : ClickSimulation::nextClick(answer, object);
        if (!c) {  // exact: the curve stays where it is
            curve.push_back(curve.empty() ? 1.0 : curve.back());
            continue;
        }
        clicks.push_back(*c);
        answer = segmenter.segment(clicks, answer);
        curve.push_back(ClickSimulation::dice(answer, object));
    }
    return curve;
}

std::vector<double> ClickEvaluation::brushCurve(const torch::Tensor& objectIn, int maxStrokes,
                                                double brushRadiusPx) {
    const torch::Tensor object = objectIn.to(torch::kCPU).ne(0);
    const int64_t H = object.size(0), W = object.size(1);
    const torch::Tensor yy = torch::arange(H, torch::kFloat32).view({H, 1});
    const torch::Tensor xx = torch::arange(W, torch::kFloat32).view({1, W});
    torch::Tensor painted = torch::zeros_like(object);
    std::vector<double> curve;
    for (int k = 0; k < maxStrokes; ++k) {
        const torch::Tensor missed = ClickSimulation::distanceInside(object & ~painted);
        const torch::Tensor extra = ClickSimulation::distanceInside(painted & ~object);
        const float m = missed.max().item<float>(), e = extra.max().item<float>();
        if (m > 0 || e > 0) {
            const bool paint = m >= e;
            const torch::Tensor& d = paint ? missed : extra;
            const int64_t i = d.flatten().argmax().item<int64_t>();
            const double r = std::min(double(paint ? m : e), brushRadiusPx);
            const float cx = float(i % W), cy = float(i / W);
            // The dab: pixels whose centre lies within r (at least the pixel itself).
            const torch::Tensor disc = ((xx - cx).square() + (yy - cy).square())
                                           .le(float(std::max(r, 0.5) * std::max(r, 0.5)));
            painted = paint ? (painted | disc) : (painted & ~disc);
        }
        curve.push_back(ClickSimulation::dice(painted, object));
    }
    return curve;
}

nlohmann::json ClickEvaluation::summarize(const std::vector<std::vector<double>>& curves) {
    nlohmann::json out = {{"objects", curves.size()}};
    if (curves.empty()) return out;
    const int maxClicks = int(curves.front().size());
    auto meanAt = [&](int k) {
        double s = 0;
        for (const auto& c : curves) s += c[std::size_t(std::min(k, int(c.size())) - 1)];
        return s / double(curves.size());
    };
    auto noc = [&](double goal, int& failures) {
        double s = 0;
        failures = 0;
        for (const auto& c : curves) {
            int n = maxClicks;
            bool reached = false;
            for (std::size_t k = 0; k < c.size(); ++k)
                if (c[k] >= goal) {
                    n = int(k) + 1;
                    reached = true;
                    break;
                }
            if (!reached) ++failures;
            s += n;
        }
        return s / double(curves.size());
    };
    int f85 = 0, f90 = 0;
    out["max_clicks"] = maxClicks;
    out["dice_at"] = nlohmann::json::object();
    for (int k : {1, 3, 5})
        if (k <= maxClicks) out["dice_at"][std::to_string(k)] = meanAt(k);
    out["noc85"] = noc(0.85, f85);
    out["noc90"] = noc(0.90, f90);
    out["failures85"] = f85;
    out["failures90"] = f90;
    return out;
}

}  // namespace radlens::ai
