#include "imaging/VolumeIO.h"

#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOFactory.h>
#include <itkNiftiImageIO.h>
#include <itkNrrdImageIO.h>
#include <itkRGBPixel.h>
#include "platform/Platform.h"

#include <atomic>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "imaging/ItkImageView.h"

#include "imaging/DurableFile.h"
#include "imaging/NiftiWriter.h"

namespace fs = std::filesystem;

namespace radlens::imaging {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string extensionOf(const std::string& path) {
    for (const char* e : {".nii.gz", ".nii", ".nrrd", ".nhdr"})
        if (endsWith(path, e)) return e;
    return {};
}

itk::ImageIOBase::Pointer ioFor(const std::string& path) {
    const std::string ext = extensionOf(path);
    if (ext == ".nrrd" || ext == ".nhdr") return itk::NrrdImageIO::New().GetPointer();
    if (!ext.empty()) return itk::NiftiImageIO::New().GetPointer();
    return nullptr;
}

template <class TPixel>
void writeAs(const Volume& volume, const std::string& path, itk::ImageIOBase* io) {
    using Image = itk::Image<TPixel, 3>;
    auto image = itkImageView<TPixel>(volume);
    auto writer = itk::ImageFileWriter<Image>::New();
    writer->SetImageIO(io);
    writer->SetFileName(path);
    writer->SetInput(image);
    writer->Update();
}

template <class TPixel>
Volume readAs(const std::string& path, PixelType type, itk::ImageIOBase* io) {
    using Image = itk::Image<TPixel, 3>;
    auto reader = itk::ImageFileReader<Image>::New();
    reader->SetImageIO(io);
    reader->SetFileName(path);
    reader->Update();
    typename Image::Pointer image = reader->GetOutput();
    Geometry g;
    const auto size = image->GetLargestPossibleRegion().GetSize();
    for (int r = 0; r < 3; ++r) {
        g.dims[r] = int(size[r]);
        g.spacing[r] = image->GetSpacing()[r];
        g.origin[r] = image->GetOrigin()[r];
        for (int c = 0; c < 3; ++c) g.direction[r * 3 + c] = image->GetDirection()(r, c);
    }
    Volume volume(type, g);
    std::memcpy(volume.data(), image->GetBufferPointer(), volume.byteSize());
    return volume;
}

}  // namespace

bool VolumeIO::isSupportedPath(const std::string& path) { return !extensionOf(path).empty(); }

void VolumeIO::write(const Volume& volume, const std::string& path) {
    const std::string extension = extensionOf(path);
    if (extension == ".nii" || extension == ".nii.gz")
        return NiftiWriter::write(volume, path, extension == ".nii.gz");
    itk::ImageIOBase::Pointer io = ioFor(path);
    if (!io) throw std::runtime_error(path + ": unknown extension (use .nii, .nii.gz or .nrrd)");
    const fs::path target(path);
    static std::atomic<int> counter{0};
    // Keep the extension: ITK picks the format by it.
    const fs::path temp = target.parent_path() / (".~" + target.stem().string() + "." +
                                                  std::to_string(platform::processId()) + "." +
                                                  std::to_string(counter++) + extensionOf(path));
    try {
        switch (volume.pixelType()) {
            case PixelType::UInt8:
                writeAs<std::uint8_t>(volume, temp.string(), io);
                break;
            case PixelType::Int16:
                writeAs<std::int16_t>(volume, temp.string(), io);
                break;
            case PixelType::UInt16:
                writeAs<std::uint16_t>(volume, temp.string(), io);
                break;
            case PixelType::Float32:
                writeAs<float>(volume, temp.string(), io);
                break;
            case PixelType::Rgb8:
                writeAs<itk::RGBPixel<std::uint8_t>>(volume, temp.string(), io);
                break;
        }
        DurableFile::commit(temp.string(), target.string());
    } catch (const itk::ExceptionObject& e) {
        std::error_code ec;
        fs::remove(temp, ec);
        throw std::runtime_error(path + ": cannot write: " + e.GetDescription());
    } catch (const fs::filesystem_error& e) {
        std::error_code ec;
        fs::remove(temp, ec);
        throw std::runtime_error(path + ": cannot write: " + e.code().message());
    } catch (const std::runtime_error& e) {
        // ITK may report a failed write only on stderr; the sync then finds no file.
        std::error_code ec;
        fs::remove(temp, ec);
        throw std::runtime_error(path + ": cannot write: " + e.what());
    }
}

Volume VolumeIO::read(const std::string& path) {
    itk::ImageIOBase::Pointer io = ioFor(path);
    if (!io) throw std::runtime_error(path + ": unknown extension (use .nii, .nii.gz or .nrrd)");
    try {
        io->SetFileName(path);
        io->ReadImageInformation();
        if (io->GetNumberOfDimensions() > 3)
            throw std::runtime_error(path + ": more than 3 dimensions are not supported");
        using IO = itk::ImageIOBase;
        const auto component = io->GetComponentType();
        if (io->GetNumberOfComponents() == 3 && component == IO::IOComponentEnum::UCHAR) {
            using Pixel = itk::RGBPixel<std::uint8_t>;
            return readAs<Pixel>(path, PixelType::Rgb8, io);
        }
        if (io->GetNumberOfComponents() != 1)
            throw std::runtime_error(path + ": only scalar or RGB images are supported");
        switch (component) {
            case IO::IOComponentEnum::UCHAR:
                return readAs<std::uint8_t>(path, PixelType::UInt8, io);
            case IO::IOComponentEnum::SHORT:
                return readAs<std::int16_t>(path, PixelType::Int16, io);
            case IO::IOComponentEnum::USHORT:
                return readAs<std::uint16_t>(path, PixelType::UInt16, io);
            default:
                return readAs<float>(path, PixelType::Float32, io);
        }
    } catch (const itk::ExceptionObject& e) {
        throw std::runtime_error(path + ": cannot read: " + e.GetDescription());
    }
}

}  // namespace radlens::imaging
