#pragma once
// The local store of instances that arrive over the network (retrieved from a
// PACS, received by a listener): one file per instance under
//   <root>/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm
// Each file is received into a temporary name (tempPath()), then commit()
// reads its header, makes it durable and renames it into place (never a
// half-written file under a final name), and the database indexes it. Rows
// are written in batches (flush()), at most every `flushInterval` or
// `flushCount` instances, so readers see a series fill in as it arrives.
//
// Threads: one InstanceStore per thread (it holds its own Database
// connection); several stores (threads, processes) may share a root and a
// database. Throws: nothing from commit() (it returns the reason); the
// constructor throws std::runtime_error when the root cannot be created.

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "imaging/InstanceInfo.h"

namespace radlens::imaging {

class Database;

class InstanceStore {
public:
    /// `root`: the store's folder (created if missing); `databasePath`: the
    /// database to index into ("" for none).
    InstanceStore(const std::string& root, const std::string& databasePath);
    ~InstanceStore();  ///< flushes
    InstanceStore(const InstanceStore&) = delete;
    InstanceStore& operator=(const InstanceStore&) = delete;

    /// The default store: "store" in Database::dataDirectory().
    static std::string defaultRoot();

    const std::string& root() const { return root_; }
    const std::string& databasePath() const { return databasePath_; }

    /// Removes the temporary files that processes no longer running left in
    /// the store (a killed listener or retrieval); returns how many.
    std::size_t removeStaleTemporaries();

    /// A fresh temporary file name inside the store (same file system as the
    /// final place, so commit() is a rename). Not created.
    std::string tempPath();

    /// Outcome of one commit.
    struct Committed {
        bool ok = false;
        std::string reason;  ///< why not, when !ok
        InstanceInfo info;   ///< the header, path at its final place, when ok
    };
    /// Takes a received file: header read, durable rename into place (an
    /// existing instance of the same UID is replaced), queued for indexing.
    /// On failure the temporary file is removed and `reason` says why.
    Committed commit(const std::string& temp);

    /// Indexes what commit() queued (one transaction); called by commit() on
    /// the batch rule and by the destructor.
    void flush();

    /// SOP instance UIDs of a series that this store already holds (indexed,
    /// under its root and still on disk): what a resumed retrieval can skip.
    std::set<std::string> heldInstances(const std::string& seriesUid);

    /// Why an instance's pixels cannot be right ("" when they may be): an
    /// image without Rows or Columns or without pixel data, or native pixel
    /// data shorter than Rows x Columns x samples x bits x frames. commit()
    /// refuses such instances. Reads the file again only when the header
    /// reader did not find the pixels where they should end.
    static std::string pixelDataProblem(const InstanceInfo& info);

    /// Whether a UID is safe as a file name (digits and dots, 1..64 chars).
    static bool isPlainUid(const std::string& uid);

private:
    std::string placeFor(const InstanceInfo& info) const;

    std::string root_;
    std::string incoming_;
    std::string databasePath_;
    std::unique_ptr<Database> database_;
    std::vector<InstanceInfo> pending_;
    static constexpr std::size_t kFlushCount = 64;
    static constexpr std::chrono::milliseconds kFlushInterval{250};
    std::chrono::steady_clock::time_point lastFlush_;
};

}  // namespace radlens::imaging
