#pragma once
// One piece of background work in ui/: it runs on QThreadPool::globalInstance()
// and reports back on the GUI thread through queued signals. Every long job
// of the user interface (scanning, loading a series, thumbnails, exports,
// data checks, database reads and writes) goes through this type, so each has
// a state, progress and a cancel, and none outlives the objects it reports to.
//
//   auto* task = new BackgroundTask(tr("Scanning"), [paths](BackgroundTask::Control& c) {
//       ... c.setProgress(done, total); if (c.cancelled()) return std::any();
//       return std::any(result);
//   }, this);
//   connect(task, &BackgroundTask::finished, this, [task] { ... task->result<T>() ... });
//   task->start();
//
// States: ai::JobState, as the inference engine's jobs have them: Queued ->
// Running -> Done | Failed | Cancelled (Cancelling between a cancel() and the
// work's return). An exception thrown by the work becomes
// Failed with its message; a work that returns after cancel() was asked is
// Cancelled, whatever it returned. Cancel takes effect when the work next
// looks at its flag (each work here looks at least every few hundred ms).
//
// Threads: construct, start(), cancel() and read the state on the GUI thread
// (the task's own thread). The work runs on a pool thread and sees only its
// Control. Ownership: a QObject child of `parent`; with autoDelete (the
// default) it deletes itself after finished(). Deleting a task that still
// runs cancels it; the work finishes on its pool thread and its results and
// posts are dropped: no signal reaches a deleted receiver. The application
// waits for the pool on exit (QThreadPool's destructor).

#include <QObject>
#include <QString>
#include <any>
#include <atomic>
#include <functional>
#include <memory>

#include "ai/JobState.h"

namespace radlens::ui {

class BackgroundTask : public QObject {
    Q_OBJECT
public:
    using State = ai::JobState;

    /// What the work sees of its task, on the pool thread. Safe to use after
    /// the task is deleted (its posts are then dropped).
    class Control {
    public:
        bool cancelled() const { return cancel_->load(); }
        /// For library calls that take a cancel flag (Scanner, DatasetExporter).
        const std::atomic<bool>* cancelFlag() const { return cancel_.get(); }
        /// Reports progress; at most about 20 progressChanged() a second reach
        /// the GUI thread, the last one (done == total) always does.
        void setProgress(qint64 done, qint64 total);
        /// Runs `fn` on the GUI thread, queued, unless the task is gone by then.
        void post(std::function<void()> fn);

    private:
        friend class BackgroundTask;
        struct Shared;
        explicit Control(std::shared_ptr<Shared> shared);
        std::shared_ptr<Shared> shared_;
        std::shared_ptr<std::atomic<bool>> cancel_;
        qint64 lastProgressMs_ = -1000;
    };

    using Work = std::function<std::any(Control&)>;

    BackgroundTask(QString name, Work work, QObject* parent = nullptr);
    ~BackgroundTask() override;

    /// Below the GUI thread's priority (and so the threads the work starts):
    /// decoders on every core would otherwise take the CPU from its frames.
    /// Set before start().
    void setLowPriority(bool low) { lowPriority_ = low; }
    void setAutoDelete(bool on) { autoDelete_ = on; }
    /// Queues the work on the pool (once; later calls do nothing).
    void start();
    /// Asks the work to stop; finished() follows with Cancelled (or Done /
    /// Failed when it had already returned).
    void cancel();

    const QString& name() const { return name_; }
    State state() const { return state_; }
    bool isFinished() const {
        return state_ == State::Done || state_ == State::Failed || state_ == State::Cancelled;
    }
    /// Done: what the work returned. Throws std::bad_any_cast for another type.
    template <class T>
    T result() const {
        return std::any_cast<T>(result_);
    }
    bool hasResult() const { return result_.has_value(); }
    /// Failed: the exception's message.
    const QString& error() const { return error_; }

Q_SIGNALS:
    void stateChanged(radlens::ai::JobState state);
    void progressChanged(qint64 done, qint64 total);
    /// Done, Failed or Cancelled: state() says which.
    void finished();

private:
    void setState(State state);
    void complete(std::any result, QString error, bool failed);

    QString name_;
    Work work_;
    std::shared_ptr<Control::Shared> shared_;
    std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
    State state_ = State::Queued;
    bool started_ = false, lowPriority_ = false, autoDelete_ = true;
    std::any result_;
    QString error_;
};

}  // namespace radlens::ui
