#include "imaging/PngReader.h"

#include <libdeflate.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace radlens::imaging {

namespace {

constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
/// Deflate's largest expansion: a 258-byte match from every 2 bits of a
/// dynamic block is about 1032:1; the margin covers the zlib header and a
/// short stream.
constexpr std::uint64_t kMaxDeflateRatio = 1032;
/// Row loops run in blocks of this many bytes: a loop of a fixed count is
/// vectorised at -O2 (GCC's cheap cost model does not peel a remainder).
constexpr std::size_t kBlock = 16;

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 |
           std::uint32_t(p[3]);
}

bool isLetter(std::uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

struct Header {
    std::uint32_t width = 0, height = 0;
    int bitDepth = 0, colourType = 0, interlace = 0;
    int channels() const {
        switch (colourType) {
            case 0:
                return 1;
            case 2:
                return 3;
            case 3:
                return 1;
            case 4:
                return 2;
            default:
                return 4;  // 6
        }
    }
};

class Decoder {
public:
    Decoder(const std::uint8_t* data, std::size_t size, const std::string& name)
        : data_(data), size_(size), name_(name) {}

    /// The chunks and header only (no inflate); throws on damage.
    void check() {
        walk(false);
        if (header_.interlace == 0) rawBytes();  // the size checks
    }

    /// Whether the image was read (false: one left to libpng, nothing
    /// handed to the sink).
    bool decode(PngReader::RowSink& sink) {
        if (!walk(true)) return false;  // libpng's
        return rows(sink);
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(name_ + ": " + what);
    }
    static std::string at(std::size_t pos) { return std::to_string(pos); }
    static std::string chunkName(const std::uint8_t* type) {
        std::string s(reinterpret_cast<const char*>(type), 4);
        for (char& c : s)
            if (!isLetter(static_cast<std::uint8_t>(c))) c = '?';
        return s;
    }

    /// Walks the chunks from the signature to IEND (or the end of the
    /// file), checking each, and keeps where the image data lies. With
    /// `stopAtLibpngKinds`, stops after IHDR at a kind PngReader leaves to
    /// libpng and returns false.
    bool walk(bool stopAtLibpngKinds) {
        if (size_ < 8 || std::memcmp(data_, kSignature, 8) != 0) fail("not a PNG file");
        std::size_t pos = 8;
        bool seenHeader = false, seenEnd = false;
        enum class Idat { None, Reading, Done } idat = Idat::None;
        while (pos < size_ && !seenEnd) {
            if (size_ - pos < 12) fail("truncated: a chunk header is cut off at byte " + at(pos));
            const std::uint32_t length = bigEndian32(data_ + pos);
            const std::uint8_t* type = data_ + pos + 4;
            if (length > 0x7fffffffu) fail("a chunk length over 2^31-1 at byte " + at(pos));
            if (std::uint64_t(length) + 12 > size_ - pos)
                fail("truncated: the " + chunkName(type) + " chunk at byte " + at(pos) +
                     " runs past the end of the file");
            if (!isLetter(type[0]) || !isLetter(type[1]) || !isLetter(type[2]) ||
                !isLetter(type[3]))
                fail("an invalid chunk type at byte " + at(pos));
            const std::uint8_t* body = type + 4;
            const bool critical = (type[0] & 0x20) == 0;
            if (critical) {
                const std::uint32_t crc = bigEndian32(body + length);
                if (std::uint32_t(libdeflate_crc32(0, type, std::size_t(length) + 4)) != crc)
                    fail("the " + chunkName(type) + " chunk at byte " + at(pos) +
                         " fails its CRC (the file is damaged)");
            }
            const std::string name = chunkName(type);
            if (!seenHeader && name != "IHDR") fail("the first chunk is " + name + ", not IHDR");
            if (name == "IHDR") {
                if (seenHeader) fail("a second IHDR chunk");
                readHeader(body, length);
                seenHeader = true;
                if (stopAtLibpngKinds &&
                    (header_.colourType == 3 || header_.bitDepth < 8 || header_.interlace != 0))
                    return false;
            } else if (name == "IDAT") {
                if (idat == Idat::Done) fail("IDAT chunks that are not consecutive");
                idat = Idat::Reading;
                idatSpans_.emplace_back(std::size_t(body - data_), std::size_t(length));
                compressed_ += length;
            } else {
                if (idat == Idat::Reading) idat = Idat::Done;
                if (name == "IEND") {
                    seenEnd = true;
                } else if (critical && name != "PLTE") {
                    fail("an unknown critical chunk " + name);
                }
            }
            pos += std::size_t(length) + 12;
        }
        if (!seenHeader) fail("no IHDR chunk");
        if (idatSpans_.empty()) fail("no image data (IDAT)");
        return true;
    }

    /// The bytes of the filtered rows (a non-interlaced image), after
    /// checking that the image is not larger than Radlens reads and not
    /// larger than its compressed bytes can hold.
    std::uint64_t rawBytes() const {
        const std::uint64_t w = header_.width, h = header_.height;
        const std::uint64_t stride =
            (w * std::uint64_t(header_.channels() * header_.bitDepth) + 7) / 8;
        const std::uint64_t raw = h * (stride + 1);
        if (w * h > PngReader::kMaxPixels || raw > kMaxVolumeBytes)
            fail("an image of " + std::to_string(w) + " x " + std::to_string(h) +
                 " pixels, more than Radlens reads (" + std::to_string(PngReader::kMaxPixels) +
                 ")");
        if (raw > compressed_ * kMaxDeflateRatio + 1024)
            fail("the header promises " + std::to_string(w) + " x " + std::to_string(h) +
                 " pixels, more than its " + std::to_string(compressed_) +
                 " compressed bytes can hold (the file is damaged or truncated)");
        return raw;
    }

    void readHeader(const std::uint8_t* p, std::uint32_t length) {
        if (length != 13) fail("an IHDR chunk of " + std::to_string(length) + " bytes, not 13");
        header_.width = bigEndian32(p);
        header_.height = bigEndian32(p + 4);
        header_.bitDepth = p[8];
        header_.colourType = p[9];
        header_.interlace = p[12];
        if (header_.width == 0 || header_.height == 0 || header_.width > 0x7fffffffu ||
            header_.height > 0x7fffffffu)
            fail("an image of " + std::to_string(header_.width) + " x " +
                 std::to_string(header_.height) + " pixels");
        const int d = header_.bitDepth;
        bool valid = false;
        switch (header_.colourType) {
            case 0:
                valid = d == 1 || d == 2 || d == 4 || d == 8 || d == 16;
                break;
            case 3:
                valid = d == 1 || d == 2 || d == 4 || d == 8;
                break;
            case 2:
            case 4:
            case 6:
                valid = d == 8 || d == 16;
                break;
            default:
                fail("colour type " + std::to_string(header_.colourType) + " (not a PNG one)");
        }
        if (!valid)
            fail("bit depth " + std::to_string(d) + " with colour type " +
                 std::to_string(header_.colourType));
        if (p[10] != 0) fail("compression method " + std::to_string(p[10]) + " (PNG has 0)");
        if (p[11] != 0) fail("filter method " + std::to_string(p[11]) + " (PNG has 0)");
        if (header_.interlace > 1)
            fail("interlace method " + std::to_string(header_.interlace) + " (PNG has 0 and 1)");
    }

    bool rows(PngReader::RowSink& sink) {
        const std::uint64_t w = header_.width, h = header_.height;
        const int channels = header_.channels(), bytesPerSample = header_.bitDepth / 8;
        const std::uint64_t stride = w * std::uint64_t(channels * bytesPerSample);
        const std::uint64_t rawBytes = this->rawBytes();
        const std::uint64_t compressed = compressed_;
        const auto& spans = idatSpans_;

        // One IDAT: inflate from the file's bytes; several: join them first.
        const std::uint8_t* in = data_ + spans.front().first;
        std::unique_ptr<std::uint8_t[]> joined;
        if (spans.size() > 1) {
            joined.reset(new std::uint8_t[std::size_t(compressed)]);
            std::size_t n = 0;
            for (const auto& [offset, length] : spans) {
                std::memcpy(joined.get() + n, data_ + offset, length);
                n += length;
            }
            in = joined.get();
        }
        std::unique_ptr<std::uint8_t[]> raw(new std::uint8_t[std::size_t(rawBytes)]);
        std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)> inflater(
            libdeflate_alloc_decompressor(), &libdeflate_free_decompressor);
        if (!inflater) throw std::bad_alloc();
        std::size_t produced = 0;
        const libdeflate_result r =
            libdeflate_zlib_decompress(inflater.get(), in, std::size_t(compressed), raw.get(),
                                       std::size_t(rawBytes), &produced);
        if (r == LIBDEFLATE_INSUFFICIENT_SPACE)
            return false;  // more data than the image: libpng decides (it may warn only)
        if (r != LIBDEFLATE_SUCCESS) fail("the image data is damaged (deflate stream or checksum)");
        if (produced != rawBytes)
            fail("too little image data: " + std::to_string(produced) + " bytes for " +
                 std::to_string(rawBytes));
        joined.reset();

        sink.start(std::int64_t(w), std::int64_t(h));
        std::vector<float> grey(static_cast<std::size_t>(w));
        const std::size_t bpp = std::size_t(channels * bytesPerSample);
        const std::vector<std::uint8_t> zeros(std::size_t(stride), 0);
        const std::uint8_t* previous = zeros.data();
        for (std::uint64_t y = 0; y < h; ++y) {
            std::uint8_t* row = raw.get() + y * (stride + 1);
            const int filter = row[0];
            ++row;
            unfilter(filter, row, previous, std::size_t(stride), bpp, y);
            toGrey(row, grey.data(), std::size_t(w), channels, bytesPerSample);
            sink.row(std::int64_t(y), grey.data());
            previous = row;
        }
        return true;
    }

    /// Undoes one row's filter in place. `up` is the row above (zeros for the
    /// first); with one byte a pixel, the byte to the left stays in a
    /// register (through memory, each byte would wait on the store before it).
    void unfilter(int filter, std::uint8_t* __restrict row, const std::uint8_t* __restrict up,
                  std::size_t n, std::size_t bpp, std::uint64_t y) const {
        switch (filter) {
            case 0:
                return;
            case 1:
                if (bpp == 1) {
                    std::uint8_t left = row[0];
                    for (std::size_t i = 1; i < n; ++i) row[i] = left = std::uint8_t(row[i] + left);
                } else {
                    for (std::size_t i = bpp; i < n; ++i)
                        row[i] = std::uint8_t(row[i] + row[i - bpp]);
                }
                return;
            case 2: {
                // Blocks of a fixed size, which -O2 vectorises, then the rest.
                std::size_t i = 0;
                for (; i + kBlock <= n; i += kBlock)
                    for (std::size_t k = 0; k < kBlock; ++k)
                        row[i + k] = std::uint8_t(row[i + k] + up[i + k]);
                for (; i < n; ++i) row[i] = std::uint8_t(row[i] + up[i]);
                return;
            }
            case 3:
                for (std::size_t i = 0; i < bpp; ++i) row[i] = std::uint8_t(row[i] + (up[i] >> 1));
                if (bpp == 1) {
                    unsigned left = row[0];
                    for (std::size_t i = 1; i < n; ++i)
                        row[i] = std::uint8_t(left = std::uint8_t(row[i] + ((left + up[i]) >> 1)));
                } else {
                    for (std::size_t i = bpp; i < n; ++i)
                        row[i] = std::uint8_t(row[i] + ((unsigned(row[i - bpp]) + up[i]) >> 1));
                }
                return;
            case 4:
                for (std::size_t i = 0; i < bpp; ++i) row[i] = std::uint8_t(row[i] + up[i]);
                if (bpp == 1) {
                    int left = row[0];
                    for (std::size_t i = 1; i < n; ++i) {
                        left = std::uint8_t(row[i] + paeth(left, up[i], up[i - 1]));
                        row[i] = std::uint8_t(left);
                    }
                } else {
                    for (std::size_t i = bpp; i < n; ++i)
                        row[i] = std::uint8_t(row[i] + paeth(row[i - bpp], up[i], up[i - bpp]));
                }
                return;
            default:
                fail("row " + std::to_string(y) + " has filter type " + std::to_string(filter) +
                     " (PNG has 0 to 4)");
        }
    }

    /// PNG's Paeth predictor of a pixel from its left (a), upper (b) and
    /// upper-left (c) neighbours.
    static int paeth(int a, int b, int c) {
        const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
        return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
    }

    /// One row of samples to grey floats, as ai::ImageFile's libpng path
    /// computes them (the same float expression).
    static void toGrey(const std::uint8_t* __restrict in, float* __restrict out, std::size_t w,
                       int channels, int bytesPerSample) {
        if (bytesPerSample == 1) {
            if (channels >= 3) {
                for (std::size_t x = 0; x < w; ++x, in += channels)
                    out[x] =
                        0.2125f * float(in[0]) + 0.7154f * float(in[1]) + 0.0721f * float(in[2]);
            } else if (channels == 1) {
                std::size_t x = 0;
                for (; x + kBlock <= w; x += kBlock)
                    for (std::size_t k = 0; k < kBlock; ++k) out[x + k] = float(in[x + k]);
                for (; x < w; ++x) out[x] = float(in[x]);
            } else {
                for (std::size_t x = 0; x < w; ++x, in += channels) out[x] = float(in[0]);
            }
            return;
        }
        const auto sample = [](const std::uint8_t* p) { return float(unsigned(p[0]) << 8 | p[1]); };
        if (channels >= 3) {
            for (std::size_t x = 0; x < w; ++x, in += 2 * channels)
                out[x] = 0.2125f * sample(in) + 0.7154f * sample(in + 2) + 0.0721f * sample(in + 4);
        } else {
            for (std::size_t x = 0; x < w; ++x, in += 2 * channels) out[x] = sample(in);
        }
    }

    const std::uint8_t* data_;
    std::size_t size_;
    const std::string& name_;
    Header header_;
    std::vector<std::pair<std::size_t, std::size_t>> idatSpans_;  // offset, length in data_
    std::uint64_t compressed_ = 0;                                // their bytes
};

}  // namespace

namespace {

/// Rows into a whole image, dims {width, height, 1}.
class VolumeSink : public PngReader::RowSink {
public:
    void start(std::int64_t width, std::int64_t height) override {
        Geometry g;
        g.dims = {int(width), int(height), 1};
        volume.emplace(PixelType::Float32, g);
        width_ = width;
    }
    void row(std::int64_t y, const float* grey) override {
        std::memcpy(volume->dataAs<float>() + y * width_, grey,
                    std::size_t(width_) * sizeof(float));
    }
    std::optional<Volume> volume;

private:
    std::int64_t width_ = 0;
};

}  // namespace

std::optional<Volume> PngReader::decodeGrey(const std::uint8_t* data, std::size_t size,
                                            const std::string& name) {
    VolumeSink sink;
    if (!decodeGreyRows(data, size, name, sink)) return std::nullopt;
    return std::move(sink.volume);
}

bool PngReader::decodeGreyRows(const std::uint8_t* data, std::size_t size, const std::string& name,
                               RowSink& sink) {
    return Decoder(data, size, name).decode(sink);
}

bool PngReader::hasPngName(const std::string& path) {
    if (path.size() < 4) return false;
    std::string ext = path.substr(path.size() - 4);
    for (char& ch : ext) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    return ext == ".png";
}

void PngReader::check(const std::uint8_t* data, std::size_t size, const std::string& name) {
    Decoder(data, size, name).check();
}

std::optional<Volume> PngReader::readGrey(const std::string& path) {
    VolumeSink sink;
    if (!readGreyRows(path, sink)) return std::nullopt;
    return std::move(sink.volume);
}

bool PngReader::readGreyRows(const std::string& path, RowSink& sink) {
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"),
                                                            &std::fclose);
    if (!file) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
    if (std::fseek(file.get(), 0, SEEK_END) != 0)
        throw std::runtime_error(path + ": cannot read: " + std::strerror(errno));
    const long end = std::ftell(file.get());
    if (end < 0) throw std::runtime_error(path + ": cannot read: " + std::strerror(errno));
    // A PNG larger than the largest image it may hold, compressed 1:1, is not one we read.
    if (std::uint64_t(end) > kMaxVolumeBytes + (std::uint64_t(1) << 20))
        throw std::runtime_error(path + ": a PNG file of " + std::to_string(end) +
                                 " bytes, more than Radlens reads");
    std::rewind(file.get());
    const std::size_t size = std::size_t(end);
    std::unique_ptr<std::uint8_t[]> bytes(new std::uint8_t[std::max<std::size_t>(size, 1)]);
    if (std::fread(bytes.get(), 1, size, file.get()) != size)
        throw std::runtime_error(path + ": cannot read " + std::to_string(size) + " bytes");
    return decodeGreyRows(bytes.get(), size, path, sink);
}

}  // namespace radlens::imaging
