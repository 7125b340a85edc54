#pragma once
// PNG files decoded by Radlens itself, for the training data pipeline
// (issue 17): libdeflate inflates the image data in one call, rows are
// unfiltered in place and turned into grey floats as they go. libpng (through
// ITK) spent most of a 1024x1024 radiograph's decode in zlib's inflate.
//
// What it reads: non-interlaced grey, grey+alpha, RGB and RGBA of 8 or 16
// bits a sample (every PNG of ChestX-ray14 and of the tools that write
// training sets). What it leaves to libpng (readGrey returns std::nullopt
// after the header): interlaced files, palette files, grey of 1, 2 or 4 bits.
// The values are those ai::ImageFile's libpng path gives, bit for bit
// (tested against it): samples as stored (0-255 or 0-65535), colour as
// 0.2125 R + 0.7154 G + 0.0721 B, alpha ignored (ITK's scalar conversion
// would multiply grey by alpha).
//
// Checks, each a std::runtime_error naming the file: the signature; chunks
// that run past the end of the file (truncated); CRCs of the critical chunks;
// IHDR's fields (sizes 1 to 2^31-1, a valid colour type and bit depth); a
// header that promises more pixels than kMaxPixels or than the compressed
// bytes present can hold (deflate expands at most 1032:1), before anything
// of that size is allocated; IDAT chunks that are not consecutive; a damaged
// deflate stream or its checksum; too little or too much image data; unknown
// filter types and unknown critical chunks.
//
// Threads: any (no shared state).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "imaging/Volume.h"

namespace radlens::imaging {

class PngReader {
public:
    /// The most pixels (width x height) a PNG may have: 2^30, a float32 image
    /// of 4 GiB.
    static constexpr std::uint64_t kMaxPixels = 1ull << 30;

    /// Whether a path names a PNG file (".png", any case): how
    /// ai::ImageFile and the training loader tell PNGs from other images.
    static bool hasPngName(const std::string& path);

    /// The file's pixels as grey float32, dims {width, height, 1}, spacing 1,
    /// no modality; std::nullopt for a PNG it leaves to libpng (see above).
    /// Throws std::runtime_error ("<path>: <what is wrong>").
    static std::optional<Volume> readGrey(const std::string& path);

    /// The same from bytes in memory; `name` is what errors call the file.
    static std::optional<Volume> decodeGrey(const std::uint8_t* data, std::size_t size,
                                            const std::string& name);

    /// Checks a PNG of any kind without inflating it (a CRC over each
    /// critical chunk: far cheaper than a decode): the signature, truncation,
    /// CRCs, the header, the size checks above. What it cannot see is a
    /// damaged deflate stream under correct CRCs. Throws std::runtime_error
    /// ("<name>: <what is wrong>").
    static void check(const std::uint8_t* data, std::size_t size, const std::string& name);
};

}  // namespace radlens::imaging
