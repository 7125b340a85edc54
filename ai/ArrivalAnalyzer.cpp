#include "ai/ArrivalAnalyzer.h"

#include <cctype>
#include <chrono>
#include <filesystem>

#include "ai/FindingsExport.h"
#include "ai/InferenceEngine.h"
#include "imaging/InstanceSetKey.h"
#include "imaging/InstanceStore.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"

namespace radlens::ai {

ArrivalAnalyzer::ArrivalAnalyzer(std::shared_ptr<InferenceEngine> engine, std::vector<Model> models,
                                 std::string resultsFolder, std::string softwareVersion,
                                 int priority)
    : engine_(std::move(engine)),
      models_(std::move(models)),
      resultsFolder_(std::move(resultsFolder)),
      softwareVersion_(std::move(softwareVersion)),
      priority_(priority) {
    thread_ = std::thread([this] { work(); });
}

ArrivalAnalyzer::~ArrivalAnalyzer() { stop(); }

void ArrivalAnalyzer::enqueue(std::string seriesUid, std::vector<imaging::InstanceInfo> instances) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
        queue_.push_back({std::move(seriesUid), std::move(instances)});
    }
    wake_.notify_one();
}

std::size_t ArrivalAnalyzer::pending() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size() + (busy_ ? 1 : 0);
}

void ArrivalAnalyzer::waitIdle() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return stopping_ || (queue_.empty() && !busy_); });
}

void ArrivalAnalyzer::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    cancel_ = true;
    wake_.notify_all();
    idle_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ArrivalAnalyzer::work() {
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
        }
        analyse(job);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            busy_ = false;
        }
        idle_.notify_all();
    }
}

namespace {

/// A file name part for a UID (results of a hashed-UID series stay inside the folder).
std::string safeName(const std::string& uid) {
    if (imaging::InstanceStore::isPlainUid(uid)) return uid;
    return "series-" + imaging::instanceSetKey({uid});
}

}  // namespace

void ArrivalAnalyzer::analyse(const Job& job) {
    std::vector<imaging::InstanceInfo> images;
    for (const imaging::InstanceInfo& i : job.instances)
        if (i.isImage) images.push_back(i);
    std::vector<imaging::Series> parts = imaging::SeriesAssembler::assemble(images);
    if (parts.empty()) {
        if (onSeries_) onSeries_(job.seriesUid, "no images to analyse");
        return;
    }
    std::string seriesError;
    for (const imaging::Series& part : parts) {
        std::shared_ptr<imaging::Volume> volume;
        try {
            volume = std::make_shared<imaging::Volume>(imaging::SeriesLoader().load(part));
        } catch (const imaging::LoadError& e) {
            seriesError = e.path() + ": " + e.why();
            continue;
        } catch (const std::exception& e) {
            seriesError = e.what();
            continue;
        }
        const std::string key = imaging::instanceSetKeyOf(part);
        for (const Model& m : models_) {
            if (!modelSuitsModality(m.manifest, part.modality)) continue;
            if (cancel_) return;
            Result r;
            r.seriesUid = part.uid;
            r.modality = part.modality;
            r.model = m;
            const auto start = std::chrono::steady_clock::now();
            try {
                InferenceRequest q;
                q.seriesUid = part.uid;
                q.instancesKey = key;
                q.volume = volume;
                q.bundle = m.folder;
                q.priority = priority_;
                q.heatmaps = false;
                q.useCache = true;
                r.findings = std::make_shared<const Findings>(engine_->run(q, &cancel_));
                r.cached = r.findings->fromCache;
                if (!r.cached && !resultsFolder_.empty()) {
                    const std::filesystem::path folder =
                        std::filesystem::path(resultsFolder_) / safeName(part.uid);
                    std::filesystem::create_directories(folder);
                    std::string stem = m.manifest.name + "-" + m.manifest.version;
                    for (char& c : stem)
                        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-')
                            c = '_';
                    if (m.manifest.task() == "segment" && r.findings->labels) {
                        const std::string seg = (folder / (stem + "-seg.dcm")).string();
                        FindingsExport::writeSeg(*r.findings, m.manifest, part, seg,
                                                 softwareVersion_);
                        r.files.push_back(seg);
                    }
                    const std::string sr = (folder / (stem + "-sr.dcm")).string();
                    FindingsExport::writeSr(*r.findings, m.manifest, part, sr, softwareVersion_);
                    r.files.push_back(sr);
                }
            } catch (const Cancelled&) {
                return;  // stopping: no callback
            } catch (const std::exception& e) {
                r.error = e.what();
            }
            r.elapsedMs =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            if (onResult_) onResult_(r);
        }
    }
    if (onSeries_) onSeries_(job.seriesUid, seriesError);
}

}  // namespace radlens::ai
