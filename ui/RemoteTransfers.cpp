#include "ui/RemoteTransfers.h"

#include <memory>

#include "imaging/Database.h"
#include "imaging/InstanceStore.h"
#include "ui/BackgroundTask.h"

namespace radlens::ui {

RemoteTransfers::RemoteTransfers(QString storeRoot, QString databasePath, QObject* parent)
    : QObject(parent),
      storeRoot_(storeRoot.isEmpty() ? QString::fromStdString(imaging::InstanceStore::defaultRoot())
                                     : std::move(storeRoot)),
      databasePath_(databasePath.isEmpty()
                        ? QString::fromStdString(imaging::Database::defaultPath())
                        : std::move(databasePath)) {}

RemoteTransfers::~RemoteTransfers() {
    for (Transfer& t : transfers_)
        if (t.task) t.task->cancel();
}

QString RemoteTransfers::studyFolder(const QString& studyUid) const {
    return storeRoot_ + QLatin1Char('/') +
           (imaging::InstanceStore::isPlainUid(studyUid.toStdString()) ? studyUid
                                                                       : QStringLiteral("?"));
}

int RemoteTransfers::retrieve(const net::RemoteNode& node, const net::RetrieveRequest& request,
                              const QString& description) {
    Transfer t;
    t.kind = Transfer::Kind::Retrieve;
    t.node = node;
    t.request = request;
    t.description = description;
    return enqueue(std::move(t));
}

int RemoteTransfers::send(const net::RemoteNode& node, const std::vector<std::string>& files,
                          const QString& description) {
    Transfer t;
    t.kind = Transfer::Kind::Send;
    t.node = node;
    t.files = files;
    t.description = description;
    t.progress.total = static_cast<int>(files.size());
    return enqueue(std::move(t));
}

int RemoteTransfers::enqueue(Transfer transfer) {
    transfers_.push_back(std::move(transfer));
    const int row = count() - 1;
    Q_EMIT transferAdded(row);
    startNext();
    return row;
}

bool RemoteTransfers::isBusy() const {
    for (const Transfer& t : transfers_)
        if (t.state == ai::JobState::Queued || t.state == ai::JobState::Running ||
            t.state == ai::JobState::Cancelling)
            return true;
    return false;
}

void RemoteTransfers::cancel(int row) {
    if (row < 0 || row >= count()) return;
    Transfer& t = transfers_[static_cast<std::size_t>(row)];
    if (t.state == ai::JobState::Queued) {
        t.state = ai::JobState::Cancelled;
        t.error = tr("Cancelled");
        Q_EMIT transferChanged(row);
        Q_EMIT transferFinished(row);
    } else if (t.state == ai::JobState::Running && t.task) {
        t.state = ai::JobState::Cancelling;
        t.task->cancel();
        Q_EMIT transferChanged(row);
    }
}

void RemoteTransfers::retry(int row) {
    if (row < 0 || row >= count()) return;
    Transfer& t = transfers_[static_cast<std::size_t>(row)];
    if (t.state != ai::JobState::Failed && t.state != ai::JobState::Cancelled) return;
    t.state = ai::JobState::Queued;
    t.error.clear();
    t.progress = net::TransferProgress{};
    if (t.kind == Transfer::Kind::Send) t.progress.total = static_cast<int>(t.files.size());
    t.request.resume = true;
    Q_EMIT transferChanged(row);
    startNext();
}

void RemoteTransfers::clearFinished() {
    if (running_ >= 0) return;  // rows would move under a running task
    std::vector<Transfer> kept;
    for (Transfer& t : transfers_)
        if (t.state == ai::JobState::Queued) kept.push_back(std::move(t));
    transfers_ = std::move(kept);
    Q_EMIT transfersReset();
}

void RemoteTransfers::startNext() {
    if (running_ >= 0) return;
    for (int row = 0; row < count(); ++row)
        if (transfers_[static_cast<std::size_t>(row)].state == ai::JobState::Queued) {
            run(row);
            return;
        }
}

void RemoteTransfers::run(int row) {
    Transfer& t = transfers_[static_cast<std::size_t>(row)];
    running_ = row;
    t.state = ai::JobState::Running;
    Q_EMIT transferChanged(row);
    const Transfer copy = t;
    const std::string storeRoot = storeRoot_.toStdString();
    const std::string databasePath = databasePath_.toStdString();
    auto* task = new BackgroundTask(
        t.description,
        [this, row, copy, storeRoot, databasePath](BackgroundTask::Control& c) -> std::any {
            std::unique_ptr<net::RemoteClient> client = net::RemoteClient::create(copy.node);
            client->setCancelFlag(c.cancelFlag());
            client->setProgress([this, row, &c](const net::TransferProgress& p) {
                c.post([this, row, p] {
                    if (row >= count()) return;
                    transfers_[static_cast<std::size_t>(row)].progress = p;
                    Q_EMIT transferChanged(row);
                });
            });
            client->setStored([this, &c](const imaging::InstanceInfo& info) {
                c.post([this, study = QString::fromStdString(info.studyUid),
                        series = QString::fromStdString(info.seriesUid),
                        path = QString::fromStdString(info.path)] {
                    Q_EMIT instanceStored(study, series, path);
                });
            });
            try {
                if (copy.kind == Transfer::Kind::Retrieve) {
                    imaging::InstanceStore store(storeRoot, databasePath);
                    return client->retrieve(copy.request, store);
                }
                return client->send(copy.files);
            } catch (const net::Cancelled&) {
                return std::any();  // Cancelled: what was stored stays
            }
        },
        this);
    t.task = task;
    connect(task, &BackgroundTask::finished, this, [this, row, task] {
        if (row >= count()) return;
        Transfer& done = transfers_[static_cast<std::size_t>(row)];
        done.task = nullptr;
        running_ = -1;
        done.state = task->state();
        if (done.state == ai::JobState::Done) {
            done.progress = task->result<net::TransferProgress>();
            if (done.progress.failed > 0) {
                done.error = tr("%n instance(s) failed", nullptr, done.progress.failed);
                if (!done.progress.errors.empty())
                    done.error +=
                        QStringLiteral(": ") + QString::fromStdString(done.progress.errors.front());
            }
        } else if (done.state == ai::JobState::Cancelled) {
            done.error = tr("Cancelled; Retry resumes");
        } else {
            done.error = task->error();
        }
        Q_EMIT transferChanged(row);
        Q_EMIT transferFinished(row);
        startNext();
    });
    task->start();
}

}  // namespace radlens::ui
