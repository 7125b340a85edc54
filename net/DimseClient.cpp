#include "net/DimseClient.h"

// clang-format off
#include <dcmtk/config/osconfig.h>
// clang-format on
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/dstorscu.h>
#include <dcmtk/dcmnet/scu.h>
#include <dcmtk/dcmtls/tlslayer.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "imaging/DicomHeaderReader.h"
#include "imaging/InstanceStore.h"
#include "net/StorageListener.h"
#include "net/TransferSyntaxes.h"

namespace radlens::net {

namespace {

constexpr Uint32 kMaxPdu = 65536;
constexpr std::size_t kUidsPerRequest = 100;

std::string trimmed(const OFString& s) {
    std::string t = s.c_str();
    while (!t.empty() && (t.back() == ' ' || t.back() == '\0')) t.pop_back();
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
    return t;
}

std::string text(DcmItem* item, const DcmTagKey& tag) {
    OFString value;
    if (item && item->findAndGetOFStringArray(tag, value).good()) return trimmed(value);
    return "";
}

int number(DcmItem* item, const DcmTagKey& tag) {
    const std::string t = text(item, tag);
    try {
        return t.empty() ? 0 : std::stoi(t);
    } catch (const std::exception&) {
        return 0;
    }
}

OFList<OFString> ofList(const std::vector<std::string>& v) {
    OFList<OFString> l;
    for (const std::string& s : v) l.push_back(s.c_str());
    return l;
}

// What a failed DIMSE call means to a person.
std::string explain(const RemoteNode& node, const OFCondition& cond, const std::string& what) {
    const std::string where = node.calledAet + "@" + node.host + ":" + std::to_string(node.port);
    if (cond == DUL_ASSOCIATIONREJECTED)
        return what + ": " + where +
               " refused the association; check that it knows our AE title \"" + node.callingAet() +
               "\" and that its AE title is \"" + node.calledAet + "\"";
    if (cond == DIMSE_NODATAAVAILABLE || cond == DUL_READTIMEOUT)
        return what + ": " + where + " stopped answering (no reply within " +
               std::to_string(node.timeoutSeconds) + " s)";
    if (cond == DUL_PEERABORTEDASSOCIATION || cond == DUL_PEERREQUESTEDRELEASE)
        return what + ": " + where + " closed the connection";
    if (cond == DIMSE_READPDVFAILED || cond == DUL_NETWORKCLOSED)
        return what + ": the connection to " + where + " was cut";
    if (cond == NET_EC_NoAcceptablePresentationContexts ||
        cond == NET_EC_NoPresentationContextsDefined)
        return what + ": " + where + " accepted none of the services we proposed";
    return what + ": " + where + ": " + cond.text();
}

// A TLS layer that trusts the node's CA file (else the system's certificates)
// and requires the peer's certificate. Throws NetworkError.
std::unique_ptr<DcmTLSTransportLayer> makeTls(const RemoteNode& node, const std::string& what) {
    auto tls = std::make_unique<DcmTLSTransportLayer>(NET_REQUESTOR, nullptr, OFTrue);
    // The system's trust store is OpenSSL's hashed folder (DCMTK 3.6.7 has no
    // call for it).
    OFCondition cond = node.caFile.empty()
                           ? tls->addTrustedCertificateDir("/etc/ssl/certs", DCF_Filetype_PEM)
                           : tls->addTrustedCertificateFile(node.caFile.c_str(), DCF_Filetype_PEM);
    if (cond.bad() && !node.caFile.empty())
        throw NetworkError(what + ": cannot read the CA file " + node.caFile);
    tls->setCertificateVerification(DCV_requireCertificate);
    cond = tls->setTLSProfile(TSP_Profile_BCP195);
    if (cond.good()) cond = tls->activateCipherSuites();
    if (cond.bad()) throw NetworkError(what + ": TLS: " + cond.text());
    return tls;
}

const char* statusName(Uint16 status) {
    if (status == STATUS_Success) return "success";
    if (status == STATUS_Pending || status == STATUS_FIND_Pending_WarningUnsupportedOptionalKeys)
        return "pending";
    if (status == STATUS_GET_Cancel_SubOperationsTerminatedDueToCancelIndication)
        return "cancelled";
    if ((status & 0xf000) == 0xb000) return "warning";
    return "failure";
}

}  // namespace

// -----------------------------------------------------------------------------

class DimseClient::Scu : public DcmSCU {
public:
    Scu(DimseClient& client) : client_(client) {
        const RemoteNode& n = client.node();
        setAETitle(n.callingAet().c_str());
        setPeerHostName(n.host.c_str());
        setPeerPort(static_cast<Uint16>(n.port));
        setPeerAETitle(n.calledAet.c_str());
        setConnectionTimeout(n.timeoutSeconds);
        setACSETimeout(static_cast<Uint32>(n.timeoutSeconds));
        setDIMSETimeout(static_cast<Uint32>(n.timeoutSeconds));
        setDIMSEBlockingMode(DIMSE_NONBLOCKING);
        setMaxReceivePDULength(kMaxPdu);
        setProgressNotificationMode(OFFalse);
        setStorageMode(DCMSCU_STORAGE_BIT_PRESERVING);
    }

    void addContext(const std::string& abstractSyntax, const std::vector<std::string>& syntaxes,
                    T_ASC_SC_ROLE role = ASC_SC_ROLE_DEFAULT) {
        addPresentationContext(abstractSyntax.c_str(), ofList(syntaxes), role);
    }

    /// Opens the association (TLS when the node says so). Throws NetworkError.
    void connect(const std::string& what) {
        const RemoteNode& n = client_.node();
        if (const std::string why = RemoteNode::checkAet(n.calledAet); !why.empty())
            throw NetworkError(why);
        if (const std::string why = RemoteNode::checkAet(n.callingAet()); !why.empty())
            throw NetworkError(why);
        OFCondition cond = initNetwork();
        if (cond.bad()) throw NetworkError(explain(n, cond, what));
        if (n.tls) {
            tls_ = makeTls(n, what);
            cond = useSecureConnection(tls_.get());
            if (cond.bad()) throw NetworkError(what + ": TLS: " + cond.text());
        }
        cond = negotiateAssociation();
        if (cond.bad()) throw NetworkError(explain(n, cond, what));
    }

    void close(bool abort) {
        if (!isConnected()) return;
        if (abort)
            abortAssociation();
        else
            releaseAssociation();
    }

    T_ASC_PresentationContextID contextFor(const char* abstractSyntax, const std::string& what) {
        const T_ASC_PresentationContextID id = findAnyPresentationContextID(abstractSyntax, "");
        if (id == 0)
            throw NetworkError(what + ": " + client_.node().calledAet + " did not accept " +
                               dcmFindNameOfUID(abstractSyntax, abstractSyntax));
        return id;
    }

    // --- retrieval state (C-GET into the store; C-MOVE progress) ---
    imaging::InstanceStore* store = nullptr;
    TransferProgress* progress = nullptr;
    Uint16 finalStatus = 0;
    bool cancelled = false;
    std::function<void()> drainMoved;  ///< C-MOVE: hand on what the listener stored

protected:
    OFCondition handleCGETSession(const T_ASC_PresentationContextID, DcmDataset*,
                                  OFList<RetrieveResponse*>*) override {
        OFCondition result = EC_Normal;
        bool more = true;
        while (more) {
            if (client_.cancelled()) {
                cancelled = true;
                return result;
            }
            T_DIMSE_Message message;
            std::memset(&message, 0, sizeof message);
            DcmDataset* detail = nullptr;
            T_ASC_PresentationContextID pcid = 0;
            result = receiveDIMSECommand(&pcid, &message, &detail, nullptr);
            delete detail;
            if (result.bad()) return result;
            if (message.CommandField == DIMSE_C_GET_RSP) {
                const T_DIMSE_C_GetRSP& r = message.msg.CGetRSP;
                finalStatus = r.DimseStatus;
                if (r.DimseStatus != STATUS_Pending) {
                    more = false;
                } else if (progress && (r.opts & O_GET_NUMBEROFREMAININGSUBOPERATIONS)) {
                    progress->total = std::max(
                        progress->total, progress->done + progress->failed + progress->skipped +
                                             r.NumberOfRemainingSubOperations);
                }
            } else if (message.CommandField == DIMSE_C_STORE_RQ) {
                T_DIMSE_C_StoreRQ& request = message.msg.CStoreRQ;
                const std::string temp = store->tempPath();
                result = handleSTORERequestFile(&pcid, temp.c_str(), &request);
                if (result.bad()) return result;  // the connection failed; the file is gone
                Uint16 status = STATUS_Success;
                const imaging::InstanceStore::Committed c = store->commit(temp);
                if (c.ok) {
                    ++progress->done;
                    client_.stored(c.info);
                } else {
                    status = STATUS_STORE_Error_CannotUnderstand;
                    ++progress->failed;
                    progress->errors.push_back(std::string(request.AffectedSOPInstanceUID) + ": " +
                                               c.reason);
                }
                client_.report(*progress);
                result = sendSTOREResponse(pcid, status, request);
                if (result.bad()) return result;
            } else {
                return DIMSE_BADCOMMANDTYPE;
            }
        }
        return result;
    }

    OFCondition handleMOVEResponse(const T_ASC_PresentationContextID, RetrieveResponse* response,
                                   OFBool& waitForNextResponse) override {
        waitForNextResponse = OFFalse;
        if (!response) return DIMSE_NULLKEY;
        finalStatus = response->m_status;
        if (drainMoved) drainMoved();
        if (response->m_status == STATUS_Pending) {
            if (progress)
                progress->total = std::max(progress->total,
                                           progress->done + progress->failed + progress->skipped +
                                               response->m_numberOfRemainingSubops);
            if (client_.cancelled()) {
                cancelled = true;
                return EC_Normal;
            }
            waitForNextResponse = OFTrue;
        }
        return EC_Normal;
    }

private:
    DimseClient& client_;
    std::unique_ptr<DcmTLSTransportLayer> tls_;
};

// -----------------------------------------------------------------------------

DimseClient::DimseClient(RemoteNode node) : RemoteClient(std::move(node)) {
    imaging::DicomHeaderReader::silenceDcmtkLog();
}

DimseClient::~DimseClient() = default;

void DimseClient::echo() {
    Scu scu(*this);
    scu.addContext(UID_VerificationSOPClass, uncompressedTransferSyntaxes());
    scu.connect("echo");
    const OFCondition cond = scu.sendECHORequest(0);
    scu.close(cond.bad());
    if (cond.bad()) throw NetworkError(explain(node_, cond, "echo"));
}

std::vector<RemoteMatch> DimseClient::find(const RemoteQuery& query) {
    checkQuery(query);
    const bool patientRoot = query.level == QueryLevel::Patient;
    const char* model = patientRoot ? UID_FINDPatientRootQueryRetrieveInformationModel
                                    : UID_FINDStudyRootQueryRetrieveInformationModel;
    Scu scu(*this);
    scu.addContext(model, uncompressedTransferSyntaxes());
    scu.connect("find");
    std::vector<RemoteMatch> matches;
    try {
        matches = findOn(scu, query);
    } catch (const NetworkError&) {
        scu.close(true);
        throw;
    }
    scu.close(false);
    return matches;
}

std::vector<RemoteMatch> DimseClient::findOn(Scu& scu, const RemoteQuery& query) {
    const char* model = query.level == QueryLevel::Patient
                            ? UID_FINDPatientRootQueryRetrieveInformationModel
                            : UID_FINDStudyRootQueryRetrieveInformationModel;
    DcmDataset keys;
    keys.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    keys.putAndInsertString(DCM_QueryRetrieveLevel, query.level == QueryLevel::Patient ? "PATIENT"
                                                    : query.level == QueryLevel::Study ? "STUDY"
                                                                                       : "SERIES");
    keys.putAndInsertString(DCM_PatientName, query.patientName.c_str());
    keys.putAndInsertString(DCM_PatientID, query.patientId.c_str());
    if (query.level != QueryLevel::Patient) {
        keys.putAndInsertString(DCM_StudyInstanceUID, query.studyUid.c_str());
        keys.putAndInsertString(DCM_StudyDate, query.studyDate.c_str());
        keys.putAndInsertString(DCM_AccessionNumber, query.accession.c_str());
        keys.putAndInsertString(DCM_StudyDescription, "");
    }
    if (query.level == QueryLevel::Patient) {
        keys.putAndInsertString(DCM_NumberOfPatientRelatedStudies, "");
    } else if (query.level == QueryLevel::Study) {
        keys.putAndInsertString(DCM_ModalitiesInStudy, query.modality.c_str());
        keys.putAndInsertString(DCM_NumberOfStudyRelatedInstances, "");
    } else {
        keys.putAndInsertString(DCM_SeriesInstanceUID, "");
        keys.putAndInsertString(DCM_Modality, query.modality.c_str());
        keys.putAndInsertString(DCM_SeriesNumber, "");
        keys.putAndInsertString(DCM_SeriesDescription, "");
        keys.putAndInsertString(DCM_NumberOfSeriesRelatedInstances, "");
    }

    OFList<QRResponse*> responses;
    const OFCondition cond = scu.sendFINDRequest(scu.contextFor(model, "find"), &keys, &responses);
    std::vector<RemoteMatch> matches;
    Uint16 finalStatus = 0;
    for (QRResponse* r : responses) {
        if (r->m_dataset && (r->m_status == STATUS_Pending ||
                             r->m_status == STATUS_FIND_Pending_WarningUnsupportedOptionalKeys)) {
            DcmDataset* d = r->m_dataset;
            d->convertToUTF8();
            RemoteMatch m;
            m.level = query.level;
            m.patientId = text(d, DCM_PatientID);
            m.patientName = text(d, DCM_PatientName);
            m.studyUid = text(d, DCM_StudyInstanceUID);
            m.studyDate = text(d, DCM_StudyDate);
            m.accession = text(d, DCM_AccessionNumber);
            m.description = text(d, DCM_StudyDescription);
            m.modalities = splitValues(text(d, DCM_ModalitiesInStudy));
            m.studyInstances = number(d, DCM_NumberOfStudyRelatedInstances);
            if (query.level == QueryLevel::Series) {
                m.seriesUid = text(d, DCM_SeriesInstanceUID);
                m.modality = text(d, DCM_Modality);
                m.number = number(d, DCM_SeriesNumber);
                m.seriesDescription = text(d, DCM_SeriesDescription);
                m.instances = number(d, DCM_NumberOfSeriesRelatedInstances);
            }
            matches.push_back(std::move(m));
        } else {
            finalStatus = r->m_status;
        }
        delete r;
    }
    if (cond.bad()) throw NetworkError(explain(node_, cond, "find"));
    if (std::string(statusName(finalStatus)) == "failure") {
        char hex[8];
        std::snprintf(hex, sizeof hex, "%04x", finalStatus);
        throw NetworkError("find: " + node_.calledAet + " answered with failure status 0x" + hex);
    }
    return matches;
}

std::vector<DimseClient::InstanceKey> DimseClient::listOn(Scu& scu, const std::string& studyUid,
                                                          const std::string& seriesUid) {
    std::vector<std::string> series;
    if (!seriesUid.empty()) {
        series.push_back(seriesUid);
    } else {
        RemoteQuery q;
        q.level = QueryLevel::Series;
        q.studyUid = studyUid;
        for (const RemoteMatch& m : findOn(scu, q)) series.push_back(m.seriesUid);
    }
    const char* model = UID_FINDStudyRootQueryRetrieveInformationModel;
    std::vector<InstanceKey> keys;
    for (const std::string& s : series) {
        DcmDataset q;
        q.putAndInsertString(DCM_QueryRetrieveLevel, "IMAGE");
        q.putAndInsertString(DCM_StudyInstanceUID, studyUid.c_str());
        q.putAndInsertString(DCM_SeriesInstanceUID, s.c_str());
        q.putAndInsertString(DCM_SOPInstanceUID, "");
        q.putAndInsertString(DCM_SOPClassUID, "");
        OFList<QRResponse*> responses;
        const OFCondition cond = scu.sendFINDRequest(scu.contextFor(model, "find"), &q, &responses);
        for (QRResponse* r : responses) {
            if (r->m_dataset && r->m_status != STATUS_Success) {
                InstanceKey k{s, text(r->m_dataset, DCM_SOPInstanceUID),
                              text(r->m_dataset, DCM_SOPClassUID)};
                if (!k.sopInstanceUid.empty()) keys.push_back(std::move(k));
            }
            delete r;
        }
        if (cond.bad()) throw NetworkError(explain(node_, cond, "find"));
    }
    return keys;
}

TransferProgress DimseClient::retrieve(const RetrieveRequest& request,
                                       imaging::InstanceStore& store) {
    if (request.studyUid.empty()) throw std::invalid_argument("retrieve needs a study UID");
    TransferProgress progress;

    const bool move = request.via == RetrieveRequest::Via::Move;
    const char* model = move ? UID_MOVEStudyRootQueryRetrieveInformationModel
                             : UID_GETStudyRootQueryRetrieveInformationModel;
    const char* what = move ? "retrieve (C-MOVE)" : "retrieve (C-GET)";
    // One association asks what the node holds and then retrieves it (each
    // association with a PACS costs a round of negotiation).
    auto open = [&](const std::set<std::string>& classes) {
        auto scu = std::make_unique<Scu>(*this);
        scu->addContext(UID_FINDStudyRootQueryRetrieveInformationModel,
                        uncompressedTransferSyntaxes());
        scu->addContext(model, uncompressedTransferSyntaxes());
        if (!move) {
            // One context per compressed syntax, so the node sends what it stores.
            std::size_t contexts = 2;
            for (const std::string& c : classes) {
                if (contexts + 1 > 128) break;
                scu->addContext(c, uncompressedTransferSyntaxes(), ASC_SC_ROLE_SCP);
                ++contexts;
                if (!dcmIsImageStorageSOPClassUID(c.c_str())) continue;
                for (const std::string& ts : compressedTransferSyntaxes()) {
                    if (contexts + 1 > 128) break;
                    scu->addContext(c, {ts}, ASC_SC_ROLE_SCP);
                    ++contexts;
                }
            }
        }
        scu->connect(what);
        return scu;
    };
    const std::set<std::string> common(commonStorageClasses().begin(),
                                       commonStorageClasses().end());
    std::unique_ptr<Scu> scu = open(common);

    // What the node holds, what we hold: the plan per series.
    std::vector<InstanceKey> keys;
    bool listed = true;
    try {
        keys = listOn(*scu, request.studyUid, request.seriesUid);
    } catch (const NetworkError&) {
        listed = false;  // a node without image-level C-FIND: retrieve blindly
        scu->close(true);
        scu = open(common);
    }
    if (listed && keys.empty()) {
        scu->close(false);
        throw NetworkError("retrieve: " + node_.calledAet + " holds no instance of study " +
                           request.studyUid +
                           (request.seriesUid.empty() ? "" : " series " + request.seriesUid));
    }
    std::map<std::string, std::vector<std::string>> missing;  // series -> SOP UIDs (empty: all)
    std::set<std::string> classes;
    if (listed) {
        std::map<std::string, std::set<std::string>> held;
        for (const InstanceKey& k : keys) {
            if (!held.count(k.seriesUid))
                held[k.seriesUid] =
                    request.resume ? store.heldInstances(k.seriesUid) : std::set<std::string>{};
            classes.insert(k.sopClassUid);
            if (held[k.seriesUid].count(k.sopInstanceUid))
                ++progress.skipped;
            else
                missing[k.seriesUid].push_back(k.sopInstanceUid);
        }
        progress.total = static_cast<int>(keys.size());
    } else {
        missing[request.seriesUid];  // "" = the study
    }
    report(progress);
    if (missing.empty()) {
        scu->close(false);
        return progress;
    }
    // A class we did not propose: a new association that proposes exactly
    // what the study holds.
    if (!move && std::any_of(classes.begin(), classes.end(),
                             [&](const std::string& c) { return !common.count(c); })) {
        scu->close(false);
        scu = open(classes);
    }

    std::unique_ptr<StorageListener> listener;
    std::mutex movedMutex;
    std::vector<imaging::InstanceInfo> moved;
    std::vector<std::string> movedErrors;
    if (move) {
        StorageListener::Options o;
        o.aet = node_.callingAet();
        o.port = request.movePort > 0 ? request.movePort : 11113;
        o.allowedCallers = {};  // the node may call with another AE title than its own
        o.timeoutSeconds = node_.timeoutSeconds;
        listener = std::make_unique<StorageListener>(o, store.root(), store.databasePath());
        listener->setStored([&](const imaging::InstanceInfo& info, const std::string&) {
            std::lock_guard<std::mutex> lock(movedMutex);
            moved.push_back(info);
        });
        listener->setFailed([&](const std::string& reason) {
            std::lock_guard<std::mutex> lock(movedMutex);
            movedErrors.push_back(reason);
        });
        listener->start();
        scu->drainMoved = [&] {
            std::vector<imaging::InstanceInfo> infos;
            std::vector<std::string> errors;
            {
                std::lock_guard<std::mutex> lock(movedMutex);
                infos.swap(moved);
                errors.swap(movedErrors);
            }
            for (const auto& i : infos) {
                ++progress.done;
                stored(i);
            }
            for (auto& e : errors) {
                ++progress.failed;
                progress.errors.push_back(std::move(e));
            }
            if (!infos.empty() || !errors.empty()) report(progress);
        };
    }

    scu->store = &store;
    scu->progress = &progress;
    const T_ASC_PresentationContextID ctx = scu->contextFor(model, "retrieve");

    auto run = [&](DcmDataset& q) {
        OFCondition cond;
        if (move) {
            OFList<RetrieveResponse*> responses;
            cond = scu->sendMOVERequest(ctx, node_.callingAet().c_str(), &q, &responses);
            for (RetrieveResponse* r : responses) delete r;
        } else {
            cond = scu->sendCGETRequest(ctx, &q, nullptr);
        }
        if (scu->cancelled) {
            scu->close(true);
            if (listener) listener->stop();
            throw Cancelled();
        }
        if (cond.bad()) {
            scu->close(true);
            if (listener) listener->stop();
            store.flush();
            throw NetworkError(explain(node_, cond, "retrieve") + " after " +
                               std::to_string(progress.done) + " of " +
                               std::to_string(progress.total) + " instances");
        }
        const std::string s = statusName(scu->finalStatus);
        if (s == "failure" && progress.done == 0) {
            scu->close(false);
            if (listener) listener->stop();
            char hex[8];
            std::snprintf(hex, sizeof hex, "%04x", scu->finalStatus);
            throw NetworkError("retrieve: " + node_.calledAet + " answered with failure status 0x" +
                               hex +
                               (move ? " (does it know our AE title \"" + node_.callingAet() +
                                           "\" as a move destination?)"
                                     : std::string()));
        }
    };

    for (const auto& entry : missing) {
        // Named references, not structured bindings: C++17 lambdas cannot capture those (clang).
        const std::string& series = entry.first;
        const auto& uids = entry.second;
        throwIfCancelled();
        if (uids.empty() || (listed && static_cast<int>(uids.size()) ==
                                           static_cast<int>(std::count_if(
                                               keys.begin(), keys.end(), [&](const InstanceKey& k) {
                                                   return k.seriesUid == series;
                                               })))) {
            DcmDataset q;
            q.putAndInsertString(DCM_QueryRetrieveLevel, series.empty() ? "STUDY" : "SERIES");
            q.putAndInsertString(DCM_StudyInstanceUID, request.studyUid.c_str());
            if (!series.empty()) q.putAndInsertString(DCM_SeriesInstanceUID, series.c_str());
            run(q);
        } else {
            for (std::size_t i = 0; i < uids.size(); i += kUidsPerRequest) {
                std::string list;
                for (std::size_t j = i; j < std::min(uids.size(), i + kUidsPerRequest); ++j)
                    list += (list.empty() ? "" : "\\") + uids[j];
                DcmDataset q;
                q.putAndInsertString(DCM_QueryRetrieveLevel, "IMAGE");
                q.putAndInsertString(DCM_StudyInstanceUID, request.studyUid.c_str());
                q.putAndInsertString(DCM_SeriesInstanceUID, series.c_str());
                q.putAndInsertString(DCM_SOPInstanceUID, list.c_str());
                run(q);
            }
        }
    }
    scu->close(false);
    if (listener) {
        listener->stop();
        scu->drainMoved();
    }
    store.flush();
    if (progress.total < progress.done + progress.failed + progress.skipped)
        progress.total = progress.done + progress.failed + progress.skipped;
    report(progress);
    return progress;
}

// -----------------------------------------------------------------------------

namespace {

class StoreScu : public DcmStorageSCU {
public:
    /// `sent(file, status)` after each C-STORE response.
    using Sent = std::function<void(const std::string&, Uint16)>;
    StoreScu(std::function<bool()> cancelled, Sent sent)
        : cancelled_(std::move(cancelled)), sent_(std::move(sent)) {}

    OFCondition secure(DcmTransportLayer* layer) { return useSecureConnection(layer); }

protected:
    void notifySOPInstanceSent(const TransferEntry& entry) override {
        sent_(entry.Filename.getCharPointer() ? entry.Filename.getCharPointer() : "",
              entry.ResponseStatusCode);
    }
    OFBool shouldStopAfterCurrentSOPInstance() override { return cancelled_(); }

private:
    std::function<bool()> cancelled_;
    Sent sent_;
};

}  // namespace

TransferProgress DimseClient::send(const std::vector<std::string>& files) {
    TransferProgress progress;
    progress.total = static_cast<int>(files.size());
    StoreScu scu([this] { return cancelled(); },
                 [&](const std::string& file, Uint16 status) {
                     if (status == STATUS_Success || (status & 0xf000) == 0xb000) {
                         ++progress.done;
                     } else {
                         ++progress.failed;
                         char hex[8];
                         std::snprintf(hex, sizeof hex, "%04x", status);
                         progress.errors.push_back(file + ": refused (status 0x" + hex + ")");
                     }
                     report(progress);
                 });
    const RemoteNode& n = node_;
    scu.setAETitle(n.callingAet().c_str());
    scu.setPeerHostName(n.host.c_str());
    scu.setPeerPort(static_cast<Uint16>(n.port));
    scu.setPeerAETitle(n.calledAet.c_str());
    scu.setConnectionTimeout(n.timeoutSeconds);
    scu.setACSETimeout(static_cast<Uint32>(n.timeoutSeconds));
    scu.setDIMSETimeout(static_cast<Uint32>(n.timeoutSeconds));
    scu.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    scu.setMaxReceivePDULength(kMaxPdu);
    scu.setProgressNotificationMode(OFFalse);
    scu.setDecompressionMode(DcmStorageSCU::DM_losslessOnly);
    scu.setHaltOnInvalidFileMode(OFFalse);
    for (const std::string& f : files) {
        const OFCondition cond = scu.addDicomFile(f.c_str(), ERM_fileOnly, OFTrue);
        if (cond.bad()) {
            ++progress.failed;
            progress.errors.push_back(f + ": not a DICOM file we can send (" + cond.text() + ")");
        }
    }
    report(progress);
    if (scu.getNumberOfSOPInstances() == 0) return progress;
    // As DCMTK's dcmsend: one association per set of (up to 128) contexts.
    std::unique_ptr<DcmTLSTransportLayer> tls;
    OFCondition cond;
    while ((cond = scu.addPresentationContexts()).good()) {
        cond = scu.initNetwork();
        if (cond.good() && n.tls) {
            tls = makeTls(n, "send");
            cond = scu.secure(tls.get());
        }
        if (cond.bad()) break;
        cond = scu.negotiateAssociation();
        if (cond == NET_EC_NoAcceptablePresentationContexts) continue;  // the rest may go
        if (cond.bad()) break;
        cond = scu.sendSOPInstances();
        if (cond.bad()) {
            scu.closeAssociation(DCMSCU_ABORT_ASSOCIATION);
            break;
        }
        scu.releaseAssociation();
        if (cancelled()) throw Cancelled();
    }
    if (cancelled()) throw Cancelled();
    if (cond.bad() && cond != NET_EC_NoPresentationContextsDefined &&
        cond != NET_EC_NoAcceptablePresentationContexts && cond != NET_EC_NoSOPInstancesToSend)
        throw NetworkError(explain(n, cond, "send") + " after " + std::to_string(progress.done) +
                           " of " + std::to_string(progress.total) + " instances");
    const int unanswered = progress.total - progress.done - progress.failed;
    if (unanswered > 0) {
        progress.failed += unanswered;
        progress.errors.push_back(std::to_string(unanswered) + " instance(s) not accepted by " +
                                  n.calledAet + " (it refused their SOP class or transfer syntax)");
        report(progress);
    }
    return progress;
}

}  // namespace radlens::net
