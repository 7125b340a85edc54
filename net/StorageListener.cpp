#include "net/StorageListener.h"

// clang-format off
#include <dcmtk/config/osconfig.h>
// clang-format on
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dcmtrans.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/dul.h>
#include <dcmtk/dcmnet/scpthrd.h>
#include <dcmtk/oflog/oflog.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "imaging/InstanceStore.h"
#include "net/RemoteClient.h"
#include "net/TransferSyntaxes.h"

namespace radlens::net {

namespace {

/// DCMTK keeps a connection's socket protected; stop() needs it to wake an
/// association thread blocked in recv(). A derived class may name the member
/// (never instantiated).
struct SocketOf : DcmTransportConnection {
    static int get(DcmTransportConnection& c) {
        return static_cast<int>((c.*(&SocketOf::getSocket))());
    }
};

}  // namespace

/// One association: its thread, its socket (to wake it on stop) and whether
/// it is inside a command (then it is left to finish).
struct StorageListener::Session {
    std::thread thread;
    std::atomic<bool> done{false};
    std::atomic<bool> inCommand{false};
    int socket = -1;  ///< guarded by StorageListener::mutex_
    bool woken = false;
};

/// The SCP of one association, on its session's thread.
class StorageListener::Worker : public DcmThreadSCP {
public:
    Worker(StorageListener& owner, Session& session, imaging::InstanceStore& store)
        : owner_(owner), session_(session), store_(store) {}

protected:
    OFBool checkCallingAETitleAccepted(const OFString& callingAE) override {
        const auto& allowed = owner_.options_.allowedCallers;
        if (allowed.empty()) return OFTrue;
        std::string aet = callingAE.c_str();
        while (!aet.empty() && aet.back() == ' ') aet.pop_back();
        if (std::find(allowed.begin(), allowed.end(), aet) != allowed.end()) return OFTrue;
        if (owner_.refused_) owner_.refused_(aet);
        return OFFalse;
    }

    OFCondition handleIncomingCommand(T_DIMSE_Message* message,
                                      const DcmPresentationContextInfo& info) override {
        session_.inCommand = true;
        OFCondition cond = message->CommandField == DIMSE_C_STORE_RQ
                               ? store(message->msg.CStoreRQ, info.presentationContextID)
                               : DcmThreadSCP::handleIncomingCommand(message, info);
        session_.inCommand = false;
        // Stopping: what was received is stored and answered; the association ends here.
        if (cond.good() && owner_.stopping_) return NET_EC_StopAfterAssociation;
        return cond;
    }

    // The association ends (released, aborted or failed): its socket is about
    // to be closed, so stop() must no longer touch it.
    void notifyReleaseRequest() override { forgetSocket(); }
    void notifyAbortRequest() override { forgetSocket(); }
    void notifyDIMSEError(const OFCondition& cond) override { forgetSocket(); }

private:
    OFCondition store(T_DIMSE_C_StoreRQ& request, T_ASC_PresentationContextID presId) {
        std::error_code ec;
        const std::filesystem::space_info space = std::filesystem::space(store_.root(), ec);
        if (!ec && space.available < owner_.options_.minFreeBytes) {
            // No room: the data set is read (so the association stays in step)
            // and dropped; the sender hears "out of resources".
            DcmDataset* dropped = nullptr;
            OFCondition cond = receiveSTORERequest(request, presId, dropped);
            delete dropped;
            if (cond.bad()) return cond;
            if (owner_.failed_)
                owner_.failed_(std::string(request.AffectedSOPInstanceUID) +
                               ": no room in the store (" + std::to_string(space.available >> 20) +
                               " MB free, " + std::to_string(owner_.options_.minFreeBytes >> 20) +
                               " MB needed)");
            return sendSTOREResponse(presId, request, STATUS_STORE_Refused_OutOfResources);
        }
        const std::string temp = store_.tempPath();
        OFCondition cond = receiveSTORERequest(request, presId, OFString(temp.c_str()));
        if (cond.bad()) {
            std::filesystem::remove(temp, ec);
            if (owner_.failed_) owner_.failed_(std::string("receiving failed: ") + cond.text());
            return cond;
        }
        const imaging::InstanceStore::Committed c = store_.commit(temp);
        Uint16 status = STATUS_Success;
        if (c.ok) {
            store_.flush();  // indexed before it is acknowledged
            if (owner_.stored_) owner_.stored_(c.info, getPeerAETitle().c_str());
        } else {
            // A full disk is "out of resources"; anything else the file's fault.
            status = c.reason.find("No space") != std::string::npos
                         ? STATUS_STORE_Refused_OutOfResources
                         : STATUS_STORE_Error_CannotUnderstand;
            if (owner_.failed_)
                owner_.failed_(std::string(request.AffectedSOPInstanceUID) + ": " + c.reason);
        }
        return sendSTOREResponse(presId, request, status);
    }

    void forgetSocket() {
        std::lock_guard<std::mutex> lock(owner_.mutex_);
        session_.socket = -1;
    }

    StorageListener& owner_;
    Session& session_;
    imaging::InstanceStore& store_;
};

StorageListener::StorageListener(Options options, std::string storeRoot, std::string databasePath)
    : options_(std::move(options)),
      storeRoot_(std::move(storeRoot)),
      databasePath_(std::move(databasePath)) {}

StorageListener::~StorageListener() { stop(); }

void StorageListener::start() {
    if (acceptThread_.joinable()) return;
    stopping_ = false;
    // DCMTK logs each association and C-STORE at INFO on stderr; the owner
    // reports through the callbacks instead.
    OFLog::configure(OFLogger::WARN_LOG_LEVEL);
    DcmSCPConfig config;
    config.setAETitle(options_.aet.c_str());
    config.setPort(static_cast<Uint16>(options_.port));
    config.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    config.setDIMSETimeout(static_cast<Uint32>(options_.timeoutSeconds));
    config.setACSETimeout(static_cast<Uint32>(options_.timeoutSeconds));
    config.setMaxReceivePDULength(ASC_MAXIMUMPDUSIZE / 2);
    config.setHostLookupEnabled(OFFalse);
    config.setProgressNotificationMode(OFFalse);
    OFList<OFString> syntaxes;
    for (const std::string& s : acceptedTransferSyntaxes()) syntaxes.push_back(s.c_str());
    OFList<OFString> echoSyntaxes;
    for (const std::string& s : uncompressedTransferSyntaxes()) echoSyntaxes.push_back(s.c_str());
    config.addPresentationContext(UID_VerificationSOPClass, echoSyntaxes);
    for (int i = 0; i < numberOfDcmAllStorageSOPClassUIDs; ++i)
        config.addPresentationContext(dcmAllStorageSOPClassUIDs[i], syntaxes);
    sharedConfig_ = std::make_unique<DcmSharedSCPConfig>(config);
    const OFCondition cond =
        ASC_initializeNetwork(NET_ACCEPTOR, options_.port, options_.timeoutSeconds, &network_);
    if (cond.bad()) {
        network_ = nullptr;
        throw NetworkError("cannot listen on port " + std::to_string(options_.port) + ": " +
                           cond.text());
    }
    acceptThread_ = std::thread([this] { acceptLoop(); });
}

void StorageListener::acceptLoop() {
    while (!stopping_) {
        T_ASC_Association* assoc = nullptr;
        OFCondition cond =
            ASC_receiveAssociation(network_, &assoc, ASC_MAXIMUMPDUSIZE / 2, nullptr, nullptr,
                                   OFFalse, DUL_NOBLOCK, 1 /* s: look at stopping_ each second */);
        reap(false);
        if (cond.bad()) {
            if (assoc) {
                if (cond != DUL_NOASSOCIATIONREQUEST) ASC_dropAssociation(assoc);
                ASC_destroyAssociation(&assoc);
            }
            continue;
        }
        if (stopping_ || activeAssociations() >= options_.maxAssociations) {
            T_ASC_RejectParameters reject{ASC_RESULT_REJECTEDTRANSIENT,
                                          ASC_SOURCE_SERVICEPROVIDER_PRESENTATION_RELATED,
                                          ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED};
            ASC_rejectAssociation(assoc, &reject);
            ASC_dropAssociation(assoc);
            ASC_destroyAssociation(&assoc);
            if (failed_ && !stopping_)
                failed_("an association was refused: " + std::to_string(options_.maxAssociations) +
                        " are open already");
            continue;
        }
        auto session = std::make_shared<Session>();
        if (DcmTransportConnection* c = DUL_getTransportConnection(assoc->DULassociation))
            session->socket = SocketOf::get(*c);
        std::lock_guard<std::mutex> lock(mutex_);
        sessions_.push_back(session);
        session->thread = std::thread([this, session, assoc] {
            try {
                imaging::InstanceStore store(storeRoot_, databasePath_);
                Worker worker(*this, *session, store);
                worker.setSharedConfig(*sharedConfig_);
                worker.run(assoc);
            } catch (const std::exception& e) {
                if (failed_) failed_(e.what());
            }
            {
                std::lock_guard<std::mutex> lock(mutex_);
                session->socket = -1;
            }
            session->done = true;
        });
    }
    // Stopping: wake the associations that wait for a command; those inside
    // one finish it and then end (Worker::handleIncomingCommand).
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (const auto& s : sessions_)
                if (!s->done && !s->inCommand && s->socket >= 0 && !s->woken) {
                    ::shutdown(s->socket, SHUT_RDWR);
                    s->woken = true;
                }
        }
        reap(false);
        if (activeAssociations() == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    reap(true);
}

void StorageListener::reap(bool all) {
    std::list<std::shared_ptr<Session>> finished;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto it = sessions_.begin(); it != sessions_.end();)
            if (all || (*it)->done) {
                finished.push_back(*it);
                it = sessions_.erase(it);
            } else {
                ++it;
            }
    }
    for (const auto& s : finished)
        if (s->thread.joinable()) s->thread.join();
}

int StorageListener::activeAssociations() const {
    std::lock_guard<std::mutex> lock(mutex_);
    int n = 0;
    for (const auto& s : sessions_)
        if (!s->done) ++n;
    return n;
}

void StorageListener::stop() {
    stopping_ = true;
    if (acceptThread_.joinable()) acceptThread_.join();
    if (network_) ASC_dropNetwork(&network_);
    network_ = nullptr;
    sharedConfig_.reset();
}

}  // namespace radlens::net
