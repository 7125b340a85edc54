#pragma once
// One edit of a label map in progress (a brush stroke, a fill): tools write
// voxels through it, it remembers each voxel's value before its first change,
// and finish() turns that into a LabelPatch for the undo stack.
//
// Threads: the thread that owns the label map. Ownership: refers to the
// caller's volume, which must outlive the edit. Throws std::invalid_argument
// for a volume that is not UInt8.

#include <cstdint>
#include <unordered_map>

#include "imaging/LabelPatch.h"
#include "imaging/Volume.h"

namespace radlens::imaging {

class LabelEdit {
public:
    explicit LabelEdit(Volume& labels);

    Volume& labels() { return labels_; }
    const Volume& labels() const { return labels_; }
    std::uint8_t get(int x, int y, int z) const { return data_[index(x, y, z)]; }
    void set(int x, int y, int z, std::uint8_t value);
    /// Voxels written with a new value so far.
    bool changed() const { return changed_; }
    /// The patch of everything written since construction or the last
    /// finish() (empty when nothing changed); starts a new edit.
    LabelPatch finish();

private:
    std::size_t index(int x, int y, int z) const {
        return (std::size_t(z) * std::size_t(dims_[1]) + std::size_t(y)) * std::size_t(dims_[0]) +
               std::size_t(x);
    }
    Volume& labels_;
    std::uint8_t* data_;
    std::array<int, 3> dims_;
    std::unordered_map<std::size_t, std::uint8_t> original_;
    VoxelBox touched_;
    bool changed_ = false;
};

}  // namespace radlens::imaging
