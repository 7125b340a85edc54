#pragma once
// Training images as the loader made them (decoded, in MONOCHROME2 sense,
// shrunk to at most twice the training side), kept on disk so that later
// epochs and later runs on the same files do not decode them again: one
// float32 .npy file per image (1 x H x W), memory-mapped when read
// (NpyArray), beside a small JSON file of what the image's header said (size
// on disk, spacing, modality, slice). The key says what the image is: the file's content hash, the
// slice and the kept size (TrainingDataLoader makes it), so a changed file
// or another training size is a miss, never a stale image.
//
// Threads: any, at once (a store is a temporary file and a rename; two
// writers of one key write the same bytes). Owns nothing but its folder
// path. find() returns an undefined tensor for a miss or an unreadable entry
// (it is then written again); store() throws std::runtime_error naming the
// file when the folder cannot be written.

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include <string>

namespace radlens::ai {

class TrainingImageCache {
public:
    /// Creates `folder` when missing (std::runtime_error when it cannot).
    explicit TrainingImageCache(std::string folder);

    const std::string& folder() const { return folder_; }
    struct Entry {
        torch::Tensor image;  ///< (1, H, W) float32; undefined: a miss
        nlohmann::json about;
    };
    /// What is stored under `key`, or an Entry without image.
    Entry find(const std::string& key) const;
    /// Stores a (1, H, W) image and what to say about it under `key` (the
    /// JSON first, the image last: the image's rename completes the entry).
    void store(const std::string& key, const torch::Tensor& image,
               const nlohmann::json& about) const;

private:
    std::string folder_;
    std::string fileFor(const std::string& key, const char* extension) const;
};

}  // namespace radlens::ai
