#pragma once
// What every fuzz target shares: the input bytes as a file (the readers take
// paths, as they do in the program), in a folder of this process's own.
//
// Threads: one (libFuzzer calls a target from one thread).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace radlens::fuzz {

/// This process's scratch folder, made on first use and left for the OS's
/// temp cleaner (libFuzzer ends a process with _exit on a finding).
inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        const std::filesystem::path d =
            std::filesystem::temp_directory_path() / ("radlens-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

/// Writes the input to scratch()/name and returns its path.
inline std::string asFile(const std::uint8_t* data, std::size_t size, const std::string& name) {
    const std::string path = (scratch() / name).string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

}  // namespace radlens::fuzz
