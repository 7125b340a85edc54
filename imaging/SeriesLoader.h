#pragma once
// Decodes a Series into one Volume: the buffer is allocated once, instances
// are decoded in parallel straight into their slice slots.
//
// Monochrome pixels end up as rescaled values (HU for CT): int16 when every
// value fits, else uint16, else float32; 8-bit images without rescale stay
// uint8. Colour (RGB, YBR, palette) becomes rgb8. MONOCHROME1 keeps its values
// and sets Volume::invertedGrey.
//
// Threads: load() may be called from any thread and blocks; it runs its own
// workers. Progress is reported from those workers, one call at a time.
// Throws: LoadError with the file and a reason a person can act on.

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "imaging/Database.h"
#include "imaging/Series.h"
#include "imaging/Volume.h"

namespace radlens::imaging {

class LoadError : public std::runtime_error {
public:
    LoadError(const std::string& path, const std::string& why)
        : std::runtime_error(path + ": " + why), path_(path), why_(why) {}
    const std::string& path() const { return path_; }
    const std::string& why() const { return why_; }

private:
    std::string path_, why_;
};

class SeriesLoader {
public:
    /// The largest series load() decodes (stored values); a larger one is a
    /// LoadError before anything is allocated.
    static constexpr std::uint64_t kMaxVolumeBytes = imaging::kMaxVolumeBytes;

    using Progress = std::function<void(std::size_t done, std::size_t total)>;

    void setThreadCount(int threads) { threads_ = threads; }
    void setProgress(Progress progress) { progress_ = std::move(progress); }
    /// When set to true from any thread, load() throws LoadError("cancelled") soon.
    void setCancelFlag(const std::atomic<bool>* cancel) { cancel_ = cancel; }

    Volume load(const Series& series) const;
    /// Slice `k` alone, as a one-slice volume at that slice's position: for
    /// the first image while the rest decodes, and for thumbnails. Its pixel
    /// type may differ from load()'s (which looks at every instance); its
    /// values do not. Throws LoadError, std::out_of_range for a bad `k`.
    Volume loadSlice(const Series& series, int k) const;
    /// The series `seriesUid` from the files the database knows for it.
    /// Throws LoadError (path = the UID) when they are not there.
    Volume loadFromDatabase(Database& db, const std::string& seriesUid) const;

private:
    int threads_ = 0;  ///< 0: all cores
    Progress progress_;
    const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace radlens::imaging
