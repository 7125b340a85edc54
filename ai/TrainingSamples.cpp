#include "ai/TrainingSamples.h"

#include <stdexcept>

namespace radlens::ai {

TrainingSamples::TrainingSamples(std::vector<TrainingSample> held)
    : entries_(std::make_shared<const std::vector<TrainingSample>>(std::move(held))) {}

TrainingSamples::TrainingSamples(std::vector<TrainingSample> entries, Decoder decode)
    : entries_(std::make_shared<const std::vector<TrainingSample>>(std::move(entries))),
      decode_(std::move(decode)) {}

TrainingSample TrainingSamples::withPixels(std::size_t i) const {
    const TrainingSample& e = entries_->at(i);
    if (e.image.defined()) return e;
    if (!decode_) throw std::logic_error(e.source + ": a streamed sample without a decoder");
    return decode_(i);
}

std::vector<TrainingSample> TrainingSamples::wholeVolume(std::size_t i) const {
    entries_->at(i);  // the index must be valid
    return readVolume_ ? readVolume_(i) : std::vector<TrainingSample>();
}

}  // namespace radlens::ai
