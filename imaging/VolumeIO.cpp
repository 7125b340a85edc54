#include "imaging/VolumeIO.h"

#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOFactory.h>
#include <itkNiftiImageIO.h>
#include <itkNrrdImageIO.h>
#include <itkRGBPixel.h>
#include "platform/Platform.h"

#include <zlib.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

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

/// NIfTI's orientation and spacing must be finite numbers: ITK 5.2 aborts the
/// process (vnl's assert_finite in NiftiImageIO's orientation SVD) on a NaN
/// in the quaternion or the sform (found by fuzz_volume). The header (NIfTI-1:
/// 348 bytes, NIfTI-2: 540; either byte order; .nii.gz through zlib) is read
/// here first.
void checkNiftiHeader(const std::string& path) {
    unsigned char h[540] = {};
    gzFile in = gzopen(path.c_str(), "rb");  // reads plain files as they are
    if (!in) throw std::runtime_error(path + ": cannot open it");
    const int got = gzread(in, h, sizeof h);
    gzclose(in);
    auto i32 = [&](int at, bool swap) {
        std::uint32_t v;
        std::memcpy(&v, h + at, 4);
        return swap ? __builtin_bswap32(v) : v;
    };
    // Version and byte order as nifticlib (inside ITK) decides them: the magic
    // or the header size for the version, dim[0] in 1..7 for the byte order
    // (it reads a file whose sizeof_hdr is damaged: fuzz_volume found one).
    bool swap = false;
    int version = 0;
    if (got >= 540 && (std::memcmp(h + 4, "n+2", 4) == 0 || std::memcmp(h + 4, "ni2", 4) == 0 ||
                       i32(0, false) == 540 || i32(0, true) == 540)) {
        version = 2;
        std::uint64_t dim0;
        std::memcpy(&dim0, h + 16, 8);
        swap = !(dim0 >= 1 && dim0 <= 7);
    } else if (got >= 348) {
        version = 1;
        std::uint16_t dim0;
        std::memcpy(&dim0, h + 40, 2);
        swap = !(dim0 >= 1 && dim0 <= 7);
        if (swap && !(__builtin_bswap16(dim0) >= 1 && __builtin_bswap16(dim0) <= 7))
            swap = i32(0, false) != 348;  // neither: nifticlib goes by sizeof_hdr
    }
    if (version == 0) return;  // too short for NIfTI: ITK says so
    auto f32 = [&](int at) {
        std::uint32_t v = i32(at, swap);
        float f;
        std::memcpy(&f, &v, 4);
        return double(f);
    };
    auto f64 = [&](int at) {
        std::uint64_t v;
        std::memcpy(&v, h + at, 8);
        if (swap) v = __builtin_bswap64(v);
        double d;
        std::memcpy(&d, &v, 8);
        return d;
    };
    std::vector<double> values;
    if (version == 1) {
        for (int k = 0; k < 8; ++k) values.push_back(f32(76 + 4 * k));    // pixdim
        for (int k = 0; k < 18; ++k) values.push_back(f32(256 + 4 * k));  // quatern, qoffset, srow
    } else {
        for (int k = 0; k < 8; ++k) values.push_back(f64(104 + 8 * k));   // pixdim
        for (int k = 0; k < 18; ++k) values.push_back(f64(352 + 8 * k));  // quatern, qoffset, srow
    }
    // ITK aborts the process (vnl's assert_finite) when the orientation it
    // derives is not finite: values past a kilometre overflow float on the
    // way (fuzz_volume: 3.6e36), and a zero sform column divides by zero.
    constexpr double kLargest = 1e6;  // mm: spacing, offsets, matrix (not pixdim[4..7]: time)
    for (std::size_t k = 0; k < values.size(); ++k) {
        if (!std::isfinite(values[k]))
            throw std::runtime_error(path +
                                     ": its header's spacing or orientation is not a number");
        if ((k < 4 || k >= 8) && std::abs(values[k]) > kLargest)
            throw std::runtime_error(path +
                                     ": its header's spacing or orientation is out of range");
    }
    int sformCode = 0;
    if (version == 1) {
        std::uint16_t v;
        std::memcpy(&v, h + 254, 2);
        sformCode = swap ? __builtin_bswap16(v) : v;
    } else {
        sformCode = int(i32(348, swap));
    }
    if (sformCode > 0)
        for (int j = 0; j < 3; ++j)
            if (values[14 + j] == 0 && values[18 + j] == 0 && values[22 + j] == 0)
                throw std::runtime_error(path + ": its header's sform has a zero axis");
}

/// The NRRD header's "encoding:" field ("raw", "gzip", "bzip2"...), or "".
std::string nrrdEncoding(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    for (int k = 0; k < 256 && std::getline(in, line) && !line.empty() && line != "\r"; ++k)
        if (line.rfind("encoding:", 0) == 0) {
            std::string v = line.substr(9);
            v.erase(0, v.find_first_not_of(' '));
            while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
            return v;
        }
    return {};
}

/// A header may not promise more voxels than its file can hold (raw data:
/// the file's size; gzip: 1032 times it, deflate's largest ratio; text: 4
/// times it) nor more than kMaxVolumeBytes: checked before ITK allocates.
void checkPromisedSize(const std::string& path, const itk::ImageIOBase& io) {
    double bytes = double(io.GetComponentSize()) * io.GetNumberOfComponents();
    for (unsigned d = 0; d < io.GetNumberOfDimensions(); ++d) bytes *= double(io.GetDimensions(d));
    char gb[32];
    std::snprintf(gb, sizeof gb, "%.3g GB", bytes / 1e9);
    if (bytes > double(kMaxVolumeBytes))
        throw std::runtime_error(path + ": the header promises " + gb + " of voxels, more than " +
                                 "the limit of " + std::to_string(kMaxVolumeBytes >> 30) + " GiB");
    const std::string ext = extensionOf(path);
    if (ext == ".nhdr") return;  // the voxels are in another file
    std::error_code ec;
    const double file = double(fs::file_size(path, ec));
    if (ec) return;
    double ratio = 1;
    if (ext == ".nii.gz") ratio = 1032;
    if (ext == ".nrrd") {
        const std::string e = nrrdEncoding(path);
        if (e == "gzip" || e == "gz") ratio = 1032;
        if (e == "text" || e == "txt" || e == "ascii") ratio = 4;
        if (e == "bzip2" || e == "bz2") return;  // no useful bound: the limit above
    }
    if (bytes > ratio * file + 65536)
        throw std::runtime_error(path + ": the header promises " + gb +
                                 " of voxels, more than the file can hold");
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
    const std::string ext = extensionOf(path);
    if (ext == ".nii" || ext == ".nii.gz") checkNiftiHeader(path);
    try {
        io->SetFileName(path);
        io->ReadImageInformation();
        if (io->GetNumberOfDimensions() > 3)
            throw std::runtime_error(path + ": more than 3 dimensions are not supported");
        checkPromisedSize(path, *io);
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
