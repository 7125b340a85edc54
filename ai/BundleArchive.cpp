#include "ai/BundleArchive.h"

#include <zip.h>
#include "platform/Platform.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "ai/ModelBundle.h"
#include "imaging/Database.h"

namespace fs = std::filesystem;

namespace radlens::ai {

namespace {

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

/// A bundle unpacks to at most this much (the largest weights Radlens makes:
/// ~170 MB; torchvision's biggest ResNet: 230 MB), and a deflated entry to at
/// most what deflate can give: a zip bomb is refused before it fills the disk.
constexpr std::uint64_t kMaxUnpackedBytes = std::uint64_t(8) << 30;
constexpr std::uint64_t kMaxInflateRatio = 1032;

std::string entryName(zip_t* zip, zip_int64_t i, const std::string& path) {
    const char* name = zip_get_name(zip, zip_uint64_t(i), 0);
    if (!name) throw BundleError(path + ": damaged zip archive (entry " + std::to_string(i) + ")");
    return name;
}

bool safeEntry(const std::string& name) {
    if (name.empty() || name[0] == '/' || name.find('\\') != std::string::npos) return false;
    const fs::path path(name);
    for (const fs::path& part : path)
        if (part == "..") return false;
    return true;
}

}  // namespace

bool BundleArchive::isZip(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

std::string BundleArchive::defaultCacheRoot() {
    const fs::path dir = fs::path(imaging::Database::dataDirectory()) / "models";
    std::error_code ec;
    fs::create_directories(dir, ec);
    return dir.string();
}

std::string BundleArchive::resolve(const std::string& path, const std::string& cacheRoot) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return path;
    if (!fs::exists(path, ec)) throw BundleError(path + ": no such model bundle (folder or .zip)");
    if (!isZip(path))
        throw BundleError(path + ": not a model bundle (neither a folder nor a .zip)");
    // Every load resolves the bundle: hash an unchanged zip only once.
    static std::mutex mutex;
    static std::map<std::string, std::string> resolved;  // path|size|mtime|root -> folder
    const std::string key =
        path + "|" + std::to_string(fs::file_size(path, ec)) + "|" +
        std::to_string(fs::last_write_time(path, ec).time_since_epoch().count()) + "|" + cacheRoot;
    {
        std::lock_guard<std::mutex> lock(mutex);
        auto hit = resolved.find(key);
        if (hit != resolved.end() && fs::exists(fs::path(hit->second) / "model.json", ec))
            return hit->second;
    }
    const std::string folder = unpack(path, cacheRoot);
    std::lock_guard<std::mutex> lock(mutex);
    resolved[key] = folder;
    return folder;
}

std::string BundleArchive::unpack(const std::string& path, const std::string& cacheRoot) {
    std::error_code ec;
    const std::string digest = sha256OfFile(path);
    const fs::path target = fs::path(cacheRoot) / digest;
    if (fs::exists(target / "model.json", ec)) return target.string();

    int error = 0;
    std::unique_ptr<zip_t, ZipCloser> zip(zip_open(path.c_str(), ZIP_RDONLY, &error));
    if (!zip) throw BundleError(path + ": damaged zip archive");
    const zip_int64_t n = zip_get_num_entries(zip.get(), 0);
    // Entries at the root, or all inside one top-level folder.
    std::string prefix;
    for (zip_int64_t i = 0; i < n; ++i) {
        const std::string name = entryName(zip.get(), i, path);
        if (name == "model.json" ||
            (name.size() > 11 && name.compare(name.size() - 11, 11, "/model.json") == 0 &&
             name.find('/') == name.size() - 11)) {
            prefix = name.substr(0, name.size() - 10);
            break;
        }
    }
    const fs::path temp =
        fs::path(cacheRoot) / (".~" + digest + "." + std::to_string(platform::processId()));
    fs::remove_all(temp, ec);
    fs::create_directories(temp);
    bool found = false;
    std::uint64_t unpacked = 0;
    try {
        for (zip_int64_t i = 0; i < n; ++i) {
            std::string name = entryName(zip.get(), i, path);
            if (!safeEntry(name))
                throw BundleError(path + ": entry " + name + " points outside the bundle");
            if (name.compare(0, prefix.size(), prefix) != 0 || name.back() == '/') continue;
            name = name.substr(prefix.size());
            if (name.find('/') != std::string::npos) continue;  // bundles are flat
            found |= name == "model.json";
            zip_stat_t stat;
            zip_stat_init(&stat);
            if (zip_stat_index(zip.get(), zip_uint64_t(i), 0, &stat) != 0)
                throw BundleError(path + ": cannot read entry " + name);
            if ((stat.valid & ZIP_STAT_SIZE) && (stat.valid & ZIP_STAT_COMP_SIZE) &&
                stat.size / kMaxInflateRatio > stat.comp_size)
                throw BundleError(path + ": entry " + name + " claims " +
                                  std::to_string(stat.size) + " bytes from " +
                                  std::to_string(stat.comp_size) +
                                  " compressed (more than deflate can give)");
            std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(
                zip_fopen_index(zip.get(), zip_uint64_t(i), 0), zip_fclose);
            if (!file) throw BundleError(path + ": cannot read entry " + name);
            std::ofstream out(temp / name, std::ios::binary);
            std::vector<char> buffer(1 << 20);
            zip_int64_t got = 0;
            while ((got = zip_fread(file.get(), buffer.data(), buffer.size())) > 0) {
                unpacked += std::uint64_t(got);
                if (unpacked > kMaxUnpackedBytes)
                    throw BundleError(path + ": unpacks to more than " +
                                      std::to_string(kMaxUnpackedBytes >> 30) +
                                      " GiB (limit for a model bundle)");
                out.write(buffer.data(), std::streamsize(got));
            }
            if (got < 0 || !out) throw BundleError(path + ": cannot unpack entry " + name);
        }
        if (!found) throw BundleError(path + ": the zip holds no model.json");
        fs::rename(temp, target, ec);
        if (ec && !fs::exists(target / "model.json"))
            throw BundleError(path + ": cannot unpack: " + ec.message());
        fs::remove_all(temp, ec);  // another process won the race
    } catch (...) {
        fs::remove_all(temp, ec);
        throw;
    }
    return target.string();
}

void BundleArchive::pack(const std::string& folder, const std::string& zipPath) {
    std::error_code ec;
    if (!fs::exists(fs::path(folder) / "model.json", ec))
        throw BundleError(folder + ": not a model bundle (no model.json)");
    const std::string temp = zipPath + ".tmp-" + std::to_string(platform::processId());
    fs::remove(temp, ec);
    int error = 0;
    zip_t* zip = zip_open(temp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!zip) throw BundleError(zipPath + ": cannot create the zip");
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (!entry.is_regular_file()) continue;
        zip_source_t* src = zip_source_file(zip, entry.path().c_str(), 0, -1);
        if (!src || zip_file_add(zip, entry.path().filename().c_str(), src, ZIP_FL_OVERWRITE) < 0) {
            if (src) zip_source_free(src);
            zip_discard(zip);
            fs::remove(temp, ec);
            throw BundleError(zipPath + ": cannot add " + entry.path().filename().string());
        }
    }
    if (zip_close(zip) != 0) {
        zip_discard(zip);
        fs::remove(temp, ec);
        throw BundleError(zipPath + ": cannot write the zip");
    }
    fs::rename(temp, zipPath, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw BundleError(zipPath + ": cannot write the zip");
    }
}

}  // namespace radlens::ai
