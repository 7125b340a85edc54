#include "TestModels.h"

#include "ai/ModelBundle.h"
#include "ai/Networks.h"

namespace radlens::test {

void writeRandomBundle(const QString& folder, const ai::Manifest& manifest, unsigned seed) {
    torch::manual_seed(seed);
    auto net = ai::createNetwork(manifest.architecture, int(manifest.classes.size()),
                                 manifest.inputChannels);
    ai::ModelBundle::write(folder.toStdString(), manifest, *net);
}

ai::Manifest writeFlaggingClassifier(const QString& folder, const std::string& name) {
    ai::Manifest m;
    m.name = name;
    m.architecture = ai::Architecture::ResNet18;
    m.classes = {{"Nodule", "#ff0000", 0.0, {}}};
    m.inputChannels = 1;
    m.inputHeight = m.inputWidth = 64;
    m.preprocessing = {{"scale", "percentile"}};
    writeRandomBundle(folder, m, 1);
    return ai::ModelBundle::readManifest(folder.toStdString());
}

}  // namespace radlens::test
