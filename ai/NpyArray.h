#pragma once
// A NumPy .npy file, memory-mapped read-only: the header is parsed, the array
// stays on disk and pages in as items are read (a 100 000-slice stack costs
// no memory until its slices are used). Versions 1.0, 2.0 and 3.0, C order,
// little-endian (or byte-sized) bool, int8/16/32/64, uint8/16/32/64,
// float32/64.
//
// The reference work's medseg / radiopaedia COVID-19 sets are such files:
// images_*.npy (N x 512 x 512 x 1, float32 HU) and masks_*.npy (N x 512 x 512
// x C, one-hot), read by TrainingDataLoader.
//
// Threads: one object may be read from several threads at once (reads do not
// change it). Owns the mapping; moves, does not copy.
// Throws std::runtime_error naming the file and the problem (not a .npy file,
// Fortran order, big-endian or unsupported type, a shape the file's bytes do
// not hold) from the constructor, std::out_of_range from item().

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace radlens::ai {

class NpyArray {
public:
    explicit NpyArray(const std::string& path);
    ~NpyArray();
    NpyArray(NpyArray&& other) noexcept;
    NpyArray& operator=(NpyArray&& other) noexcept;
    NpyArray(const NpyArray&) = delete;
    NpyArray& operator=(const NpyArray&) = delete;

    const std::string& path() const { return path_; }
    const std::vector<std::int64_t>& shape() const { return shape_; }
    /// NumPy's type string as the header gives it ("<f4", "|u1", ...).
    const std::string& dtype() const { return descr_; }
    /// Elements per index of the first axis (the product of the others).
    std::int64_t itemElements() const;

    /// Writes a little-endian float32 array of `shape` (C order) as a version
    /// 1.0 .npy file: to a temporary file beside `path`, then renamed over
    /// it (a reader never sees half a file). Throws std::runtime_error naming
    /// the file when it cannot be written (the temporary file is removed).
    static void writeFloat32(const std::string& path, const std::vector<std::int64_t>& shape,
                             const float* data);

    /// Item `i` of the first axis (e.g. one slice of N x H x W x C) as float,
    /// in C order, into `out` (itemElements() values).
    void item(std::int64_t i, float* out) const;

private:
    void unmap() noexcept;

    std::string path_, descr_;
    std::vector<std::int64_t> shape_;
    char kind_ = 'f';         ///< 'f' float, 'i' signed, 'u' unsigned, 'b' bool
    int itemSize_ = 4;        ///< bytes per element
    std::size_t offset_ = 0;  ///< where the data starts
    void* map_ = nullptr;
    std::size_t mapSize_ = 0;
};

}  // namespace radlens::ai
