#include "imaging/DurableFile.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "platform/Platform.h"

namespace fs = std::filesystem;

namespace radlens::imaging {

namespace {

std::runtime_error osError(const std::string& what, const std::string& path) {
    return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

std::string DurableFile::tempNameFor(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    return path + ".tmp-" + std::to_string(platform::processId()) + "-" + std::to_string(counter++);
}

void DurableFile::sync(const std::string& path) { platform::syncPath(path); }

void DurableFile::commit(const std::string& temp, const std::string& path) {
    sync(temp);
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw std::runtime_error("cannot rename " + temp + " to " + path + ": " + ec.message());
    }
    const fs::path dir = fs::path(path).parent_path();
    sync(dir.empty() ? std::string(".") : dir.string());
}

void DurableFile::write(const std::string& path, const std::string& bytes) {
    const std::string temp = tempNameFor(path);
    std::FILE* f = std::fopen(temp.c_str(), "wb");
    if (!f) throw osError("cannot create", temp);
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const int writeErrno = errno;
    if (std::fclose(f) != 0 || !written) {
        if (!written) errno = writeErrno;
        const std::runtime_error e = osError("cannot write", temp);
        std::error_code ec;
        fs::remove(temp, ec);
        throw e;
    }
    commit(temp, path);
}

}  // namespace radlens::imaging
