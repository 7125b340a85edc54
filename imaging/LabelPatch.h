#pragma once
// One undoable change of a label map: the box of voxels it touched, with the
// values before and after, each run-length encoded (masks compress well, so a
// brush stroke costs a few hundred bytes and even a whole-volume change of a
// 512x512x600 map a few hundred kilobytes). Only the changed box is kept.
//
// Threads: any; a patch is a value. Throws std::invalid_argument from apply()
// when the volume is not the UInt8 map of the size the patch was made on.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "imaging/Volume.h"

namespace radlens::imaging {

/// Voxel index box, lo inclusive, hi exclusive.
struct VoxelBox {
    std::array<int, 3> lo{0, 0, 0}, hi{0, 0, 0};
    bool empty() const { return hi[0] <= lo[0] || hi[1] <= lo[1] || hi[2] <= lo[2]; }
    std::size_t voxelCount() const;
};

/// Byte runs: (count, value) pairs, count 1..255.
class RunLengthBytes {
public:
    RunLengthBytes() = default;
    explicit RunLengthBytes(const std::vector<std::uint8_t>& bytes);
    std::vector<std::uint8_t> decode() const;
    std::size_t encodedSize() const { return runs_.size(); }
    std::size_t decodedSize() const { return size_; }

private:
    std::vector<std::uint8_t> runs_;
    std::size_t size_ = 0;
};

class LabelPatch {
public:
    LabelPatch() = default;
    /// `before` and `after` hold the box's voxels, x fastest.
    LabelPatch(const std::array<int, 3>& dims, const VoxelBox& box,
               const std::vector<std::uint8_t>& before, const std::vector<std::uint8_t>& after);

    bool empty() const { return box_.empty(); }
    const VoxelBox& box() const { return box_; }
    /// Voxels whose value changed.
    std::size_t changedVoxels() const { return changed_; }
    /// Memory held, in bytes (what the undo cap counts).
    std::size_t bytes() const;
    /// The patch from one whole map to another of the same size (the box of
    /// the voxels that differ); throws std::invalid_argument otherwise.
    static LabelPatch between(const Volume& before, const Volume& after);
    /// Writes the after (redo) or before (undo) values into `labels`.
    void apply(Volume& labels, bool undo) const;

private:
    std::array<int, 3> dims_{0, 0, 0};
    VoxelBox box_;
    RunLengthBytes before_, after_;
    std::size_t changed_ = 0;
};

/// Copies the voxels of `box` out of a UInt8 volume, x fastest.
std::vector<std::uint8_t> copyBox(const Volume& labels, const VoxelBox& box);

}  // namespace radlens::imaging
