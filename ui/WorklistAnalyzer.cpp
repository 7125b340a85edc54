#include "ui/WorklistAnalyzer.h"

#include <QMetaObject>
#include <QStringList>
#include <condition_variable>
#include <map>
#include <mutex>

#include "ai/InferenceEngine.h"
#include "ai/ResultCacheKey.h"
#include "imaging/Database.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"

namespace radlens::ui {

WorklistAnalyzer::WorklistAnalyzer(QString databasePath, QObject* parent)
    : QObject(parent), databasePath_(std::move(databasePath)) {}

WorklistAnalyzer::~WorklistAnalyzer() {
    cancel_ = true;
    if (thread_.joinable()) thread_.join();
}

void WorklistAnalyzer::start(std::vector<Model> models) {
    if (running_) return;
    if (thread_.joinable()) thread_.join();
    cancel_ = false;
    running_ = true;
    std::shared_ptr<ai::InferenceEngine> engine = engineProvider_ ? engineProvider_() : nullptr;
    thread_ = std::thread([this, models = std::move(models), engine] { work(models, engine); });
}

void WorklistAnalyzer::cancel() { cancel_ = true; }

void WorklistAnalyzer::work(std::vector<Model> models,
                            std::shared_ptr<ai::InferenceEngine> engine) {
    int failed = 0;
    QStringList messages;
    auto post = [this](auto fn) { QMetaObject::invokeMethod(this, fn, Qt::QueuedConnection); };
    try {
        imaging::Database db(databasePath_.toStdString());
        // What is left to do: (series, model) pairs without a cached result.
        struct Todo {
            imaging::SeriesRecord series;
            std::string instancesKey;  ///< of the whole series, as WorklistModel reads it
            std::vector<const Model*> models;
        };
        std::vector<Todo> todo;
        const std::map<std::string, std::string> keys = db.instanceSetKeys();
        for (const imaging::SeriesRecord& s : db.allSeries()) {
            const auto key = keys.find(s.uid);
            Todo t{s, key == keys.end() ? std::string() : key->second, {}};
            for (const Model& m : models)
                if (ai::modelSuitsModality(m.manifest, s.modality) &&
                    !db.cachedFindings(s.uid, t.instancesKey,
                                       ai::resultCacheKey(m.manifest, std::nullopt)))
                    t.models.push_back(&m);
            if (!t.models.empty()) todo.push_back(std::move(t));
        }
        const int total = int(todo.size());
        post([this, total] { Q_EMIT progress(0, total); });
        if (!engine)
            engine = std::make_shared<ai::InferenceEngine>("auto", databasePath_.toStdString());
        for (int i = 0; i < total && !cancel_; ++i) {
            const Todo& t = todo[std::size_t(i)];
            try {
                auto parts = imaging::SeriesAssembler::assemble(db.seriesInstances(t.series.uid));
                if (parts.empty()) throw std::runtime_error("no images left on disk");
                const imaging::Series* part = &parts.front();
                for (const imaging::Series& p : parts)
                    if (p.uid == t.series.uid) part = &p;
                auto volume =
                    std::make_shared<imaging::Volume>(imaging::SeriesLoader().load(*part));
                for (const Model* m : t.models) {
                    ai::InferenceRequest r;
                    r.seriesUid = t.series.uid;
                    r.instancesKey = t.instancesKey;
                    r.volume = volume;
                    r.bundle = m->folder.toStdString();
                    r.priority = 0;
                    r.heatmaps = false;
                    r.useCache = true;
                    std::mutex mutex;
                    std::condition_variable done;
                    bool finished = false;
                    std::string error;
                    const ai::JobId id = engine->submit(r, [&](const ai::JobUpdate& u) {
                        if (u.state == ai::JobState::Done || u.state == ai::JobState::Failed ||
                            u.state == ai::JobState::Cancelled) {
                            std::lock_guard<std::mutex> lock(mutex);
                            if (u.state == ai::JobState::Failed) error = u.message;
                            finished = true;
                            done.notify_all();
                        }
                    });
                    std::unique_lock<std::mutex> lock(mutex);
                    while (!finished) {
                        if (cancel_) engine->cancel(id);
                        done.wait_for(lock, std::chrono::milliseconds(100));
                    }
                    if (!error.empty()) throw std::runtime_error(error);
                }
            } catch (const std::exception& e) {
                ++failed;
                messages << QString::fromStdString(t.series.uid + ": " + e.what());
            }
            const QString uid = QString::fromStdString(t.series.uid);
            post([this, i, total, uid] {
                Q_EMIT seriesDone(uid);
                Q_EMIT progress(i + 1, total);
            });
        }
    } catch (const std::exception& e) {
        ++failed;
        messages << QString::fromUtf8(e.what());
    }
    const bool cancelled = cancel_;
    post([this, cancelled, failed, messages] {
        running_ = false;
        Q_EMIT finished(cancelled, failed, messages);
    });
}

}  // namespace radlens::ui
