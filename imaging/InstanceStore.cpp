#include "imaging/InstanceStore.h"

// clang-format off
#include <dcmtk/config/osconfig.h>
// clang-format on
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "imaging/Database.h"
#include "imaging/DicomHeaderReader.h"
#include "imaging/DurableFile.h"
#include "platform/Platform.h"

namespace fs = std::filesystem;

namespace radlens::imaging {

namespace {

// A name for a UID that is not plain (a peer may send anything): a hash, so
// the file stays inside the store whatever the UID holds.
std::string safeName(const std::string& uid) {
    if (InstanceStore::isPlainUid(uid)) return uid;
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : uid) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "x%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace

InstanceStore::InstanceStore(const std::string& root, const std::string& databasePath)
    : root_(root), incoming_((fs::path(root) / ".incoming").string()), databasePath_(databasePath) {
    std::error_code ec;
    fs::create_directories(incoming_, ec);
    if (ec) throw std::runtime_error("cannot create the store " + root_ + ": " + ec.message());
    if (!databasePath.empty()) database_ = std::make_unique<Database>(databasePath);
    lastFlush_ = std::chrono::steady_clock::now();
}

InstanceStore::~InstanceStore() { flush(); }

std::string InstanceStore::defaultRoot() {
    return (fs::path(Database::dataDirectory()) / "store").string();
}

bool InstanceStore::isPlainUid(const std::string& uid) {
    if (uid.empty() || uid.size() > 64 || uid.front() == '.') return false;
    for (char c : uid)
        if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
    return true;
}

std::size_t InstanceStore::removeStaleTemporaries() {
    std::size_t removed = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(incoming_, ec)) {
        // tempPath()'s names: r<pid>-<n>.part
        const std::string name = e.path().filename().string();
        if (name.size() < 7 || name[0] != 'r' || e.path().extension() != ".part") continue;
        char* end = nullptr;
        const long pid = std::strtol(name.c_str() + 1, &end, 10);
        if (!end || *end != '-' || pid <= 0 || platform::processRuns(pid)) continue;
        std::error_code rm;
        if (fs::remove(e.path(), rm)) ++removed;
    }
    return removed;
}

std::string InstanceStore::tempPath() {
    static std::atomic<unsigned> counter{0};
    return (fs::path(incoming_) / ("r" + std::to_string(platform::processId()) + "-" +
                                   std::to_string(counter++) + ".part"))
        .string();
}

std::string InstanceStore::placeFor(const InstanceInfo& info) const {
    return (fs::path(root_) / safeName(info.studyUid.empty() ? "no-study" : info.studyUid) /
            safeName(info.seriesUid.empty() ? "no-series" : info.seriesUid) /
            (safeName(info.sopInstanceUid) + ".dcm"))
        .string();
}

std::string InstanceStore::pixelDataProblem(const InstanceInfo& info) {
    if (!info.isImage) return {};
    if (info.rows <= 0 || info.columns <= 0) return "an image without Rows or Columns";
    // Found where Rows x Columns x ... says it ends: the pixels are whole.
    if (info.pixelDataOffset >= 0) return {};
    // Else a native image has its pixel data elsewhere or cut short: ask DCMTK
    // for the element's length (values over 4 KB are not read). Compressed
    // pixel data is judged by its decoder.
    DcmFileFormat file;
    if (file.loadFile(info.path.c_str(), EXS_Unknown, EGL_noChange, 4096).bad()) return {};
    DcmDataset* ds = file.getDataset();
    if (!ds || !DcmXfer(ds->getOriginalXfer()).isNotEncapsulated()) return {};
    DcmElement* pixels = nullptr;
    if (ds->findAndGetElement(DCM_PixelData, pixels).bad() || !pixels)
        return "an image without pixel data";
    const std::int64_t expected =
        (std::int64_t(info.rows) * info.columns * std::max(1, info.samplesPerPixel) *
             std::max(1, info.bitsAllocated) * std::max(1, info.frames) +
         7) /
        8;
    const std::int64_t held = pixels->getLength();
    if (held < expected)
        return "the pixel data is cut short: " + std::to_string(held) + " of " +
               std::to_string(expected) + " bytes";
    return {};
}

InstanceStore::Committed InstanceStore::commit(const std::string& temp) {
    Committed out;
    std::error_code ec;
    if (!DicomHeaderReader::read(temp, out.info, out.reason)) {
        fs::remove(temp, ec);
        return out;
    }
    if (out.info.sopInstanceUid.empty()) {
        out.reason = "no SOP Instance UID";
        fs::remove(temp, ec);
        return out;
    }
    if (const std::string why = pixelDataProblem(out.info); !why.empty()) {
        out.reason = why;
        fs::remove(temp, ec);
        return out;
    }
    const std::string place = placeFor(out.info);
    fs::create_directories(fs::path(place).parent_path(), ec);
    if (ec) {
        out.reason =
            "cannot create " + fs::path(place).parent_path().string() + ": " + ec.message();
        fs::remove(temp, ec);
        return out;
    }
    try {
        DurableFile::commit(temp, place);
    } catch (const std::exception& e) {
        out.reason = e.what();
        return out;
    }
    out.info.path = place;
    out.ok = true;
    pending_.push_back(out.info);
    if (pending_.size() >= kFlushCount ||
        std::chrono::steady_clock::now() - lastFlush_ >= kFlushInterval)
        flush();
    return out;
}

void InstanceStore::flush() {
    lastFlush_ = std::chrono::steady_clock::now();
    if (pending_.empty() || !database_) {
        pending_.clear();
        return;
    }
    std::vector<const InstanceInfo*> rows;
    rows.reserve(pending_.size());
    for (const InstanceInfo& i : pending_) rows.push_back(&i);
    database_->storeInstances(rows);
    pending_.clear();
}

std::set<std::string> InstanceStore::heldInstances(const std::string& seriesUid) {
    flush();
    std::set<std::string> held;
    if (!database_) return held;
    std::error_code ec;
    const std::string inside = (fs::path(root_) / "").string();
    for (const InstanceInfo& i : database_->seriesInstances(seriesUid))
        if (i.path.rfind(inside, 0) == 0 && fs::exists(i.path, ec)) held.insert(i.sopInstanceUid);
    return held;
}

}  // namespace radlens::imaging
