// PNG training images (imaging::PngReader, issue 17's data pipeline): every
// check of the chunk walk, the header, the inflate and the row filters. Where
// PngReader decodes an input and libpng (ai::ImageFile's ITK path) decodes it
// too, the two must agree value for value: a difference aborts (a finding).
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>

#include "FuzzInput.h"
#include "ai/ImageFile.h"
#include "imaging/PngReader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::optional<radlens::imaging::Volume> ours;
    try {
        ours = radlens::imaging::PngReader::decodeGrey(data, size, "fuzz.png");
    } catch (const std::exception&) {
        return 0;
    }
    if (!ours) return 0;
    const std::string path = radlens::fuzz::asFile(data, size, "fuzz.png");
    try {
        const radlens::imaging::Volume theirs = radlens::ai::ImageFile::readPngWithLibpng(path);
        if (theirs.dims() != ours->dims() ||
            std::memcmp(theirs.data(), ours->data(), ours->byteSize()) != 0)
            std::abort();  // PngReader and libpng disagree on a file both read
    } catch (const std::exception&) {
        // libpng refuses what PngReader read (it is stricter about ancillary
        // chunks); not a finding.
    }
    return 0;
}
