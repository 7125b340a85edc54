#include "ai/Networks.h"

#include <map>
#include <stdexcept>

namespace radlens::ai {

namespace nn = torch::nn;

namespace {

/// A Sequential with a plain forward(Tensor), so Sequentials can nest.
class SeqImpl : public nn::SequentialImpl {
public:
    torch::Tensor forward(torch::Tensor x) { return nn::SequentialImpl::forward(x); }
};
using Seq = std::shared_ptr<SeqImpl>;

template <class... M>
Seq seq(M&&... modules) {
    auto s = std::make_shared<SeqImpl>();
    (s->push_back(std::forward<M>(modules)), ...);
    return s;
}

/// BatchNorm2d that can be folded into the convolution before it (inference):
/// nn::BatchNorm2d's parameters, buffers, names, order, defaults (momentum
/// 0.1, eps 1e-5) and arithmetic (torch::batch_norm). Its own module, not a
/// subclass of nn::BatchNorm2dImpl: under clang a subclass emits construction
/// vtables naming BatchNormImplBase<2>::pretty_print, which Debian's
/// libtorch does not export (the sanitizer tree's link failed).
class FoldableBatchNormImpl : public nn::Cloneable<FoldableBatchNormImpl> {
public:
    static constexpr double kMomentum = 0.1;
    static constexpr double kEps = 1e-5;

    explicit FoldableBatchNormImpl(int channels) : channels_(channels) { reset(); }
    void reset() override {
        weight = register_parameter("weight", torch::ones({channels_}));
        bias = register_parameter("bias", torch::zeros({channels_}));
        running_mean = register_buffer("running_mean", torch::zeros({channels_}));
        running_var = register_buffer("running_var", torch::ones({channels_}));
        num_batches_tracked =
            register_buffer("num_batches_tracked", torch::tensor(0, torch::dtype(torch::kLong)));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        if (folded) return x;
        if (x.dim() != 4)
            throw std::invalid_argument("BatchNorm2d expects a 4-D input, got " +
                                        std::to_string(x.dim()) + "-D");
        if (is_training()) {
            torch::NoGradGuard noGrad;
            num_batches_tracked += 1;
        }
        return torch::batch_norm(x, weight, bias, running_mean, running_var, is_training(),
                                 kMomentum, kEps, at::globalContext().userEnabledCuDNN());
    }
    void pretty_print(std::ostream& stream) const override {
        stream << "BatchNorm2d(" << channels_ << (folded ? ", folded)" : ")");
    }

    torch::Tensor weight, bias, running_mean, running_var, num_batches_tracked;
    bool folded = false;

private:
    int channels_;
};

using BatchNorm = std::shared_ptr<FoldableBatchNormImpl>;
BatchNorm batchNorm(int channels) { return std::make_shared<FoldableBatchNormImpl>(channels); }

nn::Conv2d conv(int in, int out, int k, int stride = 1, int groups = 1, bool bias = false) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, k)
                          .stride(stride)
                          .padding((k - 1) / 2)
                          .groups(groups)
                          .bias(bias));
}

// ---------------------------------------------------------------- ResNet

class BasicBlockImpl : public nn::Module {
public:
    static constexpr int kExpansion = 1;
    BasicBlockImpl(int in, int planes, int stride) {
        conv1 = register_module("conv1", conv(in, planes, 3, stride));
        bn1 = register_module("bn1", batchNorm(planes));
        conv2 = register_module("conv2", conv(planes, planes, 3));
        bn2 = register_module("bn2", batchNorm(planes));
        if (stride != 1 || in != planes)
            downsample =
                register_module("downsample", seq(conv(in, planes, 1, stride), batchNorm(planes)));
    }
    torch::Tensor forward(torch::Tensor x) {
        // In place where torchvision is (ReLU, residual sum): fewer allocations.
        torch::Tensor out = bn1->forward(conv1(x)).relu_();
        out = bn2->forward(conv2(out));
        out += downsample ? downsample->forward(x) : x;
        return out.relu_();
    }

private:
    nn::Conv2d conv1{nullptr}, conv2{nullptr};
    BatchNorm bn1, bn2;
    Seq downsample;
};

class BottleneckImpl : public nn::Module {
public:
    static constexpr int kExpansion = 4;
    BottleneckImpl(int in, int planes, int stride) {
        conv1 = register_module("conv1", conv(in, planes, 1));
        bn1 = register_module("bn1", batchNorm(planes));
        conv2 = register_module("conv2", conv(planes, planes, 3, stride));  // stride here: v1.5
        bn2 = register_module("bn2", batchNorm(planes));
        conv3 = register_module("conv3", conv(planes, planes * 4, 1));
        bn3 = register_module("bn3", batchNorm(planes * 4));
        if (stride != 1 || in != planes * 4)
            downsample = register_module(
                "downsample", seq(conv(in, planes * 4, 1, stride), batchNorm(planes * 4)));
    }
    torch::Tensor forward(torch::Tensor x) {
        torch::Tensor out = bn1->forward(conv1(x)).relu_();
        out = bn2->forward(conv2(out)).relu_();
        out = bn3->forward(conv3(out));
        out += downsample ? downsample->forward(x) : x;
        return out.relu_();
    }

private:
    nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    BatchNorm bn1, bn2, bn3;
    Seq downsample;
};

/// torchvision's ResNet; with classes == 0 it has no fc (an encoder).
class ResNet : public Network {
public:
    ResNet(const std::vector<int>& layers, bool bottleneck, int classes, int inChannels) {
        conv1 = register_module(
            "conv1",
            nn::Conv2d(nn::Conv2dOptions(inChannels, 64, 7).stride(2).padding(3).bias(false)));
        bn1 = register_module("bn1", batchNorm(64));
        const int widths[4] = {64, 128, 256, 512};
        for (int i = 0; i < 4; ++i) {
            Seq stage = seq();
            for (int b = 0; b < layers[i]; ++b) {
                const int stride = (b == 0 && i > 0) ? 2 : 1;
                if (bottleneck) {
                    stage->push_back(std::make_shared<BottleneckImpl>(in_, widths[i], stride));
                    in_ = widths[i] * BottleneckImpl::kExpansion;
                } else {
                    stage->push_back(std::make_shared<BasicBlockImpl>(in_, widths[i], stride));
                    in_ = widths[i] * BasicBlockImpl::kExpansion;
                }
            }
            stages_[i] = register_module("layer" + std::to_string(i + 1), stage);
        }
        if (classes > 0) fc = register_module("fc", nn::Linear(in_, classes));
    }

    std::vector<torch::Tensor> features(torch::Tensor x) override {
        std::vector<torch::Tensor> out;
        x = bn1->forward(conv1(x)).relu_();
        out.push_back(x);
        x = torch::max_pool2d(x, 3, 2, 1);
        for (auto& s : stages_) {
            x = s->forward(x);
            out.push_back(x);
        }
        return out;
    }

    torch::Tensor forward(torch::Tensor x) override { return forwardWithActivation(x).first; }

    std::pair<torch::Tensor, torch::Tensor> forwardWithActivation(torch::Tensor x) override {
        torch::Tensor a = features(x).back();
        torch::Tensor f = torch::adaptive_avg_pool2d(a, {1, 1}).flatten(1);
        return {fc ? fc(f) : f, a};
    }

    int outChannels() const { return in_; }

private:
    int in_ = 64;
    nn::Conv2d conv1{nullptr};
    BatchNorm bn1;
    Seq stages_[4];
    nn::Linear fc{nullptr};
};

// ---------------------------------------------------------------- EfficientNet-B0

enum class Act { None, SiLU, ReLU };

class SiLUInPlaceImpl : public nn::Module {
public:
    torch::Tensor forward(torch::Tensor x) { return torch::silu_(x); }
};

/// torchvision's Conv2dNormActivation: "0" conv, "1" batch norm, "2" activation.
Seq convNormAct(int in, int out, int k, int stride, int groups, Act act) {
    Seq s = seq(conv(in, out, k, stride, groups), batchNorm(out));
    // In place, as torchvision's Conv2dNormActivation: one allocation less per layer.
    if (act == Act::SiLU) s->push_back(std::make_shared<SiLUInPlaceImpl>());
    if (act == Act::ReLU) s->push_back(nn::ReLU(nn::ReLUOptions().inplace(true)));
    return s;
}

class SqueezeExcitationImpl : public nn::Module {
public:
    SqueezeExcitationImpl(int channels, int squeeze) {
        fc1 = register_module("fc1", nn::Conv2d(nn::Conv2dOptions(channels, squeeze, 1)));
        fc2 = register_module("fc2", nn::Conv2d(nn::Conv2dOptions(squeeze, channels, 1)));
    }
    torch::Tensor forward(torch::Tensor x) {
        torch::Tensor s = torch::adaptive_avg_pool2d(x, {1, 1});
        s = torch::sigmoid(fc2(torch::silu(fc1(s))));
        return x * s;
    }

private:
    nn::Conv2d fc1{nullptr}, fc2{nullptr};
};

class MBConvImpl : public nn::Module {
public:
    MBConvImpl(int expand, int kernel, int stride, int in, int out)
        : residual_(stride == 1 && in == out) {
        const int expanded = in * expand;
        Seq layers = seq();
        if (expanded != in) layers->push_back(convNormAct(in, expanded, 1, 1, 1, Act::SiLU));
        layers->push_back(convNormAct(expanded, expanded, kernel, stride, expanded, Act::SiLU));
        layers->push_back(std::make_shared<SqueezeExcitationImpl>(expanded, std::max(1, in / 4)));
        layers->push_back(convNormAct(expanded, out, 1, 1, 1, Act::None));
        block = register_module("block", layers);
    }
    torch::Tensor forward(torch::Tensor x) {
        torch::Tensor y = block->forward(x);
        return residual_ ? y + x : y;
    }

private:
    bool residual_;
    Seq block;
};

class EfficientNetB0 : public Network {
public:
    EfficientNetB0(int classes, int inChannels) {
        Seq f = seq();
        f->push_back(convNormAct(inChannels, 32, 3, 2, 1, Act::SiLU));
        // expand, kernel, stride, in, out, layers (torchvision's B0 table)
        const int table[7][6] = {{1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},
                                 {6, 5, 2, 24, 40, 2},  {6, 3, 2, 40, 80, 3},
                                 {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4},
                                 {6, 3, 1, 192, 320, 1}};
        for (const auto& r : table) {
            Seq stage = seq();
            for (int b = 0; b < r[5]; ++b)
                stage->push_back(std::make_shared<MBConvImpl>(r[0], r[1], b == 0 ? r[2] : 1,
                                                              b == 0 ? r[3] : r[4], r[4]));
            f->push_back(stage);
        }
        // features.8, the 1280-channel head, only for classifiers: a U-Net
        // encoder stops at features.7.
        if (classes > 0) f->push_back(convNormAct(320, 1280, 1, 1, 1, Act::SiLU));
        featuresSeq = register_module("features", f);
        if (classes > 0)
            classifier =
                register_module("classifier", seq(nn::Dropout(0.2), nn::Linear(1280, classes)));
    }

    /// Outputs of features.1, .2, .3, .5 and .7 (strides 2 to 32).
    std::vector<torch::Tensor> features(torch::Tensor x) override {
        std::vector<torch::Tensor> out;
        int i = 0;
        for (auto& stage : *featuresSeq) {
            if (i == 8) break;
            x = stage.forward(x);
            if (i == 1 || i == 2 || i == 3 || i == 5 || i == 7) out.push_back(x);
            ++i;
        }
        return out;
    }

    torch::Tensor forward(torch::Tensor x) override { return forwardWithActivation(x).first; }

    std::pair<torch::Tensor, torch::Tensor> forwardWithActivation(torch::Tensor x) override {
        torch::Tensor a = featuresSeq->forward(x);
        torch::Tensor f = torch::adaptive_avg_pool2d(a, {1, 1}).flatten(1);
        return {classifier ? classifier->forward(f) : f, a};
    }

private:
    Seq featuresSeq;
    Seq classifier;
};

// ---------------------------------------------------------------- U-Net

class DecoderBlockImpl : public nn::Module {
public:
    DecoderBlockImpl(int in, int skip, int out) {
        conv1 = register_module("conv1", convNormAct(in + skip, out, 3, 1, 1, Act::ReLU));
        conv2 = register_module("conv2", convNormAct(out, out, 3, 1, 1, Act::ReLU));
    }
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& skip) {
        x = torch::upsample_nearest2d(x, c10::nullopt, std::vector<double>{2.0, 2.0});
        if (skip.defined()) x = torch::cat({x, skip}, 1);
        return conv2->forward(conv1->forward(x));
    }

private:
    Seq conv1, conv2;
};

class UNet : public Network {
public:
    UNet(std::shared_ptr<Network> encoder, std::vector<int> encoderChannels, int classes)
        : encoder_(register_module("encoder", std::move(encoder))) {
        // encoderChannels: strides 2..32; the deepest feeds the first block.
        const int decoder[5] = {256, 128, 64, 32, 16};
        nn::ModuleList blocks;
        int in = encoderChannels[4];
        for (int i = 0; i < 5; ++i) {
            const int skip = i < 4 ? encoderChannels[3 - i] : 0;
            auto b = std::make_shared<DecoderBlockImpl>(in, skip, decoder[i]);
            blocks->push_back(b);
            blocks_.push_back(b);
            in = decoder[i];
        }
        auto dec = std::make_shared<nn::Module>();
        decoder_ = register_module("decoder", dec);
        decoder_->register_module("blocks", blocks);
        head_ = register_module("segmentation_head",
                                seq(nn::Conv2d(nn::Conv2dOptions(16, classes, 3).padding(1))));
    }

    std::vector<torch::Tensor> features(torch::Tensor x) override { return encoder_->features(x); }

    std::pair<torch::Tensor, torch::Tensor> forwardWithActivation(torch::Tensor) override {
        throw std::logic_error("a segmenter has no class activation");
    }

    torch::Tensor forward(torch::Tensor x) override {
        const auto h = x.size(2), w = x.size(3);
        if (h % 32 || w % 32)
            throw std::invalid_argument("U-Net input height and width must be multiples of 32");
        std::vector<torch::Tensor> f = encoder_->features(x);
        torch::Tensor y = f[4];
        for (int i = 0; i < 5; ++i) y = blocks_[i]->forward(y, i < 4 ? f[3 - i] : torch::Tensor());
        return head_->forward(y);
    }

private:
    std::shared_ptr<Network> encoder_;
    std::shared_ptr<nn::Module> decoder_;
    std::vector<std::shared_ptr<DecoderBlockImpl>> blocks_;
    Seq head_;
};

}  // namespace

int Network::foldBatchNorms() {
    torch::NoGradGuard noGrad;
    // Pairs by name: "p.bnK" follows "p.convK" (ResNet), "p.1" follows "p.0"
    // (torchvision's Conv2dNormActivation, downsample, decoder blocks).
    std::map<std::string, std::shared_ptr<nn::Module>> modules;
    for (const auto& item : named_modules()) modules[item.key()] = item.value();
    int folded = 0;
    for (auto& [name, module] : modules) {
        auto* bn = dynamic_cast<FoldableBatchNormImpl*>(module.get());
        if (!bn || bn->folded) continue;
        const std::size_t dot = name.rfind('.');
        const std::string parent = dot == std::string::npos ? "" : name.substr(0, dot + 1);
        const std::string leaf = name.substr(parent.size());
        std::string partner;
        if (leaf == "1")
            partner = parent + "0";
        else if (leaf.rfind("bn", 0) == 0)
            partner = parent + "conv" + leaf.substr(2);
        auto it = modules.find(partner);
        if (it == modules.end()) continue;
        auto* c = dynamic_cast<nn::Conv2dImpl*>(it->second.get());
        if (!c) continue;
        const torch::Tensor scale =
            bn->weight / torch::sqrt(bn->running_var + FoldableBatchNormImpl::kEps);
        c->weight.set_data(c->weight * scale.view({-1, 1, 1, 1}));
        const torch::Tensor bias =
            c->bias.defined() ? c->bias : torch::zeros_like(bn->running_mean);
        // A plain member, not a registered parameter (a bias-free convolution
        // holds an undefined "bias" slot that cannot be registered again):
        // fold after moving the network to its device.
        c->bias = ((bias - bn->running_mean) * scale + bn->bias).detach();
        bn->folded = true;
        ++folded;
    }
    return folded;
}

void Network::freezeBatchNorms() {
    for (auto& m : modules(false))
        if (dynamic_cast<FoldableBatchNormImpl*>(m.get())) m->eval();
}

void Network::toChannelsLast() {
    torch::NoGradGuard noGrad;
    for (auto& p : parameters())
        if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
}

std::shared_ptr<Network> createNetwork(Architecture arch, int classes, int inChannels) {
    if (classes < 1) throw std::invalid_argument("a network needs at least one class");
    if (inChannels < 1 || inChannels > 4)
        throw std::invalid_argument("input channels must be 1 to 4");
    switch (arch) {
        case Architecture::ResNet18:
            return std::make_shared<ResNet>(std::vector<int>{2, 2, 2, 2}, false, classes,
                                            inChannels);
        case Architecture::ResNet34:
            return std::make_shared<ResNet>(std::vector<int>{3, 4, 6, 3}, false, classes,
                                            inChannels);
        case Architecture::ResNet50:
            return std::make_shared<ResNet>(std::vector<int>{3, 4, 6, 3}, true, classes,
                                            inChannels);
        case Architecture::ResNet101:
            return std::make_shared<ResNet>(std::vector<int>{3, 4, 23, 3}, true, classes,
                                            inChannels);
        case Architecture::EfficientNetB0:
            return std::make_shared<EfficientNetB0>(classes, inChannels);
        case Architecture::UNetResNet34:
            return std::make_shared<UNet>(
                std::make_shared<ResNet>(std::vector<int>{3, 4, 6, 3}, false, 0, inChannels),
                std::vector<int>{64, 64, 128, 256, 512}, classes);
        case Architecture::UNetEfficientNetB0:
            return std::make_shared<UNet>(std::make_shared<EfficientNetB0>(0, inChannels),
                                          std::vector<int>{16, 24, 40, 112, 320}, classes);
    }
    throw std::invalid_argument("unknown architecture");
}

}  // namespace radlens::ai
