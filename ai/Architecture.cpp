#include "ai/Architecture.h"

namespace radlens::ai {

std::optional<Architecture> architectureFromName(const std::string& name) {
    for (Architecture a : {Architecture::ResNet18, Architecture::ResNet34, Architecture::ResNet50,
                           Architecture::ResNet101, Architecture::EfficientNetB0,
                           Architecture::UNetEfficientNetB0, Architecture::UNetResNet34})
        if (architectureName(a) == name) return a;
    return std::nullopt;
}

std::string architectureName(Architecture arch) {
    switch (arch) {
        case Architecture::ResNet18:
            return "resnet18";
        case Architecture::ResNet34:
            return "resnet34";
        case Architecture::ResNet50:
            return "resnet50";
        case Architecture::ResNet101:
            return "resnet101";
        case Architecture::EfficientNetB0:
            return "efficientnet_b0";
        case Architecture::UNetEfficientNetB0:
            return "unet-efficientnet_b0";
        case Architecture::UNetResNet34:
            return "unet-resnet34";
    }
    return "unknown";
}

std::string architectureNames() {
    return "resnet18, resnet34, resnet50, resnet101, efficientnet_b0, unet-efficientnet_b0, "
           "unet-resnet34";
}

bool isSegmenter(Architecture arch) {
    return arch == Architecture::UNetEfficientNetB0 || arch == Architecture::UNetResNet34;
}

}  // namespace radlens::ai
