#include "imaging/DeflatedDataset.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace radlens::imaging {

namespace {

using File = std::unique_ptr<std::FILE, decltype(&std::fclose)>;

std::uint16_t u16(const std::uint8_t* p) { return std::uint16_t(p[0] | p[1] << 8); }
std::uint32_t u32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
}

/// Explicit VRs whose length field is 4 bytes (after 2 reserved ones).
bool hasLongLength(const std::uint8_t* vr) {
    static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                        "SV", "UC", "UN", "UR", "UT", "UV"};
    for (const char* v : kLong)
        if (vr[0] == v[0] && vr[1] == v[1]) return true;
    return false;
}

bool isKnownVr(const std::uint8_t* vr) {
    static const char* const kShort[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT",
                                         "FL", "FD", "IS", "LO", "LT", "PN", "SH",
                                         "SL", "SS", "ST", "TM", "UI", "UL", "US"};
    if (hasLongLength(vr)) return true;
    for (const char* v : kShort)
        if (vr[0] == v[0] && vr[1] == v[1]) return true;
    return false;
}

/// Where the deflated data set starts, when the file's meta header (group
/// 0002, explicit VR little endian after "DICM") names the deflated syntax.
std::optional<long> deflatedDataOffset(std::FILE* f) {
    // 4 KiB hold any usual meta header; a longer one is read on, to 1 MiB.
    std::vector<std::uint8_t> head;
    std::size_t n = 0;
    const auto readUpTo = [&](std::size_t size) {
        head.resize(size);
        n += std::fread(head.data() + n, 1, size - n, f);
    };
    readUpTo(4096);
    if (n < 132 || std::memcmp(head.data() + 128, "DICM", 4) != 0) return std::nullopt;
    std::size_t pos = 132;
    std::string syntax;
    while (true) {
        if (pos + 12 > n && n == head.size() && head.size() < (1u << 20)) {
            readUpTo(std::min<std::size_t>(head.size() * 4, 1u << 20));
            continue;
        }
        if (pos + 8 > n || u16(head.data() + pos) != 0x0002) break;
        const std::uint16_t element = u16(head.data() + pos + 2);
        const std::uint8_t* vr = head.data() + pos + 4;
        std::uint64_t length = 0;
        std::size_t header = 8;
        if (hasLongLength(vr)) {
            if (pos + 12 > n) return std::nullopt;
            length = u32(head.data() + pos + 8);
            header = 12;
        } else {
            length = u16(head.data() + pos + 6);
        }
        if (length > n - pos - header) {
            if (n == head.size() && head.size() < (1u << 20) && length < (1u << 20)) {
                readUpTo(1u << 20);
                continue;
            }
            return std::nullopt;  // DCMTK will say what is wrong
        }
        if (element == 0x0010)
            syntax.assign(reinterpret_cast<const char*>(head.data() + pos + header),
                          std::size_t(length));
        pos += header + std::size_t(length);
    }
    while (!syntax.empty() && (syntax.back() == '\0' || syntax.back() == ' ')) syntax.pop_back();
    if (syntax != DeflatedDataset::kTransferSyntaxUid) return std::nullopt;
    return long(pos);
}

/// Element headers walked over the inflated bytes as they come.
class HeaderWalk {
public:
    void feed(const std::uint8_t* p, std::size_t n) {
        while (n > 0 && walking_) {
            if (pos_ < skipUntil_) {
                const std::uint64_t k = std::min<std::uint64_t>(n, skipUntil_ - pos_);
                pos_ += k;
                p += k;
                n -= std::size_t(k);
                continue;
            }
            const std::size_t k = std::min(n, want_ - have_);
            std::memcpy(header_.data() + have_, p, k);
            have_ += k;
            pos_ += k;
            p += k;
            n -= k;
            if (have_ == want_) header();
        }
        pos_ += n;  // counted, not walked
    }

    /// The end of the value that reaches furthest into the data set, and
    /// the element or item that declares it ("(GGGG,EEEE)", its length).
    std::uint64_t furthestEnd() const { return furthestEnd_; }
    std::string furthest() const {
        char tag[16];
        std::snprintf(tag, sizeof tag, "(%04X,%04X)", unsigned(furthestTag_ >> 16),
                      unsigned(furthestTag_ & 0xFFFF));
        return tag;
    }
    std::uint64_t furthestLength() const { return furthestLength_; }

private:
    static constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;

    void header() {
        const std::uint16_t group = u16(header_.data()), element = u16(header_.data() + 2);
        if (group == 0xFFFE) {  // item, item and sequence delimiters: 4-byte length
            const std::uint32_t length = u32(header_.data() + 4);
            if (element == 0xE0DD) fragments_ = false;
            if (element == 0xE000 && length != kUndefined) {
                declare(group, element, length);
                if (fragments_) skipUntil_ = pos_ + length;  // a fragment's bytes
            }
            next(8);
            return;
        }
        const std::uint8_t* vr = header_.data() + 4;
        // A VR it does not know is read as DCMTK reads it (and PS3.5 7.1.2
        // asks): 2 reserved bytes, then a 4-byte length.
        const bool longLength = hasLongLength(vr) || !isKnownVr(vr);
        if (longLength && want_ < 12) {
            want_ = 12;  // the reserved bytes and the 4-byte length follow
            return;
        }
        const std::uint32_t length = longLength ? u32(header_.data() + 8) : u16(vr + 2);
        const bool sequence = vr[0] == 'S' && vr[1] == 'Q';
        if (length == kUndefined) {
            if (group == 0x7FE0 && element == 0x0010)
                fragments_ = true;  // encapsulated pixel data: items are fragments
            else if (!sequence)
                walking_ = false;  // e.g. UN of undefined length (implicit VR inside)
        } else {
            declare(group, element, length);
            if (!sequence) skipUntil_ = pos_ + length;
        }
        next(8);
    }

    void declare(std::uint16_t group, std::uint16_t element, std::uint64_t length) {
        if (pos_ + length <= furthestEnd_) return;
        furthestEnd_ = pos_ + length;
        furthestTag_ = std::uint32_t(group) << 16 | element;
        furthestLength_ = length;
    }

    void next(std::size_t want) {
        have_ = 0;
        want_ = want;
    }

    std::array<std::uint8_t, 12> header_{};
    std::size_t have_ = 0, want_ = 8;
    std::uint64_t pos_ = 0, skipUntil_ = 0, furthestEnd_ = 0, furthestLength_ = 0;
    std::uint32_t furthestTag_ = 0;
    bool walking_ = true, fragments_ = false;
};

}  // namespace

bool DeflatedDataset::isDeflated(const std::string& path) {
    File f(std::fopen(path.c_str(), "rb"), &std::fclose);
    return f && deflatedDataOffset(f.get()).has_value();
}

void DeflatedDataset::check(const std::string& path, std::uint64_t maxBytes) {
    const std::string what = problem(path, maxBytes);
    if (!what.empty()) throw std::runtime_error(path + ": " + what);
}

std::string DeflatedDataset::problem(const std::string& path, std::uint64_t maxBytes) {
    File f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) return {};
    const std::optional<long> offset = deflatedDataOffset(f.get());
    if (!offset || std::fseek(f.get(), *offset, SEEK_SET) != 0) return {};

    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw std::bad_alloc();  // raw deflate, as DCMTK
    std::unique_ptr<z_stream, int (*)(z_stream*)> end(&z, &inflateEnd);
    std::vector<std::uint8_t> in(64 * 1024), out(256 * 1024);
    HeaderWalk walk;
    std::uint64_t total = 0;
    bool ended = false;
    while (!ended) {
        z.avail_in = uInt(std::fread(in.data(), 1, in.size(), f.get()));
        z.next_in = in.data();
        if (z.avail_in == 0) break;  // the file ends: so does what DCMTK can read
        do {
            z.next_out = out.data();
            z.avail_out = uInt(out.size());
            const int r = inflate(&z, Z_NO_FLUSH);
            const std::size_t produced = out.size() - z.avail_out;
            total += produced;
            if (total > maxBytes)
                return "its deflated data set inflates to more than " + std::to_string(maxBytes) +
                       " bytes, more than Radlens reads";
            walk.feed(out.data(), produced);
            if (r == Z_STREAM_END || (r != Z_OK && r != Z_BUF_ERROR)) {
                ended = true;  // the end, or damage: DCMTK's reading ends here too
                break;
            }
        } while (z.avail_in > 0 || z.avail_out == 0);
    }
    if (walk.furthestEnd() > total)
        return "element " + walk.furthest() + " declares " + std::to_string(walk.furthestLength()) +
               " bytes, past the end of its deflated data set (" + std::to_string(total) +
               " bytes inflated)";
    return {};
}

}  // namespace radlens::imaging
