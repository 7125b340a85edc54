#pragma once
// DICOM files whose data set is deflated (transfer syntax Deflated Explicit
// VR Little Endian, 1.2.840.10008.1.2.1.99), checked before DCMTK reads them
// (issue 20, "no decompression bombs"). DCMTK inflates such a data set as it
// parses it and, the stream being unseekable, allocates each element's
// declared length at once: a file of a few kilobytes declaring a 3 GB
// element made it allocate 3 GB (fuzz_dicom), and a file of a few megabytes
// can inflate to gigabytes of real data.
//
// check() inflates the data set once, 256 KiB at a time, holding none of it,
// and walks the element headers as they come (explicit VR little endian:
// sequences and items entered, encapsulated fragments and values skipped).
// It fails when the data set inflates to more than the limit, or when an
// element or item declares more bytes than the data set holds. A VR it does
// not know has a 4-byte length, as DCMTK reads it. Where the walk meets what
// it does not parse (an undefined length on something other than a sequence
// or encapsulated pixel data) it stops walking and only counts, so a valid
// file is never refused for its layout;
// a damaged deflate stream ends the count where DCMTK's reading would end.
//
// Threads: any (no shared state). Throws std::runtime_error
// ("<path>: <what is wrong>"); files it cannot open or that are not
// deflated are left to the reader (no error).

#include <cstdint>
#include <string>

#include "imaging/Volume.h"

namespace radlens::imaging {

class DeflatedDataset {
public:
    /// The most bytes a deflated data set may inflate to: the largest
    /// volume Radlens decodes and 1 MiB of header.
    static constexpr std::uint64_t kMaxInflatedBytes = kMaxVolumeBytes + (1ull << 20);

    static constexpr const char* kTransferSyntaxUid = "1.2.840.10008.1.2.1.99";

    /// Whether a Part 10 file's meta header names the deflated transfer
    /// syntax (false for any other file, including ones it cannot read).
    static bool isDeflated(const std::string& path);

    /// Checks a deflated file (see above); does nothing for other files.
    static void check(const std::string& path, std::uint64_t maxBytes = kMaxInflatedBytes);

    /// What check() would say, without the path; empty when nothing is
    /// wrong or the file is not deflated.
    static std::string problem(const std::string& path, std::uint64_t maxBytes = kMaxInflatedBytes);
};

}  // namespace radlens::imaging
