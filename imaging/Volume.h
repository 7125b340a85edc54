#pragma once
// One pixel buffer plus its geometry in DICOM patient space (LPS, mm).
//
// Threads: a Volume is not synchronised. Build it on one thread, then share it
// read-only (const) between any number of threads.
// Ownership: the pixel buffer is held by a shared_ptr, so views made by other
// targets (vtkImageData in viewer/, itk::Image here, torch::Tensor in ai/) can
// share it without copying; see pixelBuffer().

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace radlens::imaging {

/// The largest volume Radlens decodes or reads (bytes of voxels; 16 000 CT
/// slices of 512 x 512): larger ones are errors before anything is allocated.
constexpr std::uint64_t kMaxVolumeBytes = 8ull << 30;

enum class PixelType { UInt8, Int16, UInt16, Float32, Rgb8 };

/// Bytes per voxel (all components) of a pixel type.
std::size_t bytesPerVoxel(PixelType type);
/// Components per voxel: 3 for Rgb8, else 1.
int componentsOf(PixelType type);
/// "uint8", "int16", "uint16", "float32", "rgb8".
const char* pixelTypeName(PixelType type);

struct WindowPreset {
    double center = 0;
    double width = 0;
    std::string name;  ///< explanation from the header, may be empty
};

/// Voxel-to-world mapping: world = origin + direction * (index .* spacing),
/// where column k of `direction` (row-major 3x3) is the unit vector of axis k.
struct Geometry {
    std::array<int, 3> dims{1, 1, 1};
    std::array<double, 3> spacing{1, 1, 1};
    std::array<double, 3> origin{0, 0, 0};
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

    /// World (LPS) position of the centre of voxel (i, j, k).
    std::array<double, 3> indexToWorld(double i, double j, double k) const;
    /// Continuous index of a world (LPS) position (the inverse of indexToWorld
    /// for an orthonormal direction matrix).
    std::array<double, 3> worldToIndex(const std::array<double, 3>& world) const;
    std::size_t voxelCount() const {
        return std::size_t(dims[0]) * std::size_t(dims[1]) * std::size_t(dims[2]);
    }
};

/// A VOI LUT from the header (VOILUTSequence): maps a modality value v to
/// data[clamp(v - firstMapped, 0, size-1)], a grey level of `bits` bits.
struct VoiLut {
    std::string name;  ///< LUTExplanation, may be empty
    int firstMapped = 0;
    int bits = 16;
    std::vector<std::uint16_t> data;
};

class Volume {
public:
    /// Allocates a zero-filled buffer. Throws std::invalid_argument on empty dims,
    /// std::bad_alloc when memory is short.
    Volume(PixelType type, const Geometry& geometry);

    PixelType pixelType() const { return type_; }
    const Geometry& geometry() const { return geometry_; }
    Geometry& geometry() { return geometry_; }
    const std::array<int, 3>& dims() const { return geometry_.dims; }

    void* data() { return buffer_.get(); }
    const void* data() const { return buffer_.get(); }
    template <class T>
    T* dataAs() {
        return static_cast<T*>(data());
    }
    template <class T>
    const T* dataAs() const {
        return static_cast<const T*>(data());
    }
    std::size_t byteSize() const { return geometry_.voxelCount() * bytesPerVoxel(type_); }
    std::size_t sliceBytes() const {
        return std::size_t(geometry_.dims[0]) * geometry_.dims[1] * bytesPerVoxel(type_);
    }
    /// The buffer as a shared_ptr: hold it to keep the pixels alive in a view.
    std::shared_ptr<std::uint8_t> pixelBuffer() const { return buffer_; }

    /// Replaces the buffer with one of another type (same dims); contents zeroed.
    void reallocate(PixelType type);
    /// Changes the type tag only, keeping the bytes; for types of the same size
    /// (int16 <-> uint16). Throws std::invalid_argument otherwise.
    void reinterpretAs(PixelType type);

    // Display and provenance metadata.
    std::string modality;
    std::string units;          ///< "HU" for rescaled CT, else empty
    bool invertedGrey = false;  ///< MONOCHROME1: low values are white
    /// The range the modality values can take when the source says it (DICOM:
    /// BitsStored and PixelRepresentation, rescaled; over all instances),
    /// else empty. ai::inMonochrome2Sense turns MONOCHROME1 values v into
    /// lo + hi - v, what a MONOCHROME2 copy of the image holds.
    std::optional<std::array<double, 2>> valueRange;
    /// A projection image's Patient Orientation ("L\\F": the directions of
    /// its rows and columns) where it has no Image Orientation (Patient), so
    /// that its direction matrix says nothing; empty otherwise.
    std::string patientOrientation;
    std::vector<WindowPreset> windowPresets;
    std::vector<VoiLut> voiLuts;

private:
    PixelType type_;
    Geometry geometry_;
    std::shared_ptr<std::uint8_t> buffer_;
};

}  // namespace radlens::imaging
