#include "ai/TrainingImageCache.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "ai/NpyArray.h"
#include "platform/Platform.h"

namespace radlens::ai {

namespace fs = std::filesystem;

TrainingImageCache::TrainingImageCache(std::string folder) : folder_(std::move(folder)) {
    std::error_code ec;
    fs::create_directories(folder_, ec);
    if (!fs::is_directory(folder_, ec))
        throw std::runtime_error(folder_ + ": cannot create the training image cache" +
                                 (ec ? ": " + ec.message() : std::string()));
}

std::string TrainingImageCache::fileFor(const std::string& key, const char* extension) const {
    // Keys are hex digests: two characters of fan-out keep folders small.
    const std::string sub = key.size() > 2 ? key.substr(0, 2) : std::string("00");
    return (fs::path(folder_) / sub / (key + extension)).string();
}

TrainingImageCache::Entry TrainingImageCache::find(const std::string& key) const {
    const std::string file = fileFor(key, ".npy");
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return {};
    try {
        Entry e;
        std::ifstream in(fileFor(key, ".json"));
        e.about = nlohmann::json::parse(in);
        if (!e.about.is_object()) return {};
        const NpyArray a(file);
        const auto& s = a.shape();
        if (s.size() != 3 || s[0] != 1 || s[1] < 1 || s[2] < 1) return {};
        e.image = torch::empty({1, s[1], s[2]}, torch::kFloat32);
        a.item(0, e.image.data_ptr<float>());
        return e;
    } catch (const std::exception&) {
        return {};  // damaged (a full disk, another program): decoded and stored again
    }
}

void TrainingImageCache::store(const std::string& key, const torch::Tensor& image,
                               const nlohmann::json& about) const {
    const torch::Tensor t = image.to(torch::kFloat32).contiguous();
    if (t.dim() != 3 || t.size(0) != 1)
        throw std::invalid_argument("TrainingImageCache::store: the image must be (1, H, W)");
    const std::string file = fileFor(key, ".npy");
    std::error_code ec;
    fs::create_directories(fs::path(file).parent_path(), ec);
    const std::string aboutFile = fileFor(key, ".json");
    const std::string tmp =
        aboutFile + ".tmp" + std::to_string(platform::processId()) + "." +
        std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << about.dump();
        if (!out.flush()) {
            out.close();
            fs::remove(tmp, ec);
            throw std::runtime_error(aboutFile + ": cannot write");
        }
    }
    fs::rename(tmp, aboutFile, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw std::runtime_error(aboutFile + ": cannot write: " + ec.message());
    }
    NpyArray::writeFloat32(file, {1, t.size(1), t.size(2)}, t.data_ptr<float>());
}

}  // namespace radlens::ai
