#pragma once
// The samples of a training run: every sample's entry (labels, patient,
// provenance: what splits and class weights need) and its pixels, either held
// in the entry or decoded from disk when asked for (TrainingDataLoader's
// streaming: memory then does not grow with the number of images).
//
// An entry whose `image` is undefined is decoded by the decoder; an entry
// that holds its image is returned as it is.
//
// Threads: const members from any thread at once, if the decoder allows it
// (TrainingDataLoader's does). Copies share the entries and the decoder.
// withPixels() throws what the decoder throws (std::runtime_error naming the
// file), and std::logic_error for a streamed entry without a decoder.
// wholeVolume() throws what the volume reader throws.

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "ai/TrainingSample.h"

namespace radlens::ai {

class TrainingSamples {
public:
    /// Entry index -> the sample with its image (and, for segmentation, mask).
    using Decoder = std::function<TrainingSample(std::size_t index)>;
    /// Entry index -> every slice of the volume the entry is a slice of
    /// (image and mask, in slice order); empty when it is no slice of a volume.
    using VolumeReader = std::function<std::vector<TrainingSample>(std::size_t index)>;

    TrainingSamples() = default;
    /// Every entry holds its pixels.
    explicit TrainingSamples(std::vector<TrainingSample> held);
    /// Entries without an image are decoded by `decode` on demand.
    TrainingSamples(std::vector<TrainingSample> entries, Decoder decode);

    std::size_t size() const { return entries_->size(); }
    bool empty() const { return entries_->empty(); }
    /// The entries; a streamed entry's image and mask are undefined, its
    /// labels, patient, modality and provenance are set.
    const std::vector<TrainingSample>& entries() const { return *entries_; }
    const TrainingSample& entry(std::size_t i) const { return entries_->at(i); }
    /// Whether entry i is decoded on demand.
    bool streamed(std::size_t i) const { return !entries_->at(i).image.defined(); }
    /// Sample i with its pixels.
    TrainingSample withPixels(std::size_t i) const;

    /// Segmenters' whole-volume metrics read every slice through this.
    void setVolumeReader(VolumeReader read) { readVolume_ = std::move(read); }
    bool readsVolumes() const { return bool(readVolume_); }
    /// Every slice of entry i's volume; empty without a reader or when entry
    /// i is no slice of a volume.
    std::vector<TrainingSample> wholeVolume(std::size_t i) const;

private:
    std::shared_ptr<const std::vector<TrainingSample>> entries_ =
        std::make_shared<const std::vector<TrainingSample>>();
    Decoder decode_;
    VolumeReader readVolume_;
};

}  // namespace radlens::ai
