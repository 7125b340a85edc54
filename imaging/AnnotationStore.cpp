#include "imaging/AnnotationStore.h"

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "platform/Platform.h"

#include "imaging/VolumeIO.h"

namespace fs = std::filesystem;

namespace radlens::imaging {

namespace {

/// A folder name from a DICOM UID (digits and dots) or anything else.
std::string safeName(const std::string& s) {
    std::string out;
    for (char c : s)
        out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
    return out.empty() ? std::string("_") : out;
}

}  // namespace

AnnotationStore::AnnotationStore(Database& db, std::string root)
    : db_(db), root_(std::move(root)) {}

std::string AnnotationStore::defaultRoot() {
    return (fs::path(Database::dataDirectory()) / "annotations").string();
}

std::string AnnotationStore::sha256OfFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        EVP_DigestUpdate(ctx.get(), buf.data(), std::size_t(in.gcount()));
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx.get(), md, &n);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

std::string AnnotationStore::writeMask(const std::string& seriesUid, const Volume& mask) {
    if (mask.pixelType() != PixelType::UInt8)
        throw std::invalid_argument("annotation masks are 8-bit label maps");
    const fs::path dir = fs::path(root_) / safeName(seriesUid);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error(dir.string() + ": cannot create: " + ec.message());
    static std::atomic<unsigned> counter{0};
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const std::string name =
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) + "-" +
        std::to_string(platform::processId()) + "-" + std::to_string(counter++);
    const fs::path target = dir / (name + ".nii.gz");
    VolumeIO::write(mask, target.string());  // temporary file, fsync, rename
    return target.string();
}

AnnotationRecord AnnotationStore::save(const std::string& seriesUid, const std::string& annotator,
                                       const Volume& mask, const AnnotationLabels& labels,
                                       const std::string& status, const std::string& note) {
    if (status != "draft" && status != "final")
        throw std::invalid_argument("an annotation is \"draft\" or \"final\", not \"" + status +
                                    "\"");
    AnnotationRecord r;
    r.seriesUid = seriesUid;
    r.annotator = annotator;
    r.status = status;
    r.note = note;
    r.labels = labels.image;
    r.maskLabels = labels.mask;
    r.synthetic = labels.synthetic;
    r.maskPath = writeMask(seriesUid, mask);
    r.maskSha256 = sha256OfFile(r.maskPath);
    r.version = db_.addAnnotation(r);
    if (r.version == 0) {
        std::error_code ec;
        fs::remove(r.maskPath, ec);
        throw std::runtime_error("cannot record the annotation in the database " + db_.path());
    }
    return latest(seriesUid, annotator);
}

AnnotationRecord AnnotationStore::autosave(const std::string& seriesUid,
                                           const std::string& annotator, const Volume& mask,
                                           const AnnotationLabels& labels) {
    AnnotationRecord top = latest(seriesUid, annotator);
    if (top.version == 0 || top.note != "autosave" || top.status != "draft")
        return save(seriesUid, annotator, mask, labels, "draft", "autosave");
    const std::string old = top.maskPath;
    top.maskPath = writeMask(seriesUid, mask);
    top.maskSha256 = sha256OfFile(top.maskPath);
    top.labels = labels.image;
    top.maskLabels = labels.mask;
    top.synthetic = labels.synthetic;
    if (!db_.replaceAnnotation(top)) {
        std::error_code ec;
        fs::remove(top.maskPath, ec);
        throw std::runtime_error("cannot record the annotation in the database " + db_.path());
    }
    std::error_code ec;
    fs::remove(old, ec);  // a kill before this leaves a leftover, never a loss
    return latest(seriesUid, annotator);
}

std::vector<AnnotationRecord> AnnotationStore::versions(const std::string& seriesUid) const {
    return db_.annotations(seriesUid);
}

AnnotationRecord AnnotationStore::latest(const std::string& seriesUid,
                                         const std::string& annotator) const {
    AnnotationRecord best;
    for (AnnotationRecord& r : db_.annotations(seriesUid))
        if (r.annotator == annotator && r.version > best.version) best = std::move(r);
    return best;
}

std::vector<AnnotationRecord> AnnotationStore::finalVersions() const {
    std::map<std::string, AnnotationRecord> bySeries;
    for (AnnotationRecord& r : db_.annotations({})) {
        if (r.status != "final") continue;
        auto it = bySeries.find(r.seriesUid);
        if (it == bySeries.end() || r.savedAt > it->second.savedAt)
            bySeries[r.seriesUid] = std::move(r);
    }
    std::vector<AnnotationRecord> out;
    for (auto& [uid, r] : bySeries) out.push_back(std::move(r));
    return out;
}

Volume AnnotationStore::load(const AnnotationRecord& r) {
    if (!fs::exists(r.maskPath))
        throw std::runtime_error(r.maskPath + ": the mask of version " + std::to_string(r.version) +
                                 " is missing");
    if (sha256OfFile(r.maskPath) != r.maskSha256)
        throw std::runtime_error(r.maskPath + ": the mask of version " + std::to_string(r.version) +
                                 " was changed or damaged (checksum differs)");
    Volume v = VolumeIO::read(r.maskPath);
    if (v.pixelType() != PixelType::UInt8)
        throw std::runtime_error(r.maskPath + ": not an 8-bit label map");
    return v;
}

int AnnotationStore::removeLeftovers(std::chrono::seconds olderThan) {
    std::set<std::string> known;
    for (const AnnotationRecord& r : db_.annotations({}))
        known.insert(fs::path(r.maskPath).lexically_normal().string());
    int removed = 0;
    std::error_code ec;
    if (!fs::is_directory(root_, ec)) return 0;
    for (auto it = fs::recursive_directory_iterator(root_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        const std::string p = it->path().lexically_normal().string();
        if (known.count(p)) continue;
        std::error_code te;
        const auto age = fs::file_time_type::clock::now() - fs::last_write_time(it->path(), te);
        if (te || age < olderThan) continue;  // perhaps another program's save in progress
        std::error_code rm;
        if (fs::remove(it->path(), rm)) ++removed;
    }
    return removed;
}

}  // namespace radlens::imaging
