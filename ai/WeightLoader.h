#pragma once
// Copies named tensors (a state dict) into a network, checking every name and
// shape.
//
// Strict (a model bundle): every parameter and buffer must be present with its
// exact shape and nothing may be left over; otherwise std::runtime_error names
// the first offending tensor and what was expected.
// Partial (ImageNet weights into an encoder or a network with a new head):
// what fits is loaded, the rest is reported. A 3-channel first convolution
// loads into a 1-channel network summed over the colour channels ("adapted").
// A segmenter's encoder accepts a classifier's names without the "encoder."
// prefix.
//
// Threads: the network must not be used by another thread meanwhile.

#include <string>
#include <vector>

#include "ai/Networks.h"
#include "ai/TorchFileReader.h"

namespace radlens::ai {

struct LoadReport {
    std::vector<std::string> loaded;      ///< copied as they are
    std::vector<std::string> adapted;     ///< first convolution summed to one channel, or
                                          ///< moved into the image channel of a wider one
    std::vector<std::string> mismatched;  ///< "name: file [a, b] vs network [c, d]"
    std::vector<std::string> unexpected;  ///< in the file, not in the network
    std::vector<std::string> missing;     ///< in the network, not in the file
    std::string summary() const;
};

class WeightLoader {
public:
    static LoadReport loadPartial(Network& network, const NamedTensors& tensors);
    static void loadStrict(Network& network, const NamedTensors& tensors);
    /// Every parameter and buffer of the network, by name, in its order.
    static NamedTensors stateDict(Network& network);
};

}  // namespace radlens::ai
