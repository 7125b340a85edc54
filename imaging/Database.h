#pragma once
// The local database (SQLite, WAL): patients, studies, series and instances,
// with each file's parsed header so a file is not parsed twice; cached model
// results; and the radiologist's reviews (kept across schema changes).
//
// Threads: one Database object per thread; SQLite's WAL lets several
// processes and connections read while one writes.
// Damage: a database file that SQLite cannot read is moved aside
// ("<name>.damaged") and rebuilt; if even that fails, an in-memory database
// is used and warning() says so. Never fatal.
// Throws: nothing.

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "imaging/InstanceInfo.h"

struct sqlite3;

namespace radlens::imaging {

/// One series as the database knows it (the worklist's rows).
struct SeriesRecord {
    std::string uid, studyUid, patientId, patientName, studyDate, modality, description;
    int number = 0;
};

/// A radiologist's decision on one AI finding of a series: "accepted" or
/// "rejected", by whom and when (ISO 8601, UTC). These become training labels.
struct FindingReview {
    std::string seriesUid, finding, decision, reviewer, at;
};

/// One saved version of an annotator's work on a series: the mask file (a
/// NIfTI label map on the series' grid), its SHA-256, the image labels, the
/// status ("draft" or "final") and a note ("autosave" for automatic saves).
struct AnnotationRecord {
    std::string seriesUid, annotator;
    int version = 0;
    std::string status, maskPath, maskSha256, note, savedAt;
    std::vector<std::string> labels;        ///< image labels (class names)
    std::map<int, std::string> maskLabels;  ///< mask value -> its name
    /// Seeded from a model trained on synthetic data (its mask, or its AI
    /// clicks): a model trained on this annotation is marked synthetic.
    bool synthetic = false;
};

class Database {
public:
    /// Opens (creating if needed) the database at `path`; ":memory:" for a
    /// throw-away one.
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Radlens' data folder: $RADLENS_DATA_DIR, else $XDG_DATA_HOME/radlens,
    /// else ~/.local/share/radlens. Created if missing.
    static std::string dataDirectory();
    /// radlens.db in dataDirectory().
    static std::string defaultPath();

    const std::string& path() const { return path_; }
    /// Non-empty when the database had to be rebuilt or could not be opened.
    const std::string& warning() const { return warning_; }

    /// Headers of those `files` whose size and mtime still match the stored ones.
    std::unordered_map<std::string, InstanceInfo> cachedInstances(
        const std::vector<std::string>& files);
    /// Stores (or replaces) headers, with their patient, study and series rows,
    /// in one transaction.
    void storeInstances(const std::vector<const InstanceInfo*>& instances);

    std::size_t instanceCount();

    /// Cached analysis results (a JSON text) by series, the key of the
    /// instances they were computed on (instanceSetKey) and the key of the
    /// model and analysis (ai::resultCacheKey: weights, thresholds,
    /// preprocessing, slice, ...). An empty key never matches and is never
    /// stored.
    std::optional<std::string> cachedFindings(const std::string& seriesUid,
                                              const std::string& instancesKey,
                                              const std::string& resultKey);
    void storeFindings(const std::string& seriesUid, const std::string& instancesKey,
                       const std::string& resultKey, const std::string& json);
    /// instanceSetKey() of every indexed series' image instances, by series UID.
    std::map<std::string, std::string> instanceSetKeys();

    /// Every series with images, newest study first.
    std::vector<SeriesRecord> allSeries();
    /// The stored headers (with paths) of a series' instances, any order.
    std::vector<InstanceInfo> seriesInstances(const std::string& seriesUid);

    /// Records (or, with an empty decision, clears) a review of a finding;
    /// false for a decision other than "accepted" / "rejected" or a failed write.
    bool setFindingReview(const std::string& seriesUid, const std::string& finding,
                          const std::string& decision, const std::string& reviewer);
    std::vector<FindingReview> findingReviews(const std::string& seriesUid);
    /// Marks a series as reviewed (read) by `reviewer`, or not.
    bool setSeriesReviewed(const std::string& seriesUid, bool reviewed,
                           const std::string& reviewer);
    /// Reviewed series and who reviewed them.
    std::map<std::string, std::string> reviewedSeries();

    /// Adds a version (its number: one more than the annotator's newest) and
    /// returns it, or 0 when the write failed.
    int addAnnotation(const AnnotationRecord& r);
    /// Rewrites an existing version's file, checksum, labels, status, note
    /// and time; false when it does not exist or the write failed.
    bool replaceAnnotation(const AnnotationRecord& r);
    /// Versions of a series (every annotator; by annotator, then version); ""
    /// for every series.
    std::vector<AnnotationRecord> annotations(const std::string& seriesUid);

    /// Serialised header, as kept in the instances table (exposed for tests).
    static std::string encode(const InstanceInfo& info);
    static bool decode(const std::string& blob, InstanceInfo& info);

private:
    bool open(const std::string& path);
    void close();
    bool exec(const char* sql);

    std::string path_;
    std::string warning_;
    sqlite3* db_ = nullptr;
};

}  // namespace radlens::imaging
