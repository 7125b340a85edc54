#include "ai/InferenceEngine.h"

#include <chrono>
#include <filesystem>
#include <future>

#include "ai/LoadedModel.h"
#include "ai/ModelBundle.h"
#include "ai/ResultCacheKey.h"
#include "imaging/Database.h"

namespace radlens::ai {

const char* jobStateName(JobState state) {
    switch (state) {
        case JobState::Queued:
            return "queued";
        case JobState::Running:
            return "running";
        case JobState::Cancelling:
            return "cancelling";
        case JobState::Cancelled:
            return "cancelled";
        case JobState::Done:
            return "done";
        case JobState::Failed:
            return "failed";
    }
    return "unknown";
}

InferenceEngine::InferenceEngine(const std::string& device, std::string databasePath)
    : device_(chooseDevice(device)), databasePath_(std::move(databasePath)) {
    worker_ = std::thread([this] { work(); });
}

InferenceEngine::~InferenceEngine() {
    std::vector<std::shared_ptr<Job>> dropped;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        if (running_) running_->cancel = true;
        dropped.swap(queue_);
    }
    wake_.notify_all();
    worker_.join();
    for (auto& job : dropped)
        if (job->callback) job->callback({job->id, JobState::Cancelled, 0, "", nullptr});
}

std::string InferenceEngine::deviceName() const { return ai::deviceName(device_); }

JobId InferenceEngine::submit(InferenceRequest request, Callback callback) {
    auto job = std::make_shared<Job>();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        job->id = nextId_++;
        job->order = nextOrder_++;
        job->request = std::move(request);
        job->callback = std::move(callback);
        queue_.push_back(job);
    }
    if (job->callback) job->callback({job->id, JobState::Queued, 0, "", nullptr});
    wake_.notify_one();
    return job->id;
}

bool InferenceEngine::cancel(JobId id) {
    std::shared_ptr<Job> removed;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (running_ && running_->id == id) {
            running_->cancel = true;
            if (running_->callback) running_->callback({id, JobState::Cancelling, 0, "", nullptr});
            return true;
        }
        for (auto it = queue_.begin(); it != queue_.end(); ++it)
            if ((*it)->id == id) {
                removed = *it;
                queue_.erase(it);
                break;
            }
    }
    if (!removed) return false;
    if (removed->callback) removed->callback({id, JobState::Cancelled, 0, "", nullptr});
    return true;
}

bool InferenceEngine::setPriority(JobId id, int priority) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& job : queue_)
        if (job->id == id) {
            job->request.priority = priority;
            return true;
        }
    return false;
}

void InferenceEngine::work() {
    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            auto best = queue_.begin();
            for (auto it = queue_.begin(); it != queue_.end(); ++it)
                if ((*it)->request.priority > (*best)->request.priority ||
                    ((*it)->request.priority == (*best)->request.priority &&
                     (*it)->order < (*best)->order))
                    best = it;
            job = *best;
            queue_.erase(best);
            running_ = job;
        }
        execute(*job);
        std::lock_guard<std::mutex> lock(mutex_);
        running_.reset();
    }
}

std::shared_ptr<LoadedModel> InferenceEngine::modelFor(const std::string& bundle,
                                                       const Manifest& manifest) {
    // Reload when the bundle's weights changed (new SHA-256 in model.json).
    auto it = models_.find(bundle);
    if (it != models_.end() && it->second.first == manifest.weightsSha256) return it->second.second;
    auto model = LoadedModel::load(bundle, device_);
    models_[bundle] = {manifest.weightsSha256, model};
    return model;
}

void InferenceEngine::execute(Job& job) {
    auto update = [&](JobState state, double progress, std::string message = {},
                      std::shared_ptr<const Findings> findings = nullptr) {
        if (job.callback) job.callback({job.id, state, progress, std::move(message), findings});
    };
    update(JobState::Running, 0);
    try {
        const InferenceRequest& r = job.request;
        if (!r.volume) throw std::runtime_error("no volume to analyse");
        std::unique_ptr<imaging::Database> db;
        const Manifest manifest = ModelBundle::readManifest(r.bundle);
        const std::string cacheKey = resultCacheKey(manifest, r.slice);
        if (!databasePath_.empty() && r.useCache) {
            db = std::make_unique<imaging::Database>(databasePath_);
            if (auto cached = db->cachedFindings(r.seriesUid, r.instancesKey, cacheKey)) {
                auto f =
                    std::make_shared<Findings>(Findings::fromJson(nlohmann::json::parse(*cached)));
                f->fromCache = true;
                f->modelName = manifest.name;
                f->modelVersion = manifest.version;
                f->modelSha256 = manifest.weightsSha256;
                f->syntheticModel = manifest.trainedOnSyntheticData();
                f->device = ai::deviceName(device_);
                update(JobState::Done, 1, "", f);
                return;
            }
        }
        std::shared_ptr<LoadedModel> model = modelFor(r.bundle, manifest);
        AnalyzeOptions options;
        options.batchSize = r.batchSize;
        options.slice = r.slice;
        options.heatmaps = r.heatmaps;
        options.cancel = &job.cancel;
        options.progress = [&](int done, int total) {
            update(JobState::Running, total ? double(done) / total : 1.0);
        };
        auto findings =
            std::make_shared<Findings>(Analyzer::analyze(*model, *r.volume, r.seriesUid, options));
        if (!databasePath_.empty()) {
            if (!db) db = std::make_unique<imaging::Database>(databasePath_);
            db->storeFindings(r.seriesUid, r.instancesKey, cacheKey, findings->toJson().dump());
        }
        update(JobState::Done, 1, "", findings);
    } catch (const Cancelled&) {
        update(JobState::Cancelled, 0);
    } catch (const std::exception& e) {
        update(JobState::Failed, 0, e.what());
    } catch (...) {
        update(JobState::Failed, 0, "unknown error");
    }
}

Findings InferenceEngine::run(InferenceRequest request, const std::atomic<bool>* cancel) {
    auto promise = std::make_shared<std::promise<JobUpdate>>();
    std::future<JobUpdate> done = promise->get_future();
    const JobId id = submit(std::move(request), [promise](const JobUpdate& u) {
        if (u.state == JobState::Done || u.state == JobState::Failed ||
            u.state == JobState::Cancelled)
            promise->set_value(u);
    });
    if (cancel)
        while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready)
            if (cancel->load()) this->cancel(id);
    JobUpdate u = done.get();
    if (u.state == JobState::Cancelled) throw Cancelled();
    if (u.state == JobState::Failed) throw std::runtime_error(u.message);
    return *u.findings;
}

}  // namespace radlens::ai
