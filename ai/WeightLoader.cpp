#include "ai/WeightLoader.h"

#include <map>
#include <sstream>
#include <stdexcept>

namespace radlens::ai {

namespace {

std::string shapeOf(const torch::Tensor& t) {
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}

std::map<std::string, torch::Tensor> targets(Network& network) {
    std::map<std::string, torch::Tensor> out;
    for (auto& p : network.named_parameters(true)) out[p.key()] = p.value();
    for (auto& b : network.named_buffers(true)) out[b.key()] = b.value();
    return out;
}

/// The network's name for a file's tensor name, trying the "encoder." prefix.
std::string resolve(const std::map<std::string, torch::Tensor>& into, const std::string& name) {
    if (into.count(name)) return name;
    if (into.count("encoder." + name)) return "encoder." + name;
    return {};
}

}  // namespace

std::string LoadReport::summary() const {
    std::ostringstream s;
    s << loaded.size() << " loaded, " << adapted.size() << " adapted to the input channels, "
      << mismatched.size() << " mismatched, " << unexpected.size() << " not used, "
      << missing.size() << " left at their initial values";
    return s.str();
}

NamedTensors WeightLoader::stateDict(Network& network) {
    NamedTensors out;
    for (auto& p : network.named_parameters(true)) out.emplace_back(p.key(), p.value());
    for (auto& b : network.named_buffers(true)) out.emplace_back(b.key(), b.value());
    return out;
}

LoadReport WeightLoader::loadPartial(Network& network, const NamedTensors& tensors) {
    torch::NoGradGuard noGrad;
    LoadReport report;
    std::map<std::string, torch::Tensor> into = targets(network);
    std::map<std::string, bool> filled;
    for (const auto& [name, value] : tensors) {
        const std::string target = resolve(into, name);
        if (target.empty()) {
            report.unexpected.push_back(name);
            continue;
        }
        torch::Tensor& dst = into[target];
        if (dst.sizes() == value.sizes()) {
            dst.copy_(value);
            report.loaded.push_back(target);
        } else if (dst.dim() == 4 && value.dim() == 4 && dst.size(1) == 1 && value.size(1) == 3 &&
                   dst.size(0) == value.size(0) && dst.size(2) == value.size(2) &&
                   dst.size(3) == value.size(3)) {
            dst.copy_(value.sum(1, true));
            report.adapted.push_back(target);
        } else if (dst.dim() == 4 && value.dim() == 4 && dst.size(1) > 1 &&
                   (value.size(1) == 1 || value.size(1) == 3) && dst.size(1) != value.size(1) &&
                   dst.size(0) == value.size(0) && dst.size(2) == value.size(2) &&
                   dst.size(3) == value.size(3)) {
            // A one-channel (or summed RGB) first convolution into a network
            // with extra input channels (the interactive segmenter's clicks
            // and previous mask): the image channel keeps its weights, the
            // extra channels start at zero.
            dst.zero_();
            dst.slice(1, 0, 1).copy_(value.sum(1, true));
            report.adapted.push_back(target);
        } else {
            report.mismatched.push_back(target + ": file " + shapeOf(value) + " vs network " +
                                        shapeOf(dst));
            continue;
        }
        filled[target] = true;
    }
    for (const auto& [name, t] : into)
        if (!filled.count(name)) report.missing.push_back(name);
    return report;
}

void WeightLoader::loadStrict(Network& network, const NamedTensors& tensors) {
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> into = targets(network);
    std::map<std::string, const torch::Tensor*> given;
    for (const auto& [name, value] : tensors) {
        if (!into.count(name))
            throw std::runtime_error("unexpected tensor " + name + " (not part of this network)");
        given[name] = &value;
    }
    for (auto& [name, dst] : into) {
        auto it = given.find(name);
        if (it == given.end()) throw std::runtime_error("missing tensor " + name);
        if (dst.sizes() != it->second->sizes())
            throw std::runtime_error("tensor " + name + " has shape " + shapeOf(*it->second) +
                                     ", the network expects " + shapeOf(dst));
        if (dst.scalar_type() != it->second->scalar_type() && !dst.is_floating_point())
            throw std::runtime_error("tensor " + name + " has the wrong type");
        dst.copy_(*it->second);
    }
}

}  // namespace radlens::ai
