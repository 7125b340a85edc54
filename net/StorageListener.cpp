#include "net/StorageListener.h"

// clang-format off
#include <dcmtk/config/osconfig.h>
// clang-format on
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/scp.h>

#include <algorithm>
#include <filesystem>

#include "imaging/InstanceStore.h"
#include "net/RemoteClient.h"
#include "net/TransferSyntaxes.h"

namespace radlens::net {

class StorageListener::Scp : public DcmSCP {
public:
    explicit Scp(StorageListener& owner) : owner_(owner) {}

    void setStore(imaging::InstanceStore* store) { store_ = store; }

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
        if (message->CommandField != DIMSE_C_STORE_RQ || !store_)
            return DcmSCP::handleIncomingCommand(message, info);
        T_DIMSE_C_StoreRQ& request = message->msg.CStoreRQ;
        const T_ASC_PresentationContextID presId = info.presentationContextID;
        const std::string temp = store_->tempPath();
        OFCondition cond = receiveSTORERequest(request, presId, OFString(temp.c_str()));
        if (cond.bad()) {
            std::error_code ec;
            std::filesystem::remove(temp, ec);
            if (owner_.failed_) owner_.failed_(std::string("receiving failed: ") + cond.text());
            return cond;
        }
        const imaging::InstanceStore::Committed c = store_->commit(temp);
        Uint16 status = STATUS_Success;
        if (c.ok) {
            store_->flush();  // indexed before it is acknowledged
            if (owner_.stored_) owner_.stored_(c.info, getPeerAETitle().c_str());
        } else {
            status = STATUS_STORE_Error_CannotUnderstand;
            if (owner_.failed_)
                owner_.failed_(std::string(request.AffectedSOPInstanceUID) + ": " + c.reason);
        }
        return sendSTOREResponse(presId, request, status);
    }

    OFBool stopAfterConnectionTimeout() override { return owner_.stopping_.load(); }
    OFBool stopAfterCurrentAssociation() override { return owner_.stopping_.load(); }

private:
    StorageListener& owner_;
    imaging::InstanceStore* store_ = nullptr;
};

StorageListener::StorageListener(Options options, std::string storeRoot, std::string databasePath)
    : options_(std::move(options)),
      storeRoot_(std::move(storeRoot)),
      databasePath_(std::move(databasePath)) {}

StorageListener::~StorageListener() { stop(); }

void StorageListener::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    scp_ = std::make_unique<Scp>(*this);
    DcmSCPConfig& config = scp_->getConfig();
    config.setAETitle(options_.aet.c_str());
    config.setPort(static_cast<Uint16>(options_.port));
    config.setConnectionBlockingMode(DUL_NOBLOCK);
    config.setConnectionTimeout(1);  // wake each second to see stop()
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
    const OFCondition cond = scp_->openListenPort();
    if (cond.bad()) {
        scp_.reset();
        throw NetworkError("cannot listen on port " + std::to_string(options_.port) + ": " +
                           cond.text());
    }
    thread_ = std::thread([this] {
        try {
            imaging::InstanceStore store(storeRoot_, databasePath_);
            scp_->setStore(&store);
            scp_->acceptAssociations();
            scp_->setStore(nullptr);
        } catch (const std::exception& e) {
            if (failed_) failed_(e.what());
        }
    });
}

void StorageListener::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    scp_.reset();
}

}  // namespace radlens::net
