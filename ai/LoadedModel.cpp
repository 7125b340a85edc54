#include "ai/LoadedModel.h"

#include <torch/torch.h>

#include "ai/ModelBundle.h"

namespace radlens::ai {

std::shared_ptr<LoadedModel> LoadedModel::load(const std::string& bundle,
                                               const torch::Device& device) {
    auto m = std::make_shared<LoadedModel>();
    m->bundlePath = bundle;
    m->network = ModelBundle::load(bundle, m->manifest);
    m->preprocessing = Preprocessing::fromManifest(m->manifest);
    m->temperatures = m->manifest.temperatures();
    try {
        m->trainingSummary = OodSummary::fromJson(m->manifest.trainingSummary);
    } catch (const std::exception& e) {
        throw BundleError(bundle + ": training_summary: " + e.what());
    }
    m->device = device;
    m->network->to(device);
    m->network->eval();
    // Inference only from here on: fold batch norms, channels-last on CPU.
    m->network->foldBatchNorms();
    if (device.is_cpu()) m->network->toChannelsLast();
    return m;
}

}  // namespace radlens::ai
