#pragma once
// Training batches of the interactive segmenter (task "interactive"), with
// clicks simulated the established way (DeepGrow, RITM):
//   - the object: one 4-connected component of the sample's mask (any class);
//   - the crop: ClickSegmenter's, around the object with a random expansion
//     of 1.4..2.4 and a random shift; one time in five the smallest crop
//     around the first click instead (what the network sees at a first click
//     on a large object);
//   - random flips and quarter turns;
//   - a first positive click at a random pixel at least half as deep as the
//     deepest; 40 % of samples also get one or two negative clicks in the
//     background near the object;
//   - 30 % start from a previous mask: the object shifted and grown or shrunk
//     by a few pixels (a neighbouring slice's mask, or an earlier answer);
//   - then the Trainer runs the network without gradients for 0..2 rounds,
//     each adding the simulated annotator's next click at the largest error
//     and taking the prediction as the previous mask (addErrorClicks).
//
// Threads: any; the generator passed in is the only randomness.
// Throws std::invalid_argument for a sample without an object.

#include <torch/torch.h>

#include <random>
#include <vector>

#include "ai/ClickSimulation.h"

namespace radlens::ai {

struct InteractiveBatch {
    torch::Tensor images;                    ///< (N, 1, S, S) preprocessed
    torch::Tensor targets;                   ///< (N, S, S) int64: 1 object, 0 not
    torch::Tensor previous;                  ///< (N, S, S) float32 0/1
    std::vector<std::vector<Click>> clicks;  ///< per sample, crop coordinates

    /// The network's input: (N, 4, S, S).
    torch::Tensor inputs() const;
    /// One round of the simulated annotator: for each sample, the next click
    /// for `predicted` ((N, S, S) bool) and the prediction as previous mask.
    void addErrorClicks(const torch::Tensor& predicted);
};

class InteractiveBatches {
public:
    /// One sample: `image` (1, H, W) preprocessed, `mask` (H, W), non-zero
    /// inside objects.
    static InteractiveBatch makeOne(const torch::Tensor& image, const torch::Tensor& mask, int size,
                                    bool augment, std::mt19937_64& rng);
    static InteractiveBatch collate(const std::vector<InteractiveBatch>& parts);
    /// Whether a mask holds an object to train on.
    static bool hasObject(const torch::Tensor& mask) { return mask.ne(0).any().item<bool>(); }
};

}  // namespace radlens::ai
