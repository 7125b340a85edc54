#include "imaging/Volume.h"

#include "platform/Platform.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace radlens::imaging {

std::size_t bytesPerVoxel(PixelType type) {
    switch (type) {
        case PixelType::UInt8:
            return 1;
        case PixelType::Int16:
        case PixelType::UInt16:
            return 2;
        case PixelType::Float32:
            return 4;
        case PixelType::Rgb8:
            return 3;
    }
    return 1;
}

int componentsOf(PixelType type) { return type == PixelType::Rgb8 ? 3 : 1; }

const char* pixelTypeName(PixelType type) {
    switch (type) {
        case PixelType::UInt8:
            return "uint8";
        case PixelType::Int16:
            return "int16";
        case PixelType::UInt16:
            return "uint16";
        case PixelType::Float32:
            return "float32";
        case PixelType::Rgb8:
            return "rgb8";
    }
    return "unknown";
}

std::array<double, 3> Geometry::indexToWorld(double i, double j, double k) const {
    const double s[3] = {i * spacing[0], j * spacing[1], k * spacing[2]};
    std::array<double, 3> w{};
    for (int r = 0; r < 3; ++r)
        w[r] = origin[r] + direction[r * 3 + 0] * s[0] + direction[r * 3 + 1] * s[1] +
               direction[r * 3 + 2] * s[2];
    return w;
}

std::array<double, 3> Geometry::worldToIndex(const std::array<double, 3>& world) const {
    const double d[3] = {world[0] - origin[0], world[1] - origin[1], world[2] - origin[2]};
    std::array<double, 3> index{};
    for (int c = 0; c < 3; ++c)
        index[c] = (direction[0 * 3 + c] * d[0] + direction[1 * 3 + c] * d[1] +
                    direction[2 * 3 + c] * d[2]) /
                   spacing[c];
    return index;
}

namespace {
std::shared_ptr<std::uint8_t> allocateZeroed(std::size_t bytes) {
    // Large volumes: anonymous memory (zeroed by the kernel, lazily) asking for
    // transparent huge pages, so first touch by the decoder faults 2 MiB at a
    // time rather than 4 KiB.
    if (bytes >= (std::size_t(8) << 20)) {
        void* m = platform::allocatePages(bytes);
        return std::shared_ptr<std::uint8_t>(
            static_cast<std::uint8_t*>(m),
            [bytes](std::uint8_t* q) { platform::freePages(q, bytes); });
    }
    // calloc: zero pages are handed out lazily too.
    void* p = std::calloc(bytes ? bytes : 1, 1);
    if (!p) throw std::bad_alloc();
    return std::shared_ptr<std::uint8_t>(static_cast<std::uint8_t*>(p),
                                         [](std::uint8_t* q) { std::free(q); });
}
}  // namespace

Volume::Volume(PixelType type, const Geometry& geometry) : type_(type), geometry_(geometry) {
    for (int d : geometry_.dims)
        if (d <= 0) throw std::invalid_argument("volume dimensions must be positive");
    buffer_ = allocateZeroed(byteSize());
}

void Volume::reallocate(PixelType type) {
    type_ = type;
    buffer_ = allocateZeroed(byteSize());
}

void Volume::reinterpretAs(PixelType type) {
    if (bytesPerVoxel(type) != bytesPerVoxel(type_))
        throw std::invalid_argument("reinterpretAs needs a pixel type of the same size");
    type_ = type;
}

}  // namespace radlens::imaging
