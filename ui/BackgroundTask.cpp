#include "ui/BackgroundTask.h"

#include <QDateTime>
#include <QMetaObject>
#include <QThreadPool>
#include <mutex>

#include "platform/Platform.h"

namespace radlens::ui {

/// The link between a task (GUI thread) and its work (pool thread): the task
/// pointer is cleared under the mutex when the task is deleted, so a post
/// either reaches a live task's event queue or is dropped.
struct BackgroundTask::Control::Shared {
    std::mutex mutex;
    BackgroundTask* task = nullptr;

    void post(std::function<void()> fn) {
        std::lock_guard<std::mutex> lock(mutex);
        if (task) QMetaObject::invokeMethod(task, std::move(fn), Qt::QueuedConnection);
    }
};

BackgroundTask::Control::Control(std::shared_ptr<Shared> shared)
    : shared_(std::move(shared)), cancel_(std::make_shared<std::atomic<bool>>(false)) {}

void BackgroundTask::Control::setProgress(qint64 done, qint64 total) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (done < total && now - lastProgressMs_ < 50) return;
    lastProgressMs_ = now;
    std::lock_guard<std::mutex> lock(shared_->mutex);
    if (BackgroundTask* t = shared_->task)
        QMetaObject::invokeMethod(
            t, [t, done, total] { Q_EMIT t->progressChanged(done, total); }, Qt::QueuedConnection);
}

void BackgroundTask::Control::post(std::function<void()> fn) { shared_->post(std::move(fn)); }

BackgroundTask::BackgroundTask(QString name, Work work, QObject* parent)
    : QObject(parent),
      name_(std::move(name)),
      work_(std::move(work)),
      shared_(std::make_shared<Control::Shared>()) {
    shared_->task = this;
}

BackgroundTask::~BackgroundTask() {
    cancel_->store(true);
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->task = nullptr;
}

void BackgroundTask::setState(State state) {
    if (state_ == state) return;
    state_ = state;
    Q_EMIT stateChanged(state);
}

void BackgroundTask::start() {
    if (started_) return;
    started_ = true;
    Control control(shared_);
    control.cancel_ = cancel_;
    QThreadPool::globalInstance()->start([control, work = std::move(work_),
                                          low = lowPriority_]() mutable {
        control.post([t = control.shared_] {
            // Running, unless a cancel came first.
            if (t->task && t->task->state_ == State::Queued) t->task->setState(State::Running);
        });
        const int oldPriority = low ? platform::lowerCurrentThreadPriority() : 0;
        std::any result;
        QString error;
        bool failed = false;
        try {
            result = work(control);
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
            failed = true;
        } catch (...) {
            error = QStringLiteral("unknown error");
            failed = true;
        }
        if (low) platform::setCurrentThreadPriority(oldPriority);
        // The result is moved into the GUI thread's call; the work's captures
        // are released here, on the pool thread.
        work = nullptr;
        control.post([t = control.shared_, result = std::move(result), error, failed]() mutable {
            if (t->task) t->task->complete(std::move(result), error, failed);
        });
    });
}

void BackgroundTask::cancel() {
    if (isFinished()) return;
    cancel_->store(true);
    if (started_) {
        setState(State::Cancelling);
        return;
    }
    started_ = true;  // never runs
    complete({}, {}, false);
}

void BackgroundTask::complete(std::any result, QString error, bool failed) {
    if (failed) {
        error_ = std::move(error);
        setState(State::Failed);
    } else if (cancel_->load()) {
        setState(State::Cancelled);
    } else {
        result_ = std::move(result);
        setState(State::Done);
    }
    Q_EMIT finished();
    if (autoDelete_) deleteLater();
}

}  // namespace radlens::ui
