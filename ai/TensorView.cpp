#include "ai/TensorView.h"

#include <torch/torch.h>

namespace radlens::ai {

torch::Tensor tensorView(const imaging::Volume& volume) {
    using imaging::PixelType;
    const auto& d = volume.dims();
    torch::ScalarType type = torch::kUInt8;
    switch (volume.pixelType()) {
        case PixelType::UInt8:
        case PixelType::Rgb8:
            type = torch::kUInt8;
            break;
        case PixelType::Int16:
            type = torch::kInt16;
            break;
        case PixelType::UInt16: {
            // torch 1.13 has no uint16: the only copy this function makes, into int32.
            torch::Tensor bits =
                torch::from_blob(const_cast<void*>(volume.data()), {1, d[2], d[1], d[0]},
                                 torch::TensorOptions().dtype(torch::kInt16));
            return bits.to(torch::kInt32).bitwise_and(0xFFFF);
        }
        case PixelType::Float32:
            type = torch::kFloat32;
            break;
    }
    std::shared_ptr<std::uint8_t> keep = volume.pixelBuffer();
    auto deleter = [keep](void*) mutable { keep.reset(); };
    void* data = const_cast<void*>(volume.data());
    if (volume.pixelType() == PixelType::Rgb8) {
        const std::int64_t x = d[0], y = d[1], z = d[2];
        return torch::from_blob(data, {3, z, y, x}, {1, 3 * x * y, 3 * x, 3}, deleter,
                                torch::TensorOptions().dtype(type));
    }
    return torch::from_blob(data, {1, d[2], d[1], d[0]}, deleter,
                            torch::TensorOptions().dtype(type));
}

}  // namespace radlens::ai
