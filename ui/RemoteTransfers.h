#pragma once
// The transfers with remote nodes, without widgets: retrievals into the local
// store and sends of local files, queued and run one at a time per node
// kind, each a BackgroundTask with progress and cancel. A failed or
// cancelled retrieval can be resumed (retry): what the store already holds
// is skipped. The Query/Retrieve window shows this list; the session hears
// instanceStored() and fills in a series as it arrives.
//
// Threads: GUI thread only; signals are emitted on it. The work runs on the
// pool (net::RemoteClient blocks there; DICOMweb runs its own event loop).
// Ownership: owns its tasks (children). Never logs or shows a secret.

#include <QObject>
#include <QString>
#include <QStringList>
#include <vector>

#include "ai/JobState.h"
#include "net/RemoteClient.h"
#include "net/RemoteNode.h"

namespace radlens::ui {

class BackgroundTask;

class RemoteTransfers : public QObject {
    Q_OBJECT
public:
    struct Transfer {
        enum class Kind { Retrieve, Send } kind = Kind::Retrieve;
        net::RemoteNode node;
        QString description;             ///< what the user sees ("CT chest, 600 images")
        net::RetrieveRequest request;    ///< Retrieve
        std::vector<std::string> files;  ///< Send
        ai::JobState state = ai::JobState::Queued;
        net::TransferProgress progress;
        QString error;
        BackgroundTask* task = nullptr;
    };

    /// Retrieved instances go to `storeRoot` (empty: the data folder's store),
    /// indexed in `databasePath` (empty: the default database).
    explicit RemoteTransfers(QString storeRoot = {}, QString databasePath = {},
                             QObject* parent = nullptr);
    ~RemoteTransfers() override;

    const QString& storeRoot() const { return storeRoot_; }
    /// The folder of a study in the store (where its series arrive).
    QString studyFolder(const QString& studyUid) const;

    /// Queues a retrieval; returns its row.
    int retrieve(const net::RemoteNode& node, const net::RetrieveRequest& request,
                 const QString& description);
    /// Queues a send of files (images, SEG, SR); returns its row.
    int send(const net::RemoteNode& node, const std::vector<std::string>& files,
             const QString& description);
    /// Cancels a queued or running transfer.
    void cancel(int row);
    /// Runs a failed or cancelled transfer again (a retrieval resumes).
    void retry(int row);
    /// Forgets finished transfers.
    void clearFinished();

    int count() const { return static_cast<int>(transfers_.size()); }
    const Transfer& at(int row) const { return transfers_.at(static_cast<std::size_t>(row)); }
    bool isBusy() const;

Q_SIGNALS:
    void transferAdded(int row);
    void transferChanged(int row);
    void transfersReset();
    /// One instance stored and indexed (the study and series it belongs to).
    void instanceStored(QString studyUid, QString seriesUid, QString path);
    /// A transfer ended (Done, Failed or Cancelled).
    void transferFinished(int row);

private:
    int enqueue(Transfer transfer);
    void startNext();
    void run(int row);

    QString storeRoot_, databasePath_;
    std::vector<Transfer> transfers_;
    int running_ = -1;
};

}  // namespace radlens::ui
