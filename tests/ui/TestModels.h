#pragma once
// Model bundles for the Qt tests: real networks with random weights.
//
// Threads: any.

#include <QString>

#include "ai/ModelBundle.h"
#include "ai/Networks.h"

namespace radlens::test {

/// A ResNet-18 classifier of one class ("Nodule") with threshold 0, so that
/// every series it analyses is flagged; 64x64 input. Written to `folder`.
inline ai::Manifest writeFlaggingClassifier(const QString& folder, const std::string& name) {
    ai::Manifest m;
    m.name = name;
    m.architecture = ai::Architecture::ResNet18;
    m.classes = {{"Nodule", "#ff0000", 0.0, {}}};
    m.inputChannels = 1;
    m.inputHeight = m.inputWidth = 64;
    m.preprocessing = {{"scale", "percentile"}};
    torch::manual_seed(1);
    auto net = ai::createNetwork(ai::Architecture::ResNet18, 1, 1);
    ai::ModelBundle::write(folder.toStdString(), m, *net);
    return ai::ModelBundle::readManifest(folder.toStdString());
}

}  // namespace radlens::test
