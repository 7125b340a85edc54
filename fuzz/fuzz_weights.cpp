// Weights files (torch.save's zip format, read by our own unpickler in
// ai/TorchFileReader.cpp). The first byte picks what the rest is:
//   0: the whole file (its zip directory and records: ai/TorchArchive.cpp);
//   1: only data.pkl, which the target packs into a valid archive beside
//      eight storage records data/0 .. data/7 of 4 KiB (mutations of a zip
//      would nearly all fail its CRC check before the unpickler saw them).
#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

#include "FuzzInput.h"
#include "ai/TorchFileReader.h"

using namespace radlens;

namespace {

std::string packPickle(const std::uint8_t* pickle, std::size_t size) {
    std::vector<char> archive;
    {
        caffe2::serialize::PyTorchStreamWriter writer(
            [&archive](const void* buf, std::size_t n) -> std::size_t {
                if (n) {
                    const char* b = static_cast<const char*>(buf);
                    archive.insert(archive.end(), b, b + n);
                }
                return n;
            });
        writer.writeRecord("data.pkl", pickle, size);
        std::vector<std::uint8_t> storage(4096);
        for (std::size_t i = 0; i < storage.size(); ++i) storage[i] = std::uint8_t(i * 37);
        for (int k = 0; k < 8; ++k)
            writer.writeRecord("data/" + std::to_string(k), storage.data(), storage.size());
        writer.writeEndOfFile();
    }
    return fuzz::asFile(reinterpret_cast<const std::uint8_t*>(archive.data()), archive.size(),
                        "in.pt");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::string path =
        data[0] == 1 ? packPickle(data + 1, size - 1) : fuzz::asFile(data + 1, size - 1, "in.pt");
    try {
        ai::TorchFileReader::readStateDict(path);
    } catch (const std::exception&) {
    }
    try {
        ai::TorchFileReader::readTensor(path);
    } catch (const std::exception&) {
    }
    return 0;
}
