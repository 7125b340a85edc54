#pragma once
// One `radlens-cli train` process, as the training wizard sees it: started
// with a config file, its JSON-lines stdout turned into event() signals, and
// paused and resumed (platform::suspendProcess) or cancelled (SIGTERM: the trainer keeps
// its last finished epoch) on request. The run is a separate process so the
// viewer stays responsive and survives a crash of the training.
//
// Threads: GUI thread only (QProcess). Owns its QProcess.

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>

namespace radlens::ui {

class TrainingRun : public QObject {
    Q_OBJECT
public:
    explicit TrainingRun(QString cli, QObject* parent = nullptr);
    ~TrainingRun() override;

    /// Writes `config` to `configPath` and starts the run (`resume`: --resume).
    void start(const QJsonObject& config, const QString& configPath, bool resume = false);
    /// Starts the run on a config file that is already there (not rewritten).
    void startFile(const QString& configPath, bool resume = false);
    void pause();
    void resume();
    void cancel();
    bool isRunning() const { return process_.state() != QProcess::NotRunning; }
    bool isPaused() const { return paused_; }

Q_SIGNALS:
    void event(const QJsonObject& event);
    /// ok: a "done" event came and the process exited 0; else the reason.
    void finished(bool ok, const QString& message);

private:
    QString cli_;
    QProcess process_;
    QByteArray buffer_;
    QString error_;
    bool done_ = false, paused_ = false;

    void readLines();
};

}  // namespace radlens::ui
