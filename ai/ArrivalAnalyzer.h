#pragma once
// Analysis of series that arrived at a listening node: each complete series
// is assembled from its instances, loaded, and analysed by every model that
// suits its modality on the process's one InferenceEngine, at a priority
// below the series on screen and the worklist's run. Results are cached in
// the database by (series, instance set, weights): a series sent again with
// the same instances is not analysed again (the result says cached). For
// each fresh result the DICOM SEG (segmenters) and SR (every model) are
// written into the results folder, ready to be sent.
//
// Threads: enqueue(), stop() and the accessors from any thread; the work and
// the callbacks run on the analyzer's own thread, one series at a time.
// Ownership: the destructor calls stop(). Throws: nothing (a failure is a
// Result with `error` set).

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ai/Findings.h"
#include "ai/ModelBundle.h"
#include "imaging/InstanceInfo.h"

namespace radlens::ai {

class InferenceEngine;

class ArrivalAnalyzer {
public:
    struct Model {
        std::string folder;
        Manifest manifest;
    };
    /// One model's outcome on one series.
    struct Result {
        std::string seriesUid, modality;
        Model model;
        bool cached = false;                       ///< same instances and weights as before
        std::shared_ptr<const Findings> findings;  ///< null on failure
        std::vector<std::string> files;            ///< SEG and SR written (fresh results only)
        std::string error;                         ///< why it failed, when it did
        double elapsedMs = 0;
    };
    using ResultCallback = std::function<void(const Result&)>;
    /// Every model has run on the series (or it could not be loaded: `error`).
    using SeriesCallback =
        std::function<void(const std::string& seriesUid, const std::string& error)>;

    /// `resultsFolder` empty: no SEG or SR written. `priority`: of the
    /// engine's jobs (the series on screen has 10, the worklist's run 0).
    ArrivalAnalyzer(std::shared_ptr<InferenceEngine> engine, std::vector<Model> models,
                    std::string resultsFolder, std::string softwareVersion, int priority = -10);
    ~ArrivalAnalyzer();
    ArrivalAnalyzer(const ArrivalAnalyzer&) = delete;
    ArrivalAnalyzer& operator=(const ArrivalAnalyzer&) = delete;

    void setResultCallback(ResultCallback f) { onResult_ = std::move(f); }
    void setSeriesCallback(SeriesCallback f) { onSeries_ = std::move(f); }

    /// Queues a complete series (its instances, in any order).
    void enqueue(std::string seriesUid, std::vector<imaging::InstanceInfo> instances);
    /// Series queued or being analysed.
    std::size_t pending() const;
    /// Waits until nothing is queued or running.
    void waitIdle();
    /// Drops the queue, cancels the series being analysed (it gets no
    /// callback) and joins. Idempotent.
    void stop();

private:
    struct Job {
        std::string seriesUid;
        std::vector<imaging::InstanceInfo> instances;
    };
    void work();
    void analyse(const Job& job);

    std::shared_ptr<InferenceEngine> engine_;
    std::vector<Model> models_;
    std::string resultsFolder_, softwareVersion_;
    int priority_;
    ResultCallback onResult_;
    SeriesCallback onSeries_;
    mutable std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::deque<Job> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    std::atomic<bool> cancel_{false};
    std::thread thread_;
};

}  // namespace radlens::ai
