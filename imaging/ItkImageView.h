#pragma once
// A zero-copy itk::Image over a Volume's buffer.
//
// Ownership: the image borrows the pixels; keep the Volume (or a copy of its
// pixelBuffer()) alive while the image is in use. The image must not be
// resized. Threads: as for the Volume (read-only sharing).
// Throws std::invalid_argument when TPixel does not match the volume's type.

#include <itkImage.h>
#include <itkRGBPixel.h>

#include <stdexcept>
#include <type_traits>

#include "imaging/Volume.h"

namespace radlens::imaging {

template <class TPixel>
constexpr PixelType pixelTypeFor() {
    static_assert(std::is_same_v<TPixel, std::uint8_t> || std::is_same_v<TPixel, std::int16_t> ||
                      std::is_same_v<TPixel, std::uint16_t> || std::is_same_v<TPixel, float> ||
                      std::is_same_v<TPixel, itk::RGBPixel<std::uint8_t>>,
                  "itkImageView: unsupported pixel type");
    if constexpr (std::is_same_v<TPixel, std::uint8_t>) return PixelType::UInt8;
    if constexpr (std::is_same_v<TPixel, std::int16_t>) return PixelType::Int16;
    if constexpr (std::is_same_v<TPixel, std::uint16_t>) return PixelType::UInt16;
    if constexpr (std::is_same_v<TPixel, float>) return PixelType::Float32;
    return PixelType::Rgb8;
}

/// TPixel: std::uint8_t, std::int16_t, std::uint16_t, float or
/// itk::RGBPixel<std::uint8_t>, matching the volume's pixel type.
template <class TPixel>
typename itk::Image<TPixel, 3>::Pointer itkImageView(const Volume& volume) {
    constexpr PixelType expected = pixelTypeFor<TPixel>();
    if (volume.pixelType() != expected)
        throw std::invalid_argument("itkImageView: pixel type does not match the volume");
    using Image = itk::Image<TPixel, 3>;
    const Geometry& g = volume.geometry();
    auto image = Image::New();
    typename Image::RegionType region;
    typename Image::SizeType size;
    for (int d = 0; d < 3; ++d) size[d] = itk::SizeValueType(g.dims[d]);
    region.SetSize(size);
    image->SetRegions(region);
    typename Image::SpacingType spacing;
    typename Image::PointType origin;
    typename Image::DirectionType direction;
    for (int r = 0; r < 3; ++r) {
        spacing[r] = g.spacing[r];
        origin[r] = g.origin[r];
        for (int c = 0; c < 3; ++c) direction(r, c) = g.direction[r * 3 + c];
    }
    image->SetSpacing(spacing);
    image->SetOrigin(origin);
    image->SetDirection(direction);
    auto* pixels = static_cast<TPixel*>(const_cast<void*>(volume.data()));
    image->GetPixelContainer()->SetImportPointer(pixels, g.voxelCount(), false);
    return image;
}

}  // namespace radlens::imaging
