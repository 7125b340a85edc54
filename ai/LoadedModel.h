#pragma once
// A model bundle loaded for inference: its manifest, preprocessing, network
// (folded batch norms, eval mode, channels-last on CPU) on one device, the
// calibration temperatures and the training summary for out-of-distribution
// scores. Analyzer.h runs one; InferenceEngine keeps them by bundle.
//
// This header brings in LibTorch (Networks.h, OodSummary.h); code that only
// passes models around includes Analyzer.h, which declares LoadedModel.
//
// Threads: load() from any thread; a LoadedModel is used by one thread at a
// time (see Analyzer.h). Owned by shared_ptr.

#include <memory>
#include <string>
#include <vector>

#include "ai/Device.h"
#include "ai/Manifest.h"
#include "ai/Networks.h"
#include "ai/OodSummary.h"
#include "ai/Preprocessing.h"

namespace radlens::ai {

struct LoadedModel {
    std::string bundlePath;
    Manifest manifest;
    Preprocessing preprocessing;
    std::shared_ptr<Network> network;
    torch::Device device = torch::kCPU;
    std::vector<double> temperatures;  ///< per class; empty: not calibrated
    OodSummary trainingSummary;        ///< invalid: none in the bundle

    /// Throws BundleError (see ModelBundle::load) or std::runtime_error for the device.
    static std::shared_ptr<LoadedModel> load(const std::string& bundle,
                                             const torch::Device& device);
};

}  // namespace radlens::ai
