#include "ai/TorchArchive.h"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace radlens::ai {

namespace {

std::uint64_t readLe(const unsigned char* p, int n) {
    std::uint64_t v = 0;
    for (int k = n - 1; k >= 0; --k) v = (v << 8) | p[k];
    return v;
}

/// The zip format's CRC-32, by zlib (several bytes a step: a byte-wise
/// table loop took a quarter of analyze_cli in the -O0 sanitizer tree).
std::uint32_t recordCrc32(const char* data, std::size_t n) {
    return std::uint32_t(crc32_z(0, reinterpret_cast<const Bytef*>(data), n));
}

}  // namespace

void TorchArchive::fail(const std::string& why) const {
    throw std::runtime_error(path_ + ": damaged PyTorch archive: " + why);
}

std::vector<unsigned char> TorchArchive::bytesAt(std::uint64_t offset, std::size_t n) {
    if (offset > fileSize_ || n > fileSize_ - offset) fail("a zip structure lies outside the file");
    std::vector<unsigned char> b(n);
    in_.clear();
    in_.seekg(std::streamoff(offset));
    in_.read(reinterpret_cast<char*>(b.data()), std::streamsize(n));
    if (!in_) fail("cannot read the file");
    return b;
}

TorchArchive::TorchArchive(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw std::runtime_error(path + ": cannot open the file");
    in_.seekg(0, std::ios::end);
    fileSize_ = std::uint64_t(in_.tellg());
    // End of central directory: 22 bytes plus a comment of up to 65535.
    const std::uint64_t tailSize = std::min<std::uint64_t>(fileSize_, 22 + 65535);
    const std::vector<unsigned char> tail = bytesAt(fileSize_ - tailSize, std::size_t(tailSize));
    std::size_t eocd = std::string::npos;
    for (std::size_t k = tail.size() >= 22 ? tail.size() - 21 : 0; k-- > 0;)
        if (readLe(&tail[k], 4) == 0x06054b50) {
            eocd = k;
            break;
        }
    if (eocd == std::string::npos) fail("no zip directory");
    std::uint64_t count = readLe(&tail[eocd + 10], 2);
    std::uint64_t dirSize = readLe(&tail[eocd + 12], 4);
    std::uint64_t dirOffset = readLe(&tail[eocd + 16], 4);
    if (eocd >= 20 && readLe(&tail[eocd - 20], 4) == 0x07064b50) {  // zip64 locator
        const std::vector<unsigned char> z = bytesAt(readLe(&tail[eocd - 20 + 8], 8), 56);
        if (readLe(&z[0], 4) != 0x06064b50) fail("bad zip64 directory record");
        count = readLe(&z[32], 8);
        dirSize = readLe(&z[40], 8);
        dirOffset = readLe(&z[48], 8);
    }
    if (dirSize > fileSize_ || count > dirSize / 46) fail("zip directory larger than the file");
    const std::vector<unsigned char> dir = bytesAt(dirOffset, std::size_t(dirSize));
    std::size_t at = 0;
    for (std::uint64_t e = 0; e < count; ++e) {
        if (at + 46 > dir.size() || readLe(&dir[at], 4) != 0x02014b50)
            fail("bad zip directory entry");
        const unsigned method = unsigned(readLe(&dir[at + 10], 2));
        Entry entry;
        entry.crc = std::uint32_t(readLe(&dir[at + 16], 4));
        std::uint64_t packed = readLe(&dir[at + 20], 4);
        entry.size = readLe(&dir[at + 24], 4);
        entry.headerOffset = readLe(&dir[at + 42], 4);
        const std::size_t nameLen = readLe(&dir[at + 28], 2), extraLen = readLe(&dir[at + 30], 2),
                          commentLen = readLe(&dir[at + 32], 2);
        const std::size_t extra = at + 46 + nameLen, next = extra + extraLen + commentLen;
        if (next > dir.size()) fail("bad zip directory entry");
        // Zip64 extra field: the 64-bit values of the fields set to ~0, in order.
        for (std::size_t x = extra; x + 4 <= extra + extraLen;) {
            const std::size_t id = readLe(&dir[x], 2), len = readLe(&dir[x + 2], 2);
            if (x + 4 + len > extra + extraLen) fail("bad zip directory entry");
            if (id == 1) {
                std::size_t f = x + 4;
                auto wide = [&](std::uint64_t& v) {
                    if (v != 0xffffffffu) return;
                    if (f + 8 > x + 4 + len) fail("bad zip64 field");
                    v = readLe(&dir[f], 8);
                    f += 8;
                };
                wide(entry.size);
                wide(packed);
                wide(entry.headerOffset);
            }
            x += 4 + len;
        }
        const std::string name(reinterpret_cast<const char*>(&dir[at + 46]), nameLen);
        at = next;
        if (method != 0)
            fail("record " + name + " is compressed (torch.save stores its records as they are)");
        if (packed != entry.size)
            fail("record " + name + " says " + std::to_string(entry.size) + " bytes but holds " +
                 std::to_string(packed));
        if (entry.headerOffset > fileSize_ || entry.size > fileSize_ - entry.headerOffset)
            fail("record " + name + " runs past the end of the file");
        if (e == 0) {
            const std::size_t slash = name.find('/');
            if (slash == std::string::npos)
                fail("record " + name + " is not in the archive's folder");
            folder_ = name.substr(0, slash + 1);
        }
        if (name.compare(0, folder_.size(), folder_) == 0)
            entries_[name.substr(folder_.size())] = entry;
    }
}

bool TorchArchive::has(const std::string& name) const { return entries_.count(name) > 0; }

std::vector<char> TorchArchive::read(const std::string& name) {
    auto it = entries_.find(name);
    if (it == entries_.end()) fail("record " + folder_ + name + " is missing");
    const Entry& entry = it->second;
    const std::vector<unsigned char> header = bytesAt(entry.headerOffset, 30);
    if (readLe(&header[0], 4) != 0x04034b50) fail("record " + name + " has no local header");
    const std::uint64_t data =
        entry.headerOffset + 30 + readLe(&header[26], 2) + readLe(&header[28], 2);
    if (data > fileSize_ || entry.size > fileSize_ - data)
        fail("record " + name + " runs past the end of the file");
    std::vector<char> bytes(entry.size);
    in_.clear();
    in_.seekg(std::streamoff(data));
    in_.read(bytes.data(), std::streamsize(bytes.size()));
    if (!in_) fail("cannot read record " + name);
    if (recordCrc32(bytes.data(), bytes.size()) != entry.crc)
        fail("record " + name + " fails its CRC-32 check");
    return bytes;
}

}  // namespace radlens::ai
