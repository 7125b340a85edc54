#pragma once
// One conversation with a remote node: echo, find, retrieve into the local
// store, send. DimseClient (DCMTK) and DicomWebClient (Qt Network) implement
// it; create() picks by the node's protocol, so callers (the CLI, the
// Query/Retrieve window, the listener) never branch on the protocol.
//
// Threads: a client is used by one thread at a time, usually a background
// task; it blocks. cancel (an atomic the caller owns) may be set from any
// thread: the operation stops within one instance or one timeout and throws
// Cancelled. Progress callbacks run on the calling thread.
// Throws: NetworkError (a clear message: refused, timed out, wrong AE
// title...), Cancelled; never for one bad instance (counted as failed).

#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "imaging/InstanceInfo.h"
#include "net/RemoteNode.h"
#include "net/RemoteQuery.h"

namespace radlens::imaging {
class InstanceStore;
}

namespace radlens::net {

struct NetworkError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled") {}
};

/// Running counts of a transfer (retrieve or send).
struct TransferProgress {
    int done = 0;     ///< instances stored (retrieve) or accepted (send)
    int failed = 0;   ///< instances that failed (a reason each in `errors`)
    int total = 0;    ///< expected, when known (0: not yet)
    int skipped = 0;  ///< already held locally (resume)
    std::vector<std::string> errors;
};

/// A retrieval of a study or one series; forNode() takes `via` and
/// `movePort` from the node's settings.
struct RetrieveRequest {
    std::string studyUid;                         ///< required
    std::string seriesUid;                        ///< "" = the whole study
    enum class Via { Get, Move } via = Via::Get;  ///< DIMSE only
    int movePort = 0;                             ///< C-MOVE: our listening port (0 = 11113)
    bool resume = true;                           ///< skip instances the store already holds

    /// A request for `studyUid` (and `seriesUid`) as `node` is set to retrieve.
    static RetrieveRequest forNode(const RemoteNode& node, std::string studyUid,
                                   std::string seriesUid = {}) {
        RetrieveRequest r;
        r.studyUid = std::move(studyUid);
        r.seriesUid = std::move(seriesUid);
        r.via = node.retrieveByMove ? Via::Move : Via::Get;
        r.movePort = node.movePort;
        return r;
    }
};

class RemoteClient {
public:
    using Progress = std::function<void(const TransferProgress&)>;
    /// Called after each instance is stored and indexed (its header, final path).
    using Stored = std::function<void(const imaging::InstanceInfo&)>;

    virtual ~RemoteClient() = default;

    /// A client for the node's protocol.
    static std::unique_ptr<RemoteClient> create(const RemoteNode& node);

    const RemoteNode& node() const { return node_; }
    void setCancelFlag(const std::atomic<bool>* cancel) { cancel_ = cancel; }
    void setProgress(Progress progress) { progress_ = std::move(progress); }
    void setStored(Stored stored) { stored_ = std::move(stored); }

    /// C-ECHO, or a QIDO-RS probe. Throws NetworkError when the node does not answer.
    virtual void echo() = 0;
    virtual std::vector<RemoteMatch> find(const RemoteQuery& query) = 0;
    /// Retrieves into `store`; returns the final counts.
    virtual TransferProgress retrieve(const RetrieveRequest& request,
                                      imaging::InstanceStore& store) = 0;
    /// Stores files (images, SEG, SR) on the node.
    virtual TransferProgress send(const std::vector<std::string>& files) = 0;

protected:
    explicit RemoteClient(RemoteNode node) : node_(std::move(node)) {}
    bool cancelled() const { return cancel_ && cancel_->load(); }
    void throwIfCancelled() const {
        if (cancelled()) throw Cancelled();
    }
    void report(const TransferProgress& p) const {
        if (progress_) progress_(p);
    }
    void stored(const imaging::InstanceInfo& info) const {
        if (stored_) stored_(info);
    }

    RemoteNode node_;

private:
    const std::atomic<bool>* cancel_ = nullptr;
    Progress progress_;
    Stored stored_;
};

}  // namespace radlens::net
