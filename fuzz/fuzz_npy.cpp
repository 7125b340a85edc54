// NumPy .npy stacks (ai/NpyArray.h), the medseg training layout: the header
// parsed and checked against the file's size, then the first items read as
// the loader reads them (every byte of an item must lie in the mapping).
#include <algorithm>
#include <exception>
#include <vector>

#include "FuzzInput.h"
#include "ai/NpyArray.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = radlens::fuzz::asFile(data, size, "images_fuzz.npy");
    try {
        const radlens::ai::NpyArray a(path);
        std::vector<float> item(std::size_t(a.itemElements()));
        for (std::int64_t i = 0; i < std::min<std::int64_t>(a.shape()[0], 4); ++i)
            a.item(i, item.data());
        a.item(a.shape()[0], item.data());  // one past the end: out_of_range
    } catch (const std::exception&) {
    }
    return 0;
}
