#pragma once
// The annotators' work: per series and per annotator, numbered versions of a
// label map (a NIfTI file on the series' grid under <root>/<series>/) and its
// image labels, each "draft" or "final", recorded in the database.
//
// Crash safety: a mask is written to a temporary file, fsynced and renamed
// into place (imaging::DurableFile) before the database row that names it is
// committed (SQLite WAL). A kill at any moment therefore leaves every saved
// version intact, at worst an unreferenced file, which removeLeftovers()
// deletes. load() checks the file's SHA-256 against the database.
//
// Autosave: autosave() keeps one rolling "autosave" draft per annotator on
// top of the history (replaced in place, a new file each time), so automatic
// saves do not flood the history; save() adds a new version.
//
// Threads: one store per thread (it uses the thread's Database). Throws
// std::runtime_error naming the file and the reason.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "imaging/Database.h"
#include "imaging/Volume.h"

namespace radlens::imaging {

/// What a version says besides its voxels.
struct AnnotationLabels {
    std::vector<std::string> image;   ///< image labels (class names)
    std::map<int, std::string> mask;  ///< mask value -> name
    /// The mask was seeded from a model trained on synthetic data
    /// (AnnotationRecord::synthetic).
    bool synthetic = false;
};

class AnnotationStore {
public:
    /// `root`: the folder of mask files, by default <data>/annotations.
    AnnotationStore(Database& db, std::string root);
    static std::string defaultRoot();

    /// A new version; returns it. `status`: "draft" or "final". Throws
    /// std::invalid_argument for another status or a mask that is not UInt8.
    AnnotationRecord save(const std::string& seriesUid, const std::string& annotator,
                          const Volume& mask, const AnnotationLabels& labels,
                          const std::string& status, const std::string& note = {});
    /// Replaces the annotator's newest version when it is an autosave draft,
    /// else adds one with the note "autosave".
    AnnotationRecord autosave(const std::string& seriesUid, const std::string& annotator,
                              const Volume& mask, const AnnotationLabels& labels);

    /// Versions of a series, by annotator then version.
    std::vector<AnnotationRecord> versions(const std::string& seriesUid) const;
    /// The annotator's newest version (version 0 when none).
    AnnotationRecord latest(const std::string& seriesUid, const std::string& annotator) const;
    /// The newest final version of each series that has one (any annotator,
    /// the most recently saved): the training data.
    std::vector<AnnotationRecord> finalVersions() const;
    /// The mask of a version, its checksum verified.
    static Volume load(const AnnotationRecord& r);

    /// Deletes files under the root that no version names (temporary files
    /// and masks of interrupted saves) and older than `olderThan` (younger
    /// ones may be another program's save in progress); returns how many.
    int removeLeftovers(std::chrono::seconds olderThan = std::chrono::seconds(60));

    static std::string sha256OfFile(const std::string& path);

private:
    std::string writeMask(const std::string& seriesUid, const Volume& mask);
    Database& db_;
    std::string root_;
};

}  // namespace radlens::imaging
