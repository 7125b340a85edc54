#pragma once
// Training-time augmentation as in the reference work (albumentations in its
// Appendix B), done as one affine resampling per image:
//   rotation by an angle in [-limit/2, +limit/2] (limit 360: any angle) with
//   probability rotate_p, borders replicated (edge pixels extend outward);
//   horizontal flip with probability flip_p;
//   a random square crop of crop_min..crop_max of the source side at a random
//   position, resized to the target size.
// Images are resampled bilinearly, masks nearest-neighbour with the same
// transform, so they stay aligned. Validation images are only resized
// (bilinear, align_corners false -- as Preprocessing::apply does at inference).
// One difference from the reference: it crops with nearest neighbour for the
// image too; bilinear loses less.
//
// Randomness comes only from the std::mt19937_64 passed in, so a batch is the
// same whichever thread builds it (resume and multi-threaded loading stay
// reproducible).
//
// Threads: any; const methods.

#include <torch/torch.h>

#include <random>
#include <utility>
#include <vector>

#include "ai/TrainingConfig.h"

namespace radlens::ai {

struct Batch {
    torch::Tensor images;  ///< (N, 1, S, S) float32
    torch::Tensor masks;   ///< (N, S, S) int64, or undefined
};

class Augmentation {
public:
    explicit Augmentation(AugmentConfig config) : config_(config) {}

    /// images: (1, H, W) each; masks: (H, W) int64 each or empty vector.
    Batch trainBatch(const std::vector<torch::Tensor>& images,
                     const std::vector<torch::Tensor>& masks, int size, std::mt19937_64& rng) const;
    static Batch validationBatch(const std::vector<torch::Tensor>& images,
                                 const std::vector<torch::Tensor>& masks, int size);

private:
    AugmentConfig config_;
};

}  // namespace radlens::ai
