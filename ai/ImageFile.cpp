#include "ai/ImageFile.h"

#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkPNGImageIO.h>
#include <itkVectorImage.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <vector>

#include "imaging/PngReader.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"
#include "imaging/VolumeIO.h"

namespace radlens::ai {

using imaging::Volume;

/// Grey PNGs as they are; RGB(A) and grey+alpha by their colour components
/// alone: ITK's scalar conversion multiplies grey by alpha (an opaque RGBA
/// ChestX-ray14 image would come out 255 times too bright).
Volume ImageFile::readPngWithLibpng(const std::string& path) {
    auto io = itk::PNGImageIO::New();
    io->SetFileName(path);
    using Image = itk::VectorImage<float, 2>;
    auto reader = itk::ImageFileReader<Image>::New();
    reader->SetImageIO(io);
    reader->SetFileName(path);
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& e) {
        throw std::runtime_error(path + ": cannot read the image: " + e.GetDescription());
    }
    Image::Pointer img = reader->GetOutput();
    const auto size = img->GetLargestPossibleRegion().GetSize();
    const std::size_t comps = img->GetNumberOfComponentsPerPixel();
    if (comps < 1 || comps > 4)
        throw std::runtime_error(path + ": a PNG of " + std::to_string(comps) + " components");
    imaging::Geometry g;
    g.dims = {int(size[0]), int(size[1]), 1};
    Volume v(imaging::PixelType::Float32, g);
    const float* in = img->GetBufferPointer();
    float* out = v.dataAs<float>();
    const std::size_t n = size[0] * size[1];
    for (std::size_t i = 0; i < n; ++i, in += comps)
        out[i] = comps >= 3 ? 0.2125f * in[0] + 0.7154f * in[1] + 0.0721f * in[2] : in[0];
    v.modality = "CR";
    return v;
}

namespace {

Volume readPng(const std::string& path) {
    std::optional<Volume> v = imaging::PngReader::readGrey(path);
    if (!v) return ImageFile::readPngWithLibpng(path);
    v->modality = "CR";
    return std::move(*v);
}

}  // namespace

Volume ImageFile::read(const std::string& path) {
    if (imaging::VolumeIO::isSupportedPath(path)) return imaging::VolumeIO::read(path);
    if (imaging::PngReader::hasPngName(path)) return readPng(path);
    imaging::Scanner scanner;
    const imaging::ScanResult scan = scanner.scan({path});
    if (scan.images.empty()) {
        const std::string why =
            scan.skipped.empty() ? "no DICOM image found" : scan.skipped.front().reason;
        throw std::runtime_error(path + ": " + why);
    }
    const std::vector<imaging::Series> series = imaging::SeriesAssembler::assemble(scan.images);
    if (series.empty()) throw std::runtime_error(path + ": no image series");
    try {
        return imaging::SeriesLoader().load(series.front());
    } catch (const imaging::LoadError& e) {
        throw std::runtime_error(e.path() + ": " + e.why());
    }
}

}  // namespace radlens::ai
