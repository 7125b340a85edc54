#pragma once
// Crash-safe file replacement: write a temporary file beside the target,
// fsync it, rename it over the target, fsync the folder. A reader (or the
// program after a kill or power cut) sees the old file or the new one, never
// a half-written one.
//
// Threads: any. Throws std::runtime_error with the path and the OS's reason.

#include <string>

namespace radlens::imaging {

class DurableFile {
public:
    /// Writes `bytes` to `path` through a temporary file.
    static void write(const std::string& path, const std::string& bytes);
    /// Makes `temp` (already written, closed) durable and renames it to `path`.
    static void commit(const std::string& temp, const std::string& path);
    /// fsync of a file or folder.
    static void sync(const std::string& path);
    /// A temporary name beside `path`, unique to this process and call.
    static std::string tempNameFor(const std::string& path);
};

}  // namespace radlens::imaging
