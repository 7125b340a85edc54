#pragma once
// The network architectures Radlens builds (Networks.h), by name as
// model.json spells them. Torch-free, so that a manifest can be read (and
// fuzzed) without LibTorch.
//
// Threads: any.

#include <optional>
#include <string>

namespace radlens::ai {

enum class Architecture {
    ResNet18,
    ResNet34,
    ResNet50,
    ResNet101,
    EfficientNetB0,
    UNetEfficientNetB0,
    UNetResNet34
};

std::optional<Architecture> architectureFromName(const std::string& name);
std::string architectureName(Architecture arch);
bool isSegmenter(Architecture arch);
/// All names accepted by architectureFromName, comma separated (for messages).
std::string architectureNames();

}  // namespace radlens::ai
