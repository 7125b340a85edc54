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

    /// What decodeGreyRows hands an image to, row by row (the training
    /// loader shrinks them as they come: the full-size image never exists).
    class RowSink {
    public:
        virtual ~RowSink() = default;
        /// Once, before any row. May throw (the decode stops with it).
        virtual void start(std::int64_t width, std::int64_t height) = 0;
        /// Row y (0 to height - 1, in order): `width` grey floats, valid
        /// during the call. May throw.
        virtual void row(std::int64_t y, const float* grey) = 0;
    };

    /// The file's pixels as grey float32, dims {width, height, 1}, spacing 1,
    /// no modality; std::nullopt for a PNG it leaves to libpng (see above).
    /// Throws std::runtime_error ("<path>: <what is wrong>").
    static std::optional<Volume> readGrey(const std::string& path);

    /// The same from bytes in memory; `name` is what errors call the file.
    static std::optional<Volume> decodeGrey(const std::uint8_t* data, std::size_t size,
                                            const std::string& name);

    /// The same pixels handed to `sink` row by row; false (and nothing
    /// handed over) for a PNG left to libpng. Throws as readGrey; a sink may
    /// have had some rows when a damaged row is found.
    static bool readGreyRows(const std::string& path, RowSink& sink);
    static bool decodeGreyRows(const std::uint8_t* data, std::size_t size, const std::string& name,
                               RowSink& sink);

    /// Checks a PNG of any kind without inflating it (a CRC over each
    /// critical chunk: far cheaper than a decode): the signature, truncation,
    /// CRCs, the header, the size checks above. What it cannot see is a
    /// damaged deflate stream under correct CRCs. Throws std::runtime_error
    /// ("<name>: <what is wrong>").
    static void check(const std::uint8_t* data, std::size_t size, const std::string& name);
};

}  // namespace radlens::imaging
