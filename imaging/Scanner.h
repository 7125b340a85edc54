#pragma once
// Finds DICOM files under files, folders (recursive) and DICOMDIRs and reads
// their headers on all cores. Unchanged files (same size and mtime) come from
// the Database without being parsed again.
//
// Threads: call scan() from any one thread; it blocks until done and runs its
// own worker threads. The progress callback is called from those workers, one
// call at a time, at most about 10 times a second.
// Throws: nothing for bad input (it becomes a SkippedFile); std::bad_alloc.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "imaging/InstanceInfo.h"

namespace radlens::imaging {

class Database;

struct SkippedFile {
    std::string path;
    std::string reason;
};

struct ScanResult {
    std::vector<InstanceInfo> images;   ///< files with pixels to show
    std::vector<InstanceInfo> objects;  ///< DICOM without an image: SEG, RTSTRUCT, SR, DICOMDIR...
    std::vector<SkippedFile> skipped;   ///< not DICOM, damaged, missing: with the reason
    std::size_t fromCache = 0;          ///< headers taken from the database
};

class Scanner {
public:
    using Progress = std::function<void(std::size_t done, std::size_t total)>;

    /// `database` may be null (no cache). It is not owned and must outlive scan().
    explicit Scanner(Database* database = nullptr);

    void setThreadCount(int threads) { threads_ = threads; }
    void setProgress(Progress progress) { progress_ = std::move(progress); }
    /// When set to true from any thread, scan() stops within one file per worker.
    void setCancelFlag(const std::atomic<bool>* cancel) { cancel_ = cancel; }

    ScanResult scan(const std::vector<std::string>& paths);

    /// Files named by a DICOMDIR, resolved against its folder; missing ones go
    /// to `skipped`. Returns false with `reason` if the DICOMDIR cannot be read.
    static bool readDicomdir(const std::string& path, std::vector<std::string>& files,
                             std::vector<SkippedFile>& skipped, std::string& reason);

private:
    Database* database_;
    int threads_ = 0;  ///< 0: all cores
    Progress progress_;
    const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace radlens::imaging
