#include "ai/NpyArray.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>
#include <thread>
#include <utility>

namespace radlens::ai {

namespace {

constexpr std::size_t kMaxHeader = 1 << 20;
constexpr std::size_t kMaxDims = 8;

[[noreturn]] void fail(const std::string& path, const std::string& why) {
    throw std::runtime_error(path + ": " + why);
}

/// The text after 'key': in the header dict, spaces skipped; npos when absent.
std::size_t valueOf(const std::string& header, const std::string& key) {
    for (const char q : {'\'', '"'}) {
        const std::string quoted = std::string(1, q) + key + q;
        std::size_t at = header.find(quoted);
        if (at == std::string::npos) continue;
        at = header.find(':', at + quoted.size());
        if (at == std::string::npos) return at;
        ++at;
        while (at < header.size() && std::isspace(static_cast<unsigned char>(header[at]))) ++at;
        return at;
    }
    return std::string::npos;
}

template <typename T>
void convert(const unsigned char* in, std::int64_t n, float* out) {
    for (std::int64_t k = 0; k < n; ++k) {
        T v;
        std::memcpy(&v, in + k * std::int64_t(sizeof(T)), sizeof(T));
        out[k] = static_cast<float>(v);
    }
}

}  // namespace

NpyArray::NpyArray(const std::string& path) : path_(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(path, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        fail(path, "empty or unreadable");
    }
    mapSize_ = std::size_t(st.st_size);
    map_ = ::mmap(nullptr, mapSize_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map_ == MAP_FAILED) {
        map_ = nullptr;
        fail(path, std::string("cannot map: ") + std::strerror(errno));
    }
    try {
        const auto* b = static_cast<const unsigned char*>(map_);
        if (mapSize_ < 10 || std::memcmp(b, "\x93NUMPY", 6) != 0)
            fail(path, "not a NumPy .npy file (no \\x93NUMPY magic)");
        const int major = b[6];
        std::size_t headerLen = 0, start = 0;
        if (major == 1) {
            headerLen = std::size_t(b[8]) | std::size_t(b[9]) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (mapSize_ < 12) fail(path, "the .npy header is cut off");
            headerLen = std::size_t(b[8]) | std::size_t(b[9]) << 8 | std::size_t(b[10]) << 16 |
                        std::size_t(b[11]) << 24;
            start = 12;
        } else {
            fail(path, ".npy format version " + std::to_string(major) + " is not supported");
        }
        if (headerLen > kMaxHeader || start + headerLen > mapSize_)
            fail(path, "the .npy header is cut off or longer than 1 MB");
        const std::string header(reinterpret_cast<const char*>(b + start), headerLen);
        offset_ = start + headerLen;

        // descr: a type string such as '<f4' (structured types are lists).
        std::size_t at = valueOf(header, "descr");
        if (at == std::string::npos || at >= header.size() ||
            (header[at] != '\'' && header[at] != '"'))
            fail(path, "the .npy header has no simple 'descr' (structured arrays are not images)");
        const std::size_t end = header.find(header[at], at + 1);
        if (end == std::string::npos) fail(path, "the .npy header's 'descr' is not closed");
        descr_ = header.substr(at + 1, end - at - 1);
        if (descr_.size() < 3) fail(path, "unsupported element type '" + descr_ + "'");
        const char order = descr_[0];
        kind_ = descr_[1];
        itemSize_ = std::atoi(descr_.c_str() + 2);
        const bool known = (kind_ == 'f' && (itemSize_ == 4 || itemSize_ == 8)) ||
                           ((kind_ == 'i' || kind_ == 'u') && (itemSize_ == 1 || itemSize_ == 2 ||
                                                               itemSize_ == 4 || itemSize_ == 8)) ||
                           (kind_ == 'b' && itemSize_ == 1);
        if (!known || descr_.size() > 4)
            fail(path, "unsupported element type '" + descr_ +
                           "' (bool, integers and float32/64 are read)");
        if (order == '>' && itemSize_ > 1)
            fail(path, "big-endian data ('" + descr_ + "') is not supported");
        if (order != '<' && order != '|' && order != '=' && order != '>')
            fail(path, "unsupported element type '" + descr_ + "'");

        at = valueOf(header, "fortran_order");
        if (at == std::string::npos) fail(path, "the .npy header has no 'fortran_order'");
        if (header.compare(at, 4, "True") == 0)
            fail(path,
                 "the array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        if (header.compare(at, 5, "False") != 0)
            fail(path, "the .npy header's 'fortran_order' is neither True nor False");

        at = valueOf(header, "shape");
        if (at == std::string::npos || at >= header.size() || header[at] != '(')
            fail(path, "the .npy header has no 'shape' tuple");
        const std::size_t close = header.find(')', at);
        if (close == std::string::npos) fail(path, "the .npy header's 'shape' is not closed");
        std::size_t p = at + 1;
        while (p < close) {
            while (p < close &&
                   (std::isspace(static_cast<unsigned char>(header[p])) || header[p] == ','))
                ++p;
            if (p >= close) break;
            if (!std::isdigit(static_cast<unsigned char>(header[p])))
                fail(path, "the .npy header's 'shape' holds something other than sizes");
            std::int64_t v = 0;
            while (p < close && std::isdigit(static_cast<unsigned char>(header[p]))) {
                if (v > (std::numeric_limits<std::int64_t>::max() - 9) / 10)
                    fail(path, "a size in the .npy header's 'shape' is too large");
                v = v * 10 + (header[p++] - '0');
            }
            while (p < close && header[p] == 'L') ++p;  // Python 2's long suffix
            shape_.push_back(v);
            if (shape_.size() > kMaxDims)
                fail(path, "the array has more than " + std::to_string(kMaxDims) + " axes");
        }
        if (shape_.empty()) fail(path, "the array is a scalar, not a stack of images");
        // Every element must lie in the file.
        std::int64_t elements = 1;
        for (const std::int64_t d : shape_) {
            if (d != 0 && elements > std::numeric_limits<std::int64_t>::max() / itemSize_ / d)
                fail(path, "the shape in the .npy header is too large");
            elements *= d;
        }
        // ... and one item of the first axis too, even when there are none
        // (an empty stack whose items would each be petabytes is damaged).
        std::int64_t perItem = 1;
        for (std::size_t k = 1; k < shape_.size(); ++k) {
            if (shape_[k] != 0 &&
                perItem > std::numeric_limits<std::int64_t>::max() / itemSize_ / shape_[k])
                fail(path, "the shape in the .npy header is too large");
            perItem *= shape_[k];
        }
        if (std::uint64_t(perItem) * std::uint64_t(itemSize_) > mapSize_ - offset_)
            fail(path, "one item of the shape needs " +
                           std::to_string(std::uint64_t(perItem) * std::uint64_t(itemSize_)) +
                           " bytes, the file holds " + std::to_string(mapSize_ - offset_));
        const std::uint64_t bytes = std::uint64_t(elements) * std::uint64_t(itemSize_);
        if (bytes > mapSize_ - offset_)
            fail(path, "the header promises " + std::to_string(bytes) +
                           " bytes of data, the file holds " + std::to_string(mapSize_ - offset_) +
                           " (cut off?)");
        if (shape_[0] > 0) ::madvise(map_, mapSize_, MADV_RANDOM);
    } catch (...) {
        unmap();
        throw;
    }
}

NpyArray::~NpyArray() { unmap(); }

NpyArray::NpyArray(NpyArray&& other) noexcept { *this = std::move(other); }

NpyArray& NpyArray::operator=(NpyArray&& other) noexcept {
    if (this != &other) {
        unmap();
        path_ = std::move(other.path_);
        descr_ = std::move(other.descr_);
        shape_ = std::move(other.shape_);
        kind_ = other.kind_;
        itemSize_ = other.itemSize_;
        offset_ = other.offset_;
        map_ = std::exchange(other.map_, nullptr);
        mapSize_ = std::exchange(other.mapSize_, 0);
    }
    return *this;
}

void NpyArray::unmap() noexcept {
    if (map_) ::munmap(map_, mapSize_);
    map_ = nullptr;
    mapSize_ = 0;
}

std::int64_t NpyArray::itemElements() const {
    std::int64_t n = 1;
    for (std::size_t k = 1; k < shape_.size(); ++k) n *= shape_[k];
    return n;
}

void NpyArray::item(std::int64_t i, float* out) const {
    if (!map_ || i < 0 || i >= shape_[0])
        throw std::out_of_range(path_ + ": item " + std::to_string(i) + " of " +
                                std::to_string(shape_.empty() ? 0 : shape_[0]));
    const std::int64_t n = itemElements();
    if (n == 0) return;
    const auto* in = static_cast<const unsigned char*>(map_) + offset_ + i * n * itemSize_;
    switch (kind_) {
        case 'f':
            if (itemSize_ == 4)
                std::memcpy(out, in, std::size_t(n) * sizeof(float));
            else
                convert<double>(in, n, out);
            return;
        case 'b':
            for (std::int64_t k = 0; k < n; ++k) out[k] = in[k] ? 1.0f : 0.0f;
            return;
        case 'u':
            if (itemSize_ == 1) return convert<std::uint8_t>(in, n, out);
            if (itemSize_ == 2) return convert<std::uint16_t>(in, n, out);
            if (itemSize_ == 4) return convert<std::uint32_t>(in, n, out);
            return convert<std::uint64_t>(in, n, out);
        default:
            if (itemSize_ == 1) return convert<std::int8_t>(in, n, out);
            if (itemSize_ == 2) return convert<std::int16_t>(in, n, out);
            if (itemSize_ == 4) return convert<std::int32_t>(in, n, out);
            return convert<std::int64_t>(in, n, out);
    }
}

void NpyArray::writeFloat32(const std::string& path, const std::vector<std::int64_t>& shape,
                            const float* data) {
    std::string dims;
    std::int64_t n = 1;
    for (const std::int64_t d : shape) {
        if (d < 0) fail(path, "negative dimension");
        dims += std::to_string(d) + ", ";
        n *= d;
    }
    if (shape.size() > 1) dims.erase(dims.size() - 2);  // (3,) keeps its comma
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Magic (6) + version (2) + length (2) + header + '\n', padded to 64.
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    const std::string tmp =
        path + ".tmp" + std::to_string(::getpid()) + "." +
        std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail(path, std::string("cannot write: ") + std::strerror(errno));
    auto writeAll = [fd](const void* p, std::size_t bytes) {
        const auto* c = static_cast<const char*>(p);
        while (bytes > 0) {
            const ssize_t w = ::write(fd, c, bytes);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return false;
            c += w;
            bytes -= std::size_t(w);
        }
        return true;
    };
    const unsigned char prefix[10] = {0x93,
                                      'N',
                                      'U',
                                      'M',
                                      'P',
                                      'Y',
                                      1,
                                      0,
                                      static_cast<unsigned char>(header.size() & 0xFF),
                                      static_cast<unsigned char>(header.size() >> 8)};
    const bool ok = writeAll(prefix, sizeof prefix) && writeAll(header.data(), header.size()) &&
                    writeAll(data, std::size_t(n) * sizeof(float));
    const int err = errno;
    if (::close(fd) != 0 || !ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        fail(path, std::string("cannot write: ") + std::strerror(ok ? errno : err));
    }
}

}  // namespace radlens::ai
