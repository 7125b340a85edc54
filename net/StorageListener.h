#pragma once
// A DICOM storage SCP (C-STORE and C-ECHO) on its own thread: each instance
// is received into a temporary file of an InstanceStore, committed (header
// read, fsync, rename) and indexed before it is acknowledged, so an
// acknowledged instance is never lost. A damaged instance gets a failure
// status and the listener goes on. Used as the C-MOVE destination of a
// retrieval, and (issue 19) as the listening AI node.
//
// Threads: start() and stop() from one owning thread; the callbacks run on
// the listener's thread. Throws: start() throws NetworkError when the port
// cannot be opened (taken, no permission).

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "imaging/InstanceInfo.h"

namespace radlens::net {

class StorageListener {
public:
    struct Options {
        std::string aet = "RADLENS";
        int port = 11113;
        std::vector<std::string> allowedCallers;  ///< empty: any calling AE title
        int timeoutSeconds = 30;                  ///< ACSE and DIMSE timeouts
    };
    using Stored = std::function<void(const imaging::InstanceInfo&, const std::string& callingAet)>;
    using Failed = std::function<void(const std::string& reason)>;
    using Refused = std::function<void(const std::string& callingAet)>;

    /// Instances go to an InstanceStore at `storeRoot`, indexed in `databasePath`.
    StorageListener(Options options, std::string storeRoot, std::string databasePath);
    ~StorageListener();  ///< stop()
    StorageListener(const StorageListener&) = delete;
    StorageListener& operator=(const StorageListener&) = delete;

    void setStored(Stored f) { stored_ = std::move(f); }
    void setFailed(Failed f) { failed_ = std::move(f); }
    void setRefused(Refused f) { refused_ = std::move(f); }

    /// Opens the port and starts the thread.
    void start();
    /// Finishes the association in progress, closes the port, joins. Idempotent.
    void stop();

private:
    class Scp;
    friend class Scp;

    Options options_;
    std::string storeRoot_, databasePath_;
    Stored stored_;
    Failed failed_;
    Refused refused_;
    std::unique_ptr<Scp> scp_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
};

}  // namespace radlens::net
