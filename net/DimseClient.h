#pragma once
// RemoteClient over DIMSE with DCMTK's dcmnet: C-ECHO, C-FIND (patient root
// at patient level, study root otherwise), C-GET (our own session loop: each
// C-STORE sub-operation is received straight into the store's temporary file,
// committed, then acknowledged), C-MOVE to a StorageListener opened for the
// transfer, C-STORE through DcmStorageSCU (decompressing only when the node
// refuses the stored syntax). Optional TLS (dcmtls).
//
// Threads, ownership, throws: see RemoteClient.

#include "net/RemoteClient.h"

namespace radlens::net {

class DimseClient : public RemoteClient {
public:
    explicit DimseClient(RemoteNode node);
    ~DimseClient() override;

    void echo() override;
    std::vector<RemoteMatch> find(const RemoteQuery& query) override;
    TransferProgress retrieve(const RetrieveRequest& request,
                              imaging::InstanceStore& store) override;
    TransferProgress send(const std::vector<std::string>& files) override;

private:
    class Scu;
    /// One instance the node holds: its series, SOP instance and class UIDs.
    struct InstanceKey {
        std::string seriesUid, sopInstanceUid, sopClassUid;
    };
    /// C-FIND on an open association (one with a FIND context for the level).
    std::vector<RemoteMatch> findOn(Scu& scu, const RemoteQuery& query);
    /// The image-level listing on an open association (study root FIND).
    std::vector<InstanceKey> listOn(Scu& scu, const std::string& studyUid,
                                    const std::string& seriesUid);
};

}  // namespace radlens::net
