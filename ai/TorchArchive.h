#pragma once
// The records of a torch.save file (PyTorch's zip format: one folder holding
// data.pkl, data/<storage key>, version), read without miniz. PyTorch stores
// every record uncompressed, so a record is a range of the file: its size is
// checked against the file before anything is allocated, and its CRC-32 when
// it is read. (LibTorch's own reader allocates what the zip directory claims,
// and leaks its zip state when a damaged archive makes its constructor throw.)
//
// Threads: one object per thread (it holds an open file). Throws
// std::runtime_error naming the file and what is wrong: no zip directory,
// compressed or overlapping records, a record past the end of the file, a
// CRC mismatch, a missing record.

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace radlens::ai {

class TorchArchive {
public:
    /// Reads and checks the zip's central directory (zip64 included).
    explicit TorchArchive(const std::string& path);

    /// Whether the archive's folder holds `name` ("data.pkl", "data/0").
    bool has(const std::string& name) const;
    /// The bytes of record `name`, CRC-checked.
    std::vector<char> read(const std::string& name);

private:
    struct Entry {
        std::uint64_t headerOffset = 0;  ///< of its local file header
        std::uint64_t size = 0;
        std::uint32_t crc = 0;
    };
    [[noreturn]] void fail(const std::string& why) const;
    std::vector<unsigned char> bytesAt(std::uint64_t offset, std::size_t n);

    std::string path_;
    std::ifstream in_;
    std::uint64_t fileSize_ = 0;
    std::string folder_;  ///< the first record's folder, with its '/'
    std::map<std::string, Entry> entries_;
};

}  // namespace radlens::ai
