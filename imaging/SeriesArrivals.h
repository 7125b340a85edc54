#pragma once
// The series that are arriving at a listening node, and when each is
// complete: a series is complete when none of its instances has arrived for
// `quiet` (a modality or PACS sends a series in one go; there is no "end of
// series" message in DICOM). A journal file keeps the series that arrived and
// were not yet analysed, so a listener that was stopped or killed takes them
// up at its next start.
//
// Threads: every method may be called from any thread (one mutex); add() is
// called by the listener's association threads. Throws: the constructor
// throws std::runtime_error when the journal exists and cannot be read;
// add() and finished() never throw (a journal that cannot be written is
// reported by journalError()).

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "imaging/InstanceInfo.h"

namespace radlens::imaging {

class SeriesArrivals {
public:
    using Clock = std::chrono::steady_clock;

    /// One series and the instances of it that arrived (one per SOP instance
    /// UID; a copy sent again replaces the first).
    struct Arrival {
        std::string seriesUid;
        std::vector<InstanceInfo> instances;
    };
    /// A series of the journal: its UID and the folder its files arrived in.
    struct Pending {
        std::string seriesUid, folder;
    };

    /// The journal of a store: ".arrivals" in its root (radlens-cli listen
    /// and the viewer share it).
    static std::string journalIn(const std::string& storeRoot);

    /// `journalPath` empty: no journal.
    SeriesArrivals(std::chrono::milliseconds quiet, std::string journalPath);

    /// Series left in the journal by an earlier run (read at construction).
    std::vector<Pending> leftOver() const;
    /// The instances of a left-over series, read again from its folder and
    /// indexed in `databasePath` ("" for none): a killed listener may not
    /// have indexed its last ones. Empty when the folder is gone. Blocks (a
    /// folder scan); any thread.
    static Arrival rescan(const Pending& pending, const std::string& databasePath);

    /// An instance arrived at `now`.
    void add(const InstanceInfo& info, Clock::time_point now = Clock::now());
    /// Series quiet for `quiet` at `now`, taken out of the arriving set (they
    /// stay in the journal until finished()).
    std::vector<Arrival> takeComplete(Clock::time_point now = Clock::now());
    /// Every arriving series, complete or not (stopping).
    std::vector<Arrival> takeAll();
    /// The series was analysed (or cannot be): out of the journal.
    void finished(const std::string& seriesUid);
    /// Series arriving now (not yet complete).
    std::size_t arriving() const;
    /// Why the journal could not be written, if it could not.
    std::string journalError() const;

private:
    struct Entry {
        std::map<std::string, InstanceInfo> instances;  ///< by SOP instance UID
        Clock::time_point last;
    };
    void writeJournal();  ///< under mutex_

    std::chrono::milliseconds quiet_;
    std::string journalPath_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> arriving_;
    std::map<std::string, std::string> journal_;  ///< series UID -> folder
    std::vector<Pending> leftOver_;
    std::string journalError_;
};

}  // namespace radlens::imaging
