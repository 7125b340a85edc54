#pragma once
// The viewer as a listening AI node (File > Preferences > Network > Receive
// studies): a storage SCP (net::StorageListener) into the local store; each
// series complete after the quiet time is analysed by the active models on
// the session's one InferenceEngine, below the series on screen and the
// worklist's run; its findings land in the database, and seriesAnalysed()
// lets the worklist re-read itself, so newly flagged series rise to the top
// without a reload. Series received and not analysed when the viewer closes
// are taken up at its next start (the store's journal, as radlens-cli
// listen keeps it). The settings are kept with QSettings.
//
// Threads: GUI thread only; the listener's and the analyzer's callbacks are
// queued to it. Ownership: Qt parent/child; the destructor stops listening
// (instances in flight are stored and acknowledged first).

#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <functional>
#include <memory>
#include <vector>

#include "ui/WorklistAnalyzer.h"

namespace radlens::ai {
class ArrivalAnalyzer;
class InferenceEngine;
}  // namespace radlens::ai
namespace radlens::imaging {
class SeriesArrivals;
}
namespace radlens::net {
class StorageListener;
}

namespace radlens::ui {

class ReceivingNode : public QObject {
    Q_OBJECT
public:
    struct Settings {
        bool enabled = false;
        QString aet = QStringLiteral("RADLENS");
        int port = 11112;
        QStringList allowed;  ///< calling AE titles; empty: any
        double quietSeconds = 5;
        static Settings load();
        void save() const;
        /// What is wrong with them ("" when nothing).
        QString problem() const;
    };
    enum class State { Stopped, Listening, Failed };

    /// `storeRoot` / `databasePath` empty: the defaults.
    ReceivingNode(QString storeRoot, QString databasePath, QObject* parent = nullptr);
    ~ReceivingNode() override;

    void setEngine(std::function<std::shared_ptr<ai::InferenceEngine>()> provider) {
        engineProvider_ = std::move(provider);
    }
    /// The models that analyse what arrives (the active ones).
    void setModels(std::vector<WorklistAnalyzer::Model> models);

    /// Starts, restarts or stops as `settings` say; false (state Failed,
    /// statusText() says why) when the port cannot be opened.
    bool apply(const Settings& settings);
    void stop();

    State state() const { return state_; }
    const Settings& settings() const { return settings_; }
    QString statusText() const;
    /// The newest lines of the log (at most kLogLines).
    QStringList log() const { return log_; }
    static constexpr int kLogLines = 500;
    int receivedCount() const { return received_; }
    int analysedCount() const { return analysed_; }
    /// Series waiting for their quiet time or for the models.
    int pendingSeries() const;

Q_SIGNALS:
    void stateChanged();
    void logAppended(QString line);
    /// A series' findings are in the database.
    void seriesAnalysed(QString seriesUid);
    /// A series is complete (all its instances are stored and indexed).
    void seriesComplete(QString seriesUid);

private:
    void note(const QString& line);
    void takeComplete();
    void makeAnalyzer();
    void resumeLeftOver();

    QString storeRoot_, databasePath_;
    Settings settings_;
    State state_ = State::Stopped;
    QString failure_;
    std::function<std::shared_ptr<ai::InferenceEngine>()> engineProvider_;
    std::vector<WorklistAnalyzer::Model> models_;
    std::unique_ptr<net::StorageListener> listener_;
    std::shared_ptr<imaging::SeriesArrivals> arrivals_;
    std::unique_ptr<ai::ArrivalAnalyzer> analyzer_;
    QTimer poll_;
    QStringList log_;
    QSet<QString> arriving_;  ///< series with instances since their last completion
    int received_ = 0, analysed_ = 0;
    bool resumed_ = false;
};

}  // namespace radlens::ui
