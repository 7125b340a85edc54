#pragma once
// Decodes one JPEG 2000 or HTJ2K frame (a J2K codestream or JP2 file in
// memory) with OpenJPEG. DCMTK 3.6.7 has no JPEG 2000 codec of its own.
//
// Threads: any; no shared state. Throws std::runtime_error with OpenJPEG's
// reason when the data cannot be decoded.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace radlens::imaging {

struct DecodedJ2k {
    int width = 0, height = 0, components = 0, precision = 0;
    bool isSigned = false;
    /// Component-interleaved samples (RGBRGB... for three components).
    std::vector<std::int32_t> samples;
};

class Jpeg2000Decoder {
public:
    static DecodedJ2k decode(const std::uint8_t* data, std::size_t size);
};

}  // namespace radlens::imaging
