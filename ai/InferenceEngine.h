#pragma once
// Background inference: one worker thread owns the loaded models and the
// device; requests wait in a queue ordered by priority (higher first; the
// series on screen should get the highest), then by arrival.
//
// Every job goes Queued -> Running -> Done | Failed | Cancelled (Cancelling in
// between when cancelled while running). cancel() takes effect between two
// batches of slices (well under a second with the default batch on CPU). An
// exception inside a job becomes Failed with its message.
//
// Results are cached in the database by (series UID, instance set key,
// weights SHA-256), so a series that gained instances is analysed again: a
// cached result carries the summaries (probabilities, label volumes, lesions)
// but no label volume or heatmap; ask with useCache = false for those.
//
// Threads: submit(), cancel(), setPriority() from any thread. Callbacks run on
// the worker thread, one at a time: the UI turns them into queued signals.
// Ownership: the engine owns its worker; the destructor cancels the running
// job, drops the queue (each gets a Cancelled update) and joins.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ai/Analyzer.h"
#include "ai/Device.h"
#include "ai/Findings.h"
#include "ai/JobState.h"
#include "ai/Manifest.h"

namespace radlens::ai {

struct InferenceRequest {
    std::string seriesUid;
    /// imaging::instanceSetKey() of the instances the volume was loaded from:
    /// the cache's key with the series UID and the weights ("" for no cache).
    std::string instancesKey;
    std::shared_ptr<const imaging::Volume> volume;
    std::string bundle;  ///< model bundle folder
    int priority = 0;
    std::optional<int> slice;
    bool heatmaps = true;
    int batchSize = 4;
    bool useCache = true;
};

using JobId = std::uint64_t;

struct JobUpdate {
    JobId id = 0;
    JobState state = JobState::Queued;
    double progress = 0;                       ///< 0..1
    std::string message;                       ///< Failed: what went wrong
    std::shared_ptr<const Findings> findings;  ///< Done
};

class InferenceEngine {
public:
    using Callback = std::function<void(const JobUpdate&)>;

    /// device: "auto" | "cpu" | "cuda" (throws std::runtime_error when not available).
    /// databasePath: where results are cached; empty for no cache.
    explicit InferenceEngine(const std::string& device = "auto", std::string databasePath = {});
    ~InferenceEngine();
    InferenceEngine(const InferenceEngine&) = delete;
    InferenceEngine& operator=(const InferenceEngine&) = delete;

    JobId submit(InferenceRequest request, Callback callback);
    /// False when the job is unknown or already finished.
    bool cancel(JobId id);
    bool setPriority(JobId id, int priority);
    std::string deviceName() const;

    /// Submits and waits; throws std::runtime_error with the failure message,
    /// Cancelled when cancelled (also when `cancel`, looked at every 100 ms,
    /// becomes true: the job is cancelled then).
    Findings run(InferenceRequest request, const std::atomic<bool>* cancel = nullptr);

private:
    struct Job {
        JobId id;
        std::uint64_t order;
        InferenceRequest request;
        Callback callback;
        std::atomic<bool> cancel{false};
    };
    void work();
    void execute(Job& job);
    std::shared_ptr<LoadedModel> modelFor(const std::string& bundle, const Manifest& manifest);

    c10::Device device_;
    std::string databasePath_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::shared_ptr<Job>> queue_;
    std::shared_ptr<Job> running_;
    bool stopping_ = false;
    JobId nextId_ = 1;
    std::uint64_t nextOrder_ = 0;
    // Worker-thread state.
    std::map<std::string, std::pair<std::string, std::shared_ptr<LoadedModel>>> models_;
    std::thread worker_;
};

}  // namespace radlens::ai
