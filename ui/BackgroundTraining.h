#pragma once
// Models trained in the background while the viewer is in use: the demo's
// first run (`radlens --train-model CONFIG`, scripts/demo) opens the window at
// once and trains its models behind it. Each config is one `radlens-cli train`
// process (a TrainingRun, the training wizard's path), one at a time, in the
// order added; a run whose checkpoint (OUTPUT.run) an earlier, interrupted
// session left is resumed rather than started again. Progress is one line of
// text ("Training demo-lesions (1 of 2): epoch 4 of 30, about 6 min left"),
// from the trainer's own step events; modelReady() says when a bundle is
// written, so the window can run it on the open study.
//
// Threads: GUI thread only. Ownership: owns its TrainingRun (a child); a
// process still running when this object is destroyed is stopped (SIGTERM:
// the trainer keeps its checkpoint, and the next session resumes it).

#include <QObject>
#include <QString>
#include <QStringList>
#include <deque>

namespace radlens::ui {

class TrainingRun;

class BackgroundTraining : public QObject {
    Q_OBJECT
public:
    /// `cli`: the radlens-cli executable.
    explicit BackgroundTraining(QString cli, QObject* parent = nullptr);
    ~BackgroundTraining() override;

    /// Reads a training config (radlens-cli train --config), checks it as the
    /// trainer will (ai::TrainingConfig) and queues it. False, with the
    /// reason in `error`, when it cannot be read, is not JSON, names no
    /// "output" or has a bad key. The file is not rewritten.
    bool add(const QString& configPath, QString* error);
    bool isRunning() const;
    /// The progress line now (empty when nothing runs).
    const QString& progressText() const { return text_; }
    /// Runs done and to do, the current one included.
    int total() const { return total_; }

    /// "about 6 min left", "less than a minute left".
    static QString remaining(double seconds);

Q_SIGNALS:
    void progressChanged(QString text);
    /// A bundle has been written (the config's "output"). Emitted after the
    /// next run has started (or allFinished(), for the last).
    void modelReady(QString bundle);
    /// A run failed (after the next has started, as modelReady).
    void failed(QString name, QString message);
    /// Nothing left to run.
    void allFinished();

private:
    struct Job {
        QString configPath;  ///< absolute
        QString output;      ///< the bundle it writes, absolute
        QString checkpoint;  ///< its checkpoint file: there, the run is resumed
        QString name;        ///< "name", else the output's folder name
    };
    void startNext();
    void onEvent(const QJsonObject& event);
    /// The line becomes "TITLE: phase" ("starting", "epoch 4 of 30, ...");
    /// empty when nothing runs.
    void showPhase(const QString& phase);
    /// "Training NAME", with "(i of n)" when more than one was queued.
    QString runTitle() const;

    TrainingRun* run_ = nullptr;
    std::deque<Job> queue_;
    Job current_;
    bool running_ = false;
    int total_ = 0, done_ = 0;
    QString phase_, text_;
};

}  // namespace radlens::ui
