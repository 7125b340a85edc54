#pragma once
// Analyses every series in the local database with the given models, in the
// background, oldest work first skipped: a series whose results are already
// cached for a model (by the weights' SHA-256) is not analysed again, so a
// run that was stopped, or cut short by quitting, continues where it left
// off. Each model runs only on its modality. Results land in the database's
// cache, where WorklistModel reads them.
//
// Threads: start()/cancel() on the GUI thread; the work runs on a thread of
// its own and submits to the process's one InferenceEngine (setEngine; the
// StudySession's) at priority 0, below the series on screen (10); without
// one it makes its own. Signals arrive queued on the GUI thread.
// Ownership: the destructor cancels and joins.

#include <QObject>
#include <QString>
#include <atomic>
#include <thread>
#include <vector>

#include <functional>
#include <memory>
#include "ai/InferenceEngine.h"
#include "ai/ModelBundle.h"

namespace radlens::ui {

class WorklistAnalyzer : public QObject {
    Q_OBJECT
public:
    struct Model {
        QString folder;
        ai::Manifest manifest;
    };
    explicit WorklistAnalyzer(QString databasePath, QObject* parent = nullptr);
    ~WorklistAnalyzer() override;

    /// Where the engine comes from (called on the GUI thread at start()).
    void setEngine(std::function<std::shared_ptr<ai::InferenceEngine>()> provider) {
        engineProvider_ = std::move(provider);
    }
    /// Starts a run (ignored while one runs).
    void start(std::vector<Model> models);
    /// Stops after the current batch of slices.
    void cancel();
    bool running() const { return running_; }

Q_SIGNALS:
    void progress(int done, int total);
    void seriesDone(QString seriesUid);
    /// `failed`: series that could not be loaded or analysed (the reasons in `messages`).
    void finished(bool cancelled, int failed, QStringList messages);

private:
    void work(std::vector<Model> models, std::shared_ptr<ai::InferenceEngine> engine);
    std::function<std::shared_ptr<ai::InferenceEngine>()> engineProvider_;

    QString databasePath_;
    std::thread thread_;
    std::atomic<bool> cancel_{false};
    bool running_ = false;
};

}  // namespace radlens::ui
