#pragma once
// A DICOM storage SCP (C-STORE and C-ECHO): one thread accepts connections,
// each association runs on a thread of its own (at most maxAssociations at
// once; one more is refused as "local limit exceeded", which a sender takes
// as "try again later"). Each instance is received into a temporary file of
// an InstanceStore, committed (header read, fsync, rename) and indexed before
// it is acknowledged, so an acknowledged instance is never lost. A damaged
// instance, or one the disk has no room for (free space below
// Options::minFreeBytes), gets a failure status and the association goes on. Calling AE titles
// outside the allow-list are refused at association. Used as the C-MOVE destination of a retrieval
// and as the listening AI node (radlens-cli listen; Preferences > Network).
//
// Threads: start() and stop() from one owning thread. The callbacks run on
// the association threads, several at once: they must be thread-safe.
// Throws: start() throws NetworkError when the port cannot be opened (taken,
// no permission).

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "imaging/InstanceInfo.h"

struct T_ASC_Network;
class DcmSharedSCPConfig;

namespace radlens::net {

class StorageListener {
public:
    struct Options {
        std::string aet = "RADLENS";
        int port = 11113;
        std::vector<std::string> allowedCallers;  ///< empty: any calling AE title
        int timeoutSeconds = 30;                  ///< ACSE and DIMSE (idle association) timeouts
        int maxAssociations = 8;                  ///< associations served at once
        /// Below this much free space in the store an instance is received,
        /// dropped and answered "out of resources" (a full disk never cuts
        /// an association or leaves a half-written file).
        std::uint64_t minFreeBytes = 256ull << 20;
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

    const Options& options() const { return options_; }

    /// Opens the port and starts accepting.
    void start();
    /// Stops accepting; an association that is receiving an instance finishes
    /// it (stored and acknowledged), then every association is closed (an idle
    /// one at once); joins every thread. Idempotent.
    void stop();
    bool running() const { return acceptThread_.joinable(); }
    /// Associations open now (any thread).
    int activeAssociations() const;

private:
    class Worker;
    struct Session;
    void acceptLoop();
    void reap(bool all);

    Options options_;
    std::string storeRoot_, databasePath_;
    Stored stored_;
    Failed failed_;
    Refused refused_;
    T_ASC_Network* network_ = nullptr;
    std::unique_ptr<DcmSharedSCPConfig> sharedConfig_;  ///< built once at start()
    std::thread acceptThread_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;  ///< guards sessions_ and each session's socket
    std::list<std::shared_ptr<Session>> sessions_;
};

}  // namespace radlens::net
