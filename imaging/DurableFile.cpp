#include "imaging/DurableFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace radlens::imaging {

namespace {

std::runtime_error osError(const std::string& what, const std::string& path) {
    return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

std::string DurableFile::tempNameFor(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

void DurableFile::sync(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw osError("cannot open", path);
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw osError("cannot sync", path);
}

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
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw osError("cannot create", temp);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::runtime_error e = osError("cannot write", temp);
            ::close(fd);
            ::unlink(temp.c_str());
            throw e;
        }
        done += std::size_t(n);
    }
    if (::close(fd) != 0) {
        const std::runtime_error e = osError("cannot write", temp);
        ::unlink(temp.c_str());
        throw e;
    }
    commit(temp, path);
}

}  // namespace radlens::imaging
