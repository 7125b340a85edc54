#include "imaging/Scanner.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dcdirrec.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "imaging/Database.h"
#include "imaging/DicomHeaderReader.h"

namespace fs = std::filesystem;

namespace radlens::imaging {

namespace {

bool isDicomdirName(const fs::path& p) {
    std::string name = p.filename().string();
    std::transform(name.begin(), name.end(), name.begin(), ::toupper);
    return name == "DICOMDIR";
}

/// PS3.3 F.4 nests patient, study, series and instance records, with a few
/// optional levels between: anything deeper is a damaged (or hostile) file.
constexpr int kMaxDicomdirDepth = 16;

void collectRecords(DcmDirectoryRecord* record, const fs::path& base,
                    std::vector<std::string>& files, std::vector<SkippedFile>& skipped,
                    int depth = 0) {
    if (depth > kMaxDicomdirDepth)
        throw std::runtime_error("records nested deeper than " + std::to_string(kMaxDicomdirDepth) +
                                 " levels");
    for (unsigned long i = 0; i < record->cardSub(); ++i) {
        DcmDirectoryRecord* sub = record->getSub(i);
        OFString id;
        if (sub->findAndGetOFStringArray(DCM_ReferencedFileID, id).good() && !id.empty()) {
            std::string rel = id.c_str();
            std::replace(rel.begin(), rel.end(), '\\', '/');
            fs::path file = base / rel;
            std::error_code ec;
            if (fs::is_regular_file(file, ec))
                files.push_back(file.string());
            else
                skipped.push_back({file.string(), "referenced by the DICOMDIR but missing"});
        }
        collectRecords(sub, base, files, skipped, depth + 1);
    }
}

}  // namespace

Scanner::Scanner(Database* database) : database_(database) {}

bool Scanner::readDicomdir(const std::string& path, std::vector<std::string>& files,
                           std::vector<SkippedFile>& skipped, std::string& reason) {
    DicomHeaderReader::silenceDcmtkLog();
    // DCMTK 3.6.7 throws std::out_of_range from inside DcmDicomDir on some
    // damaged records (found by fuzz_dicomdir): a damaged DICOMDIR, skipped.
    try {
        DcmDicomDir dir(path.c_str());
        if (dir.error().bad()) {
            reason = std::string("cannot read DICOMDIR: ") + dir.error().text();
            return false;
        }
        collectRecords(&dir.getRootRecord(), fs::path(path).parent_path(), files, skipped);
    } catch (const std::exception& e) {
        reason = std::string("damaged DICOMDIR: ") + e.what();
        return false;
    }
    return true;
}

ScanResult Scanner::scan(const std::vector<std::string>& paths) {
    DicomHeaderReader::silenceDcmtkLog();
    ScanResult result;

    // 1. Expand the inputs into a list of candidate files, each once.
    std::vector<std::string> files;
    std::set<std::string> seen;
    auto add = [&](const fs::path& p) {
        std::error_code ec;
        fs::path canon = fs::weakly_canonical(p, ec);
        std::string key = ec ? p.string() : canon.string();
        if (seen.insert(key).second) files.push_back(key);
    };
    for (const std::string& input : paths) {
        std::error_code ec;
        fs::file_status st = fs::status(input, ec);
        if (ec || !fs::exists(st)) {
            result.skipped.push_back({input, "no such file or folder"});
        } else if (fs::is_directory(st)) {
            fs::recursive_directory_iterator it(input,
                                                fs::directory_options::skip_permission_denied, ec);
            for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                std::error_code fec;
                if (it->is_regular_file(fec)) add(it->path());
            }
            if (ec) result.skipped.push_back({input, "cannot list folder: " + ec.message()});
        } else if (isDicomdirName(input)) {
            std::vector<std::string> referenced;
            std::string reason;
            add(input);
            if (readDicomdir(input, referenced, result.skipped, reason)) {
                for (const std::string& f : referenced) add(f);
            } else {
                result.skipped.push_back({input, reason});
            }
        } else {
            add(input);
        }
    }

    // 2. Headers from the cache where size and mtime are unchanged.
    std::unordered_map<std::string, InstanceInfo> cached;
    if (database_) cached = database_->cachedInstances(files);

    // 3. Parse the rest in parallel.
    struct Outcome {
        bool ok = false;
        bool fromCache = false;
        InstanceInfo info;
        std::string reason;
    };
    std::vector<Outcome> outcomes(files.size());
    std::atomic<std::size_t> next{0}, done{0};
    std::mutex progressMutex;
    auto lastReport = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    auto worker = [&] {
        for (;;) {
            if (cancel_ && cancel_->load()) return;
            const std::size_t i = next++;
            if (i >= files.size()) return;
            Outcome& out = outcomes[i];
            auto hit = cached.find(files[i]);
            if (hit != cached.end()) {
                out.ok = true;
                out.fromCache = true;
                out.info = hit->second;
            } else {
                out.ok = DicomHeaderReader::read(files[i], out.info, out.reason);
            }
            const std::size_t d = ++done;
            if (progress_) {
                std::lock_guard<std::mutex> lock(progressMutex);
                auto now = std::chrono::steady_clock::now();
                if (now - lastReport >= std::chrono::milliseconds(100) || d == files.size()) {
                    lastReport = now;
                    progress_(d, files.size());
                }
            }
        }
    };
    int threads = threads_ > 0 ? threads_ : int(std::max(1u, std::thread::hardware_concurrency()));
    threads = int(std::min<std::size_t>(threads, std::max<std::size_t>(1, files.size())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();

    // 4. Sort the outcomes and remember the new headers.
    for (std::size_t i = 0; i < files.size(); ++i) {
        Outcome& out = outcomes[i];
        if (!out.ok) {
            if (out.reason.empty()) out.reason = "scan cancelled";
            result.skipped.push_back({files[i], out.reason});
            continue;
        }
        if (out.fromCache) ++result.fromCache;
        (out.info.isImage ? result.images : result.objects).push_back(std::move(out.info));
    }
    if (database_) {
        std::vector<const InstanceInfo*> toStore;
        for (std::size_t i = 0, img = 0, obj = 0; i < files.size(); ++i) {
            const Outcome& out = outcomes[i];
            if (!out.ok) continue;
            const InstanceInfo* stored =
                out.info.isImage ? &result.images[img++] : &result.objects[obj++];
            if (!out.fromCache) toStore.push_back(stored);
        }
        database_->storeInstances(toStore);
    }
    return result;
}

}  // namespace radlens::imaging
