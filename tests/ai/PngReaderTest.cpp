// imaging::PngReader (issue 17's data pipeline) against libpng (ITK's reader,
// ai::ImageFile::readPngWithLibpng) on PNGs written here by a small encoder
// that picks each row's filter, splits the image data over several IDAT
// chunks and adds ancillary chunks: every colour type and bit depth the
// reader takes must give libpng's values bit for bit; the kinds it leaves go
// to libpng; damaged files are errors that name the file.
#include <gtest/gtest.h>
#include <libdeflate.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "ai/ImageFile.h"
#include "imaging/PngReader.h"

namespace fs = std::filesystem;
using radlens::ai::ImageFile;
using radlens::imaging::PngReader;
using radlens::imaging::Volume;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path =
            fs::temp_directory_path() / ("radlens-png-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

using Bytes = std::vector<std::uint8_t>;

void put32(Bytes& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(std::uint8_t(v >> s));
}

void chunk(Bytes& png, const char* type, const Bytes& body) {
    put32(png, std::uint32_t(body.size()));
    Bytes typed(type, type + 4);
    typed.insert(typed.end(), body.begin(), body.end());
    png.insert(png.end(), typed.begin(), typed.end());
    put32(png, std::uint32_t(libdeflate_crc32(0, typed.data(), typed.size())));
}

Bytes zlib(const Bytes& raw) {
    libdeflate_compressor* c = libdeflate_alloc_compressor(6);
    Bytes out(libdeflate_zlib_compress_bound(c, raw.size()));
    out.resize(libdeflate_zlib_compress(c, raw.data(), raw.size(), out.data(), out.size()));
    libdeflate_free_compressor(c);
    return out;
}

int channelsOf(int colourType) {
    return colourType == 0 || colourType == 3 ? 1 : colourType == 2 ? 3 : colourType == 4 ? 2 : 4;
}

/// The PNG encoding of one image: `samples` are the unfiltered row bytes
/// (height x stride, big-endian 16-bit samples); row y is filtered with
/// filterOf(y). `idatSize` splits the zlib stream into IDAT chunks of that
/// many bytes; ancillary chunks (tEXt, gAMA, sBIT) stand before the data.
struct PngSpec {
    int width = 37, height = 23, bitDepth = 8, colourType = 0, interlace = 0;
    std::function<int(int)> filterOf = [](int y) { return y % 5; };
    std::size_t idatSize = 97;
    Bytes palette;  // colour type 3
};

std::size_t strideOf(const PngSpec& s) {
    return (std::size_t(s.width) * channelsOf(s.colourType) * s.bitDepth + 7) / 8;
}

Bytes filteredRows(const PngSpec& s, const Bytes& samples) {
    const std::size_t stride = strideOf(s);
    const std::size_t bpp = std::max<std::size_t>(1, channelsOf(s.colourType) * s.bitDepth / 8);
    Bytes raw;
    const Bytes zeros(stride, 0);
    for (int y = 0; y < s.height; ++y) {
        const std::uint8_t* row = samples.data() + y * stride;
        const std::uint8_t* up = y ? row - stride : zeros.data();
        const int f = s.filterOf(y);
        raw.push_back(std::uint8_t(f));
        for (std::size_t i = 0; i < stride; ++i) {
            const int a = i >= bpp ? row[i - bpp] : 0, b = up[i], c = i >= bpp ? up[i - bpp] : 0;
            int predictor = 0;
            if (f == 1) predictor = a;
            if (f == 2) predictor = b;
            if (f == 3) predictor = (a + b) / 2;
            if (f == 4) {
                const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
                predictor = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
            }
            raw.push_back(std::uint8_t(row[i] - predictor));
        }
    }
    return raw;
}

Bytes encode(const PngSpec& s, const Bytes& samples, const Bytes& rawOverride = {}) {
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    Bytes ihdr;
    put32(ihdr, std::uint32_t(s.width));
    put32(ihdr, std::uint32_t(s.height));
    ihdr.insert(ihdr.end(), {std::uint8_t(s.bitDepth), std::uint8_t(s.colourType), 0, 0,
                             std::uint8_t(s.interlace)});
    chunk(png, "IHDR", ihdr);
    chunk(png, "gAMA", {0, 0, 0xb1, 0x8f});
    chunk(png, "tEXt", Bytes{'S', 'o', 'f', 't', 'w', 'a', 'r', 'e', 0, 't', 'e', 's', 't'});
    if (s.colourType == 3) chunk(png, "PLTE", s.palette);
    const Bytes z = zlib(rawOverride.empty() ? filteredRows(s, samples) : rawOverride);
    for (std::size_t i = 0; i < z.size(); i += s.idatSize)
        chunk(png, "IDAT",
              Bytes(z.begin() + long(i), z.begin() + long(std::min(z.size(), i + s.idatSize))));
    chunk(png, "IEND", {});
    return png;
}

/// Samples with smooth runs and noise (every filter meets carries and wraps).
Bytes samplesFor(const PngSpec& s, unsigned seed) {
    std::mt19937 rng(seed);
    Bytes b(strideOf(s) * std::size_t(s.height));
    for (std::size_t i = 0; i < b.size(); ++i)
        b[i] = (i / 7) % 3 == 0 ? std::uint8_t(rng()) : std::uint8_t(i * 3 + (i / 41) * 5);
    return b;
}

fs::path writeFile(const fs::path& p, const Bytes& bytes) {
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    return p;
}

std::string errorOf(const fs::path& p) {
    try {
        (void)PngReader::readGrey(p.string());
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(PngReader, GivesLibpngsValuesForEveryColourTypeBitDepthAndFilter) {
    TempDir dir;
    int files = 0;
    for (const int colourType : {0, 2, 4, 6})
        for (const int bitDepth : {8, 16})
            for (int filterCase = 0; filterCase <= 5; ++filterCase) {
                PngSpec s;
                s.colourType = colourType;
                s.bitDepth = bitDepth;
                // One filter for every row (0-4), or a different one per row (5).
                s.filterOf = [filterCase](int y) {
                    return filterCase == 5 ? (y * 3) % 5 : filterCase;
                };
                s.idatSize = filterCase % 2 ? 53 : 1 << 20;  // several IDATs, or one
                const Bytes samples = samplesFor(s, unsigned(files));
                const fs::path p = writeFile(dir.path / ("t" + std::to_string(files++) + ".png"),
                                             encode(s, samples));
                const std::optional<Volume> ours = PngReader::readGrey(p.string());
                ASSERT_TRUE(ours.has_value()) << p;
                const Volume theirs = ImageFile::readPngWithLibpng(p.string());
                ASSERT_EQ(ours->dims(), theirs.dims()) << p;
                ASSERT_EQ(ours->dims()[0], s.width);
                ASSERT_EQ(ours->dims()[1], s.height);
                const float* a = ours->dataAs<float>();
                const float* b = theirs.dataAs<float>();
                for (int i = 0; i < s.width * s.height; ++i)
                    ASSERT_EQ(std::memcmp(&a[i], &b[i], sizeof(float)), 0)
                        << p << " colour type " << colourType << " depth " << bitDepth
                        << " filter case " << filterCase << " pixel " << i << ": " << a[i]
                        << " vs libpng " << b[i];
                // And the values are the samples (not both readers wrong alike):
                // the first pixel of the last row, grey or red-green-blue.
                const std::size_t bytes = std::size_t(bitDepth / 8);
                const std::uint8_t* px = samples.data() + strideOf(s) * std::size_t(s.height - 1);
                const auto sample = [&](int k) {
                    return bytes == 1 ? float(px[k]) : float(px[2 * k] << 8 | px[2 * k + 1]);
                };
                const float expected =
                    colourType == 2 || colourType == 6
                        ? 0.2125f * sample(0) + 0.7154f * sample(1) + 0.0721f * sample(2)
                        : sample(0);
                EXPECT_EQ(a[s.width * (s.height - 1)], expected) << p;
            }
    EXPECT_EQ(files, 48);
}

TEST(PngReader, ImageFileReadsEveryKindThroughOneOrTheOther) {
    TempDir dir;
    // Palette, grey of 4 bits, interlaced: PngReader leaves them (nullopt) ...
    PngSpec palette;
    palette.colourType = 3;
    palette.palette = {0, 0, 0, 255, 0, 0, 0, 255, 0, 10, 20, 30};
    Bytes indices(strideOf(palette) * std::size_t(palette.height));
    for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = std::uint8_t(i % 4);
    const fs::path pal = writeFile(dir.path / "palette.png", encode(palette, indices));
    EXPECT_FALSE(PngReader::readGrey(pal.string()).has_value());
    PngSpec grey4;
    grey4.bitDepth = 4;
    const fs::path low = writeFile(dir.path / "grey4.png", encode(grey4, samplesFor(grey4, 3)));
    EXPECT_FALSE(PngReader::readGrey(low.string()).has_value());
    PngSpec interlaced;
    interlaced.interlace = 1;
    const fs::path adam7 =
        writeFile(dir.path / "adam7.png", encode(interlaced, samplesFor(interlaced, 4)));
    EXPECT_FALSE(PngReader::readGrey(adam7.string()).has_value());
    // ... and ImageFile reads them with libpng: palette index 1 is pure red.
    const Volume v = ImageFile::read(pal.string());
    EXPECT_EQ(v.modality, "CR");
    EXPECT_FLOAT_EQ(v.dataAs<float>()[1], 0.2125f * 255.0f);
    EXPECT_FLOAT_EQ(v.dataAs<float>()[3], 0.2125f * 10 + 0.7154f * 20 + 0.0721f * 30);
    // A 4-bit grey sample s is s * 17 in 8 bits.
    const Bytes g4 = samplesFor(grey4, 3);
    EXPECT_EQ(ImageFile::read(low.string()).dataAs<float>()[0], float((g4[0] >> 4) * 17));
    // More data than the image holds: libpng decides (it accepts it).
    PngSpec extra;
    const Bytes samples = samplesFor(extra, 5);
    Bytes raw = filteredRows(extra, samples);
    raw.insert(raw.end(), 100, 0);
    const fs::path more = writeFile(dir.path / "extra.png", encode(extra, samples, raw));
    EXPECT_FALSE(PngReader::readGrey(more.string()).has_value());
    EXPECT_EQ(ImageFile::read(more.string()).dataAs<float>()[5], float(samples[5]));
    // ImageFile reads an ordinary PNG with PngReader, modality CR.
    const fs::path plain = writeFile(dir.path / "plain.png", encode(extra, samples));
    const Volume p = ImageFile::read(plain.string());
    EXPECT_EQ(p.modality, "CR");
    EXPECT_EQ(p.dataAs<float>()[7], float(samples[7]));
}

TEST(PngReader, DamagedFilesAreErrorsThatNameTheFile) {
    TempDir dir;
    PngSpec s;
    const Bytes samples = samplesFor(s, 9);
    const Bytes good = encode(s, samples);
    const auto expectError = [&](const std::string& name, const Bytes& bytes,
                                 const std::string& why) {
        const fs::path p = writeFile(dir.path / name, bytes);
        const std::string e = errorOf(p);
        EXPECT_NE(e.find(p.string()), std::string::npos) << name << ": " << e;
        EXPECT_NE(e.find(why), std::string::npos) << name << ": " << e;
    };
    // Cut anywhere after the signature: a chunk runs past the end, or the
    // image data ends early.
    for (const std::size_t cut :
         {std::size_t(20), std::size_t(90), good.size() / 2, good.size() - 20})
        expectError("cut" + std::to_string(cut) + ".png",
                    Bytes(good.begin(), good.begin() + long(cut)), "truncated");
    expectError("signature.png", Bytes(good.begin() + 1, good.end()), "not a PNG");
    Bytes crc = good;
    crc[90] ^= 0x40;  // inside the first IDAT's data (it starts at byte 82)
    expectError("crc.png", crc, "CRC");
    // A damaged deflate stream under a correct CRC.
    PngSpec one = s;
    one.idatSize = 1 << 20;
    Bytes z = zlib(filteredRows(one, samples));
    z[z.size() - 1] ^= 0xff;  // the stream's Adler-32
    Bytes damaged = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    Bytes ihdr;
    put32(ihdr, 37);
    put32(ihdr, 23);
    ihdr.insert(ihdr.end(), {8, 0, 0, 0, 0});
    chunk(damaged, "IHDR", ihdr);
    chunk(damaged, "IDAT", z);
    chunk(damaged, "IEND", {});
    expectError("deflate.png", damaged, "damaged");
    // Rows with filter type 5, too few rows, a header promising far more pixels
    // than the data holds (refused before a 400 MB buffer is allocated).
    PngSpec badFilter = s;
    badFilter.filterOf = [](int y) { return y == 4 ? 5 : 0; };
    expectError("filter.png", encode(badFilter, samples), "filter type 5");
    Bytes shortRaw = filteredRows(s, samples);
    shortRaw.resize(shortRaw.size() - 38);
    expectError("short.png", encode(s, samples, shortRaw), "too little image data");
    PngSpec huge = s;
    huge.width = huge.height = 20000;
    expectError("huge.png", encode(huge, {}, filteredRows(s, samples)), "compressed bytes");
    PngSpec wide = s;
    wide.width = 40000;
    wide.height = 40000;
    expectError("wide.png", encode(wide, {}, filteredRows(s, samples)), "more than Radlens reads");
    PngSpec depth = s;
    depth.bitDepth = 7;
    expectError("depth.png", encode(depth, {}, filteredRows(s, samples)), "bit depth 7");
    PngSpec empty = s;
    empty.width = 0;
    expectError("empty.png", encode(empty, {}, filteredRows(s, samples)), "0 x 23");
    // No IDAT at all; IDAT chunks split by another chunk.
    Bytes noData = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    chunk(noData, "IHDR", ihdr);
    chunk(noData, "IEND", {});
    expectError("nodata.png", noData, "no image data");
    Bytes split = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    chunk(split, "IHDR", ihdr);
    const Bytes zz = zlib(filteredRows(one, samples));
    chunk(split, "IDAT", Bytes(zz.begin(), zz.begin() + 10));
    chunk(split, "tEXt", {'a', 0, 'b'});
    chunk(split, "IDAT", Bytes(zz.begin() + 10, zz.end()));
    chunk(split, "IEND", {});
    expectError("split.png", split, "not consecutive");
    Bytes unknown = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    chunk(unknown, "IHDR", ihdr);
    chunk(unknown, "ABCD", {1, 2, 3});
    chunk(unknown, "IDAT", zz);
    chunk(unknown, "IEND", {});
    expectError("unknown.png", unknown, "unknown critical chunk ABCD");
    // The reference still reads: the damage above was the files', not the reader's.
    EXPECT_TRUE(PngReader::readGrey(writeFile(dir.path / "good.png", good).string()).has_value());
    EXPECT_NE(errorOf(dir.path / "missing.png").find("cannot open"), std::string::npos);
}

// Real PNGs that nobody here wrote: scikit-image's sample images (Debian's
// python3-skimage, installed by scripts/install-deps): grey, RGB, RGBA,
// palette and 1-bit files from several encoders. ImageFile (PngReader, or
// libpng for the kinds it leaves) must give libpng's values on every one.
TEST(PngReader, ScikitImagesSampleFilesDecodeAsLibpngDecodesThem) {
    const fs::path data = "/usr/lib/python3/dist-packages/skimage/data";
    ASSERT_TRUE(fs::is_directory(data))
        << data << " is missing: scripts/install-deps installs python3-skimage";
    int files = 0, ours = 0;
    for (const auto& e : fs::directory_iterator(data)) {
        if (e.path().extension() != ".png") continue;
        ++files;
        const std::string p = e.path().string();
        if (PngReader::readGrey(p)) ++ours;
        const Volume a = ImageFile::read(p);
        const Volume b = ImageFile::readPngWithLibpng(p);
        ASSERT_EQ(a.dims(), b.dims()) << p;
        ASSERT_EQ(std::memcmp(a.data(), b.data(), a.byteSize()), 0) << p;
    }
    EXPECT_GE(files, 25);
    EXPECT_GE(ours, 20);  // every one but the palette and 1-bit files
}

// check(): the chunks without an inflate, for every kind (palette and
// interlaced too); it sees truncation and CRC damage, not a damaged deflate
// stream under correct CRCs (the decode does).
TEST(PngReader, CheckFindsTruncationAndCrcDamageWithoutInflating) {
    PngSpec s;
    const Bytes good = encode(s, samplesFor(s, 2));
    EXPECT_NO_THROW(PngReader::check(good.data(), good.size(), "good.png"));
    PngSpec palette;
    palette.colourType = 3;
    palette.palette = {0, 0, 0, 255, 255, 255};
    const Bytes pal = encode(palette, Bytes(strideOf(palette) * 23, 1));
    EXPECT_NO_THROW(PngReader::check(pal.data(), pal.size(), "palette.png"));
    const auto errorOfCheck = [](const Bytes& b) -> std::string {
        try {
            PngReader::check(b.data(), b.size(), "x.png");
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_NE(errorOfCheck(Bytes(good.begin(), good.end() - 40)).find("x.png: truncated"),
              std::string::npos);
    Bytes crc = good;
    crc[100] ^= 1;
    EXPECT_NE(errorOfCheck(crc).find("CRC"), std::string::npos);
    PngSpec huge = s;
    huge.width = huge.height = 30000;
    EXPECT_NE(
        errorOfCheck(encode(huge, {}, filteredRows(s, samplesFor(s, 2)))).find("compressed bytes"),
        std::string::npos);
}
