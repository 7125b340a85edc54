#pragma once
// RemoteClient over DICOMweb (PS3.18) with Qt Network: QIDO-RS searches
// (JSON, PS3.18 Annex F), WADO-RS retrieval of a series or of single
// instances as multipart/related (application/dicom, the stored transfer
// syntax when the server allows), parsed as it arrives into the store's
// temporary files, and STOW-RS. HTTP basic or bearer authentication (the
// secret read from its file per request, never logged), HTTPS with an
// optional CA file.
//
// Threads: one thread, the one that first uses it (its network manager lives
// there); each call runs its own QEventLoop, so a QCoreApplication must exist. See RemoteClient for
// ownership and throws.

#include <map>
#include <nlohmann/json.hpp>

#include "net/RemoteClient.h"

#include <QByteArray>
#include <QSslConfiguration>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace radlens::net {

class DicomWebClient : public RemoteClient {
public:
    explicit DicomWebClient(RemoteNode node);
    ~DicomWebClient() override;

    void echo() override;
    std::vector<RemoteMatch> find(const RemoteQuery& query) override;
    TransferProgress retrieve(const RetrieveRequest& request,
                              imaging::InstanceStore& store) override;
    TransferProgress send(const std::vector<std::string>& files) override;

private:
    /// GET of a JSON resource (path below the service root, query included);
    /// `more`: the server said it left matches out (Warning 299).
    std::string getJson(const std::string& pathAndQuery, const std::string& what,
                        bool* more = nullptr);
    /// A QIDO-RS search, page after page (offset) while the server says there
    /// are more. `query`: encoded, without '?'.
    nlohmann::json search(const std::string& path, const std::string& query,
                          const std::string& what);
    /// GET of a multipart resource (a series or an instance) into the store.
    void getInstances(const std::string& path, imaging::InstanceStore& store,
                      TransferProgress& progress);
    QNetworkRequest request(const std::string& pathAndQuery);
    QNetworkAccessManager& manager();
    std::string describe(QNetworkReply& reply, const std::string& what) const;

    bool anySyntax_ = true;  ///< ask for the stored transfer syntax (transfer-syntax=*)
    std::unique_ptr<QNetworkAccessManager> manager_;
    bool prepared_ = false;
    QByteArray authorization_;  ///< never logged
    QSslConfiguration ssl_;
};

}  // namespace radlens::net
