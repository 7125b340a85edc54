#include "net/DicomWebClient.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include "platform/JsonInput.h"

#include "imaging/InstanceStore.h"
#include "net/MultipartReader.h"
#include "net/TransferSyntaxes.h"

using nlohmann::json;

namespace radlens::net {

namespace {

constexpr qint64 kStowBatchBytes = 64ll * 1024 * 1024;

// First value of a DICOM JSON attribute (PS3.18 F.2) as text.
std::string jsonText(const json& object, const char* tag) {
    auto a = object.find(tag);
    if (a == object.end() || !a->is_object()) return "";
    auto v = a->find("Value");
    if (v == a->end() || !v->is_array() || v->empty()) return "";
    std::string out;
    for (const json& item : *v) {
        std::string one;
        if (item.is_string())
            one = item.get<std::string>();
        else if (item.is_number_integer())
            one = std::to_string(item.get<long long>());
        else if (item.is_number())
            one = std::to_string(item.get<double>());
        else if (item.is_object() && item.contains("Alphabetic") && item["Alphabetic"].is_string())
            one = item["Alphabetic"].get<std::string>();
        if (!out.empty()) out += "\\";
        out += one;
    }
    return out;
}

int jsonInt(const json& object, const char* tag) {
    try {
        const std::string t = jsonText(object, tag);
        return t.empty() ? 0 : std::stoi(t);
    } catch (const std::exception&) {
        return 0;
    }
}

json parseArray(const std::string& body, const std::string& what) {
    if (body.empty()) return json::array();  // 204 No Content: no match
    try {
        json j = platform::parseJson(body, what);
        if (!j.is_array()) throw std::runtime_error("not an array");
        return j;
    } catch (const std::exception& e) {
        throw NetworkError(what + ": the answer is not DICOM JSON (" + std::string(e.what()) + ")");
    }
}

// Runs a reply to its end in a local event loop; aborts it when cancel is set.
void wait(QNetworkReply& reply, const std::function<bool()>& cancelled) {
    if (reply.isFinished()) return;
    QEventLoop loop;
    QObject::connect(&reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &reply, [&] {
        if (cancelled()) reply.abort();
    });
    poll.start(50);
    loop.exec();
}

}  // namespace

DicomWebClient::DicomWebClient(RemoteNode node) : RemoteClient(std::move(node)) {}

DicomWebClient::~DicomWebClient() = default;

QNetworkAccessManager& DicomWebClient::manager() {
    // One per client, made on first use in the thread that uses the client:
    // its connections are kept alive from one request to the next.
    if (!manager_) manager_ = std::make_unique<QNetworkAccessManager>();
    return *manager_;
}

QNetworkRequest DicomWebClient::request(const std::string& pathAndQuery) {
    if (!prepared_) {  // the secret and the CA file are read once per client
        if (!node_.tokenFile.empty()) {
            authorization_ =
                "Bearer " + QByteArray::fromStdString(RemoteNode::readSecret(node_.tokenFile));
        } else if (!node_.user.empty()) {
            const std::string password = node_.passwordFile.empty()
                                             ? std::string()
                                             : RemoteNode::readSecret(node_.passwordFile);
            authorization_ =
                "Basic " + QByteArray::fromStdString(node_.user + ":" + password).toBase64();
        }
        ssl_ = QSslConfiguration::defaultConfiguration();
        if (!node_.caFile.empty()) {
            const QList<QSslCertificate> cas =
                QSslCertificate::fromPath(QString::fromStdString(node_.caFile));
            if (cas.isEmpty())
                throw NetworkError("cannot read a certificate from the CA file " + node_.caFile);
            ssl_.addCaCertificates(cas);
        }
        prepared_ = true;
    }
    QNetworkRequest r(QUrl(QString::fromStdString(node_.url + pathAndQuery)));
    r.setTransferTimeout(node_.timeoutSeconds * 1000);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                   QNetworkRequest::NoLessSafeRedirectPolicy);
    r.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Radlens"));
    if (!authorization_.isEmpty()) r.setRawHeader("Authorization", authorization_);
    r.setSslConfiguration(ssl_);
    return r;
}

std::string DicomWebClient::describe(QNetworkReply& reply, const std::string& what) const {
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    std::string where = node_.url;
    if (status == 401 || status == 403)
        return what + ": " + where + " refused our credentials (HTTP " + std::to_string(status) +
               ")";
    if (status >= 400)
        return what + ": " + where + " answered HTTP " + std::to_string(status) + " " +
               reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toStdString();
    switch (reply.error()) {
        case QNetworkReply::ConnectionRefusedError:
            return what + ": cannot connect to " + where + " (connection refused)";
        case QNetworkReply::HostNotFoundError:
            return what + ": host not found: " + where;
        case QNetworkReply::TimeoutError:
        case QNetworkReply::OperationCanceledError:
            return what + ": " + where + " stopped answering (nothing within " +
                   std::to_string(node_.timeoutSeconds) + " s)";
        case QNetworkReply::RemoteHostClosedError:
            return what + ": " + where + " closed the connection";
        case QNetworkReply::SslHandshakeFailedError:
            return what + ": TLS with " + where + " failed (certificate not trusted?)";
        default:
            return what + ": " + where + ": " + reply.errorString().toStdString();
    }
}

std::string DicomWebClient::getJson(const std::string& pathAndQuery, const std::string& what,
                                    bool* more) {
    QNetworkRequest r = request(pathAndQuery);
    r.setRawHeader("Accept", "application/dicom+json, application/json");
    std::unique_ptr<QNetworkReply> reply(manager().get(r));
    wait(*reply, [this] { return cancelled(); });
    throwIfCancelled();
    if (reply->error() != QNetworkReply::NoError) throw NetworkError(describe(*reply, what));
    // PS3.18 8.3.4.4: a server that returns fewer matches than it has says so
    // with a "Warning: 299 ..." header.
    if (more) *more = reply->rawHeader("Warning").trimmed().startsWith("299");
    return reply->readAll().toStdString();
}

json DicomWebClient::search(const std::string& path, const std::string& query,
                            const std::string& what) {
    json all = json::array();
    for (int page = 0; page < 10000; ++page) {
        bool more = false;
        const std::string offset =
            all.empty() ? std::string() : "offset=" + std::to_string(all.size());
        std::string q = query;
        if (!offset.empty()) q += (q.empty() ? "" : "&") + offset;
        const json part = parseArray(getJson(path + (q.empty() ? "" : "?" + q), what, &more), what);
        for (const json& o : part) all.push_back(o);
        if (!more || part.empty()) break;
    }
    return all;
}

void DicomWebClient::echo() { parseArray(getJson("/studies?limit=1", "echo"), "echo"); }

std::vector<RemoteMatch> DicomWebClient::find(const RemoteQuery& query) {
    checkQuery(query);
    QUrlQuery q;
    auto add = [&](const char* key, const std::string& value) {
        if (!value.empty()) q.addQueryItem(QString::fromLatin1(key), QString::fromStdString(value));
    };
    std::string path;
    if (query.level == QueryLevel::Series) {
        path = "/studies/" + query.studyUid + "/series";
        add("Modality", query.modality);
        add("includefield", "0008103E,00200011,00201209");
    } else {
        path = "/studies";
        add("StudyInstanceUID", query.studyUid);
        add("PatientID", query.patientId);
        add("PatientName", query.patientName);
        add("AccessionNumber", query.accession);
        add("StudyDate", query.studyDate);
        add("ModalitiesInStudy", query.modality);
        add("includefield", "00081030,00080061,00201208");
    }
    const std::string encoded = q.toString(QUrl::FullyEncoded).toStdString();
    const json answer = search(path, encoded, "find");
    std::vector<RemoteMatch> matches;
    std::set<std::pair<std::string, std::string>> patients;
    for (const json& o : answer) {
        RemoteMatch m;
        m.level = query.level;
        m.patientId = jsonText(o, "00100020");
        m.patientName = jsonText(o, "00100010");
        if (query.level == QueryLevel::Patient) {
            if (!patients.insert({m.patientId, m.patientName}).second) continue;
            matches.push_back(std::move(m));
            continue;
        }
        m.studyUid = jsonText(o, "0020000D");
        m.studyDate = jsonText(o, "00080020");
        m.accession = jsonText(o, "00080050");
        m.description = jsonText(o, "00081030");
        m.modalities = splitValues(jsonText(o, "00080061"));
        m.studyInstances = jsonInt(o, "00201208");
        if (query.level == QueryLevel::Series) {
            if (m.studyUid.empty()) m.studyUid = query.studyUid;
            m.seriesUid = jsonText(o, "0020000E");
            m.modality = jsonText(o, "00080060");
            m.number = jsonInt(o, "00200011");
            m.seriesDescription = jsonText(o, "0008103E");
            m.instances = jsonInt(o, "00201209");
        }
        matches.push_back(std::move(m));
    }
    return matches;
}

void DicomWebClient::getInstances(const std::string& path, imaging::InstanceStore& store,
                                  TransferProgress& progress) {
    QNetworkRequest r = request(path);
    // As stored (no transcoding) when the server allows; else its default.
    r.setRawHeader("Accept",
                   anySyntax_ ? "multipart/related; type=\"application/dicom\"; transfer-syntax=*"
                              : "multipart/related; type=\"application/dicom\"");
    std::unique_ptr<QNetworkReply> reply(manager().get(r));

    std::unique_ptr<MultipartReader> reader;
    std::FILE* part = nullptr;
    std::string partPath;
    std::string failure;
    auto dropPart = [&] {
        if (part) std::fclose(part);
        part = nullptr;
        if (!partPath.empty()) {
            std::error_code ec;
            std::filesystem::remove(partPath, ec);
        }
        partPath.clear();
    };
    auto onBegin = [&](const MultipartReader::Headers&) {
        dropPart();
        partPath = store.tempPath();
        part = std::fopen(partPath.c_str(), "wb");
        if (!part) failure = "cannot write " + partPath;
    };
    auto onData = [&](const char* data, std::size_t size) {
        if (part && std::fwrite(data, 1, size, part) != size) failure = "cannot write " + partPath;
    };
    auto onEnd = [&] {
        if (!part) return;
        const bool closed = std::fclose(part) == 0;
        part = nullptr;
        if (!closed) {
            failure = "cannot write " + partPath;
            return;
        }
        const imaging::InstanceStore::Committed c = store.commit(partPath);
        partPath.clear();
        if (c.ok) {
            ++progress.done;
            stored(c.info);
        } else {
            ++progress.failed;
            progress.errors.push_back("part " + std::to_string(reader->partCount()) + ": " +
                                      c.reason);
        }
        report(progress);
    };
    auto pump = [&] {
        if (!failure.empty()) return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 300) return;  // an error page: read at the end
        if (!reader) {
            const std::string type = reply->rawHeader("Content-Type").toStdString();
            if (MultipartReader::mediaTypeOf(type) != "multipart/related") {
                failure = "the server answered " + type + ", not multipart/related";
                reply->abort();
                return;
            }
            try {
                reader = std::make_unique<MultipartReader>(MultipartReader::boundaryOf(type));
            } catch (const std::exception& e) {
                failure = e.what();
                reply->abort();
                return;
            }
            reader->setHandlers(onBegin, onData, onEnd);
        }
        const QByteArray bytes = reply->readAll();
        try {
            reader->feed(bytes.constData(), static_cast<std::size_t>(bytes.size()));
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (!failure.empty()) reply->abort();
    };
    QObject::connect(reply.get(), &QNetworkReply::readyRead, reply.get(), pump);
    wait(*reply, [this] { return cancelled(); });
    pump();
    store.flush();
    if (cancelled()) {
        dropPart();
        throw Cancelled();
    }
    if (!failure.empty()) {
        dropPart();
        throw NetworkError("retrieve: " + node_.url + path + ": " + failure);
    }
    if (reply->error() != QNetworkReply::NoError) {
        dropPart();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (anySyntax_ && !reader && (status == 406 || status == 400)) {
            // A server that does not take "transfer-syntax=*": ask for its default.
            anySyntax_ = false;
            getInstances(path, store, progress);
            return;
        }
        throw NetworkError(describe(*reply, "retrieve") + " after " +
                           std::to_string(progress.done) + " instances");
    }
    try {
        if (!reader) throw std::runtime_error("empty answer");
        reader->finish();
    } catch (const std::exception& e) {
        dropPart();
        throw NetworkError("retrieve: " + node_.url + path + ": the answer was cut (" + e.what() +
                           ")");
    }
}

TransferProgress DicomWebClient::retrieve(const RetrieveRequest& request,
                                          imaging::InstanceStore& store) {
    if (request.studyUid.empty()) throw std::invalid_argument("retrieve needs a study UID");
    TransferProgress progress;
    std::vector<std::string> series;
    if (!request.seriesUid.empty()) {
        series.push_back(request.seriesUid);
    } else {
        RemoteQuery q;
        q.level = QueryLevel::Series;
        q.studyUid = request.studyUid;
        for (const RemoteMatch& m : find(q)) series.push_back(m.seriesUid);
        if (series.empty())
            throw NetworkError("retrieve: " + node_.url + " holds no series of study " +
                               request.studyUid);
    }
    // The instances of each series (QIDO), against what the store holds.
    std::map<std::string, std::vector<std::string>> missing;
    std::map<std::string, std::size_t> sizes;
    for (const std::string& s : series) {
        const std::string base = "/studies/" + request.studyUid + "/series/" + s;
        const json list = search(base + "/instances", "includefield=00080018", "retrieve");
        const std::set<std::string> held =
            request.resume ? store.heldInstances(s) : std::set<std::string>{};
        sizes[s] = list.size();
        progress.total += static_cast<int>(list.size());
        for (const json& o : list) {
            const std::string uid = jsonText(o, "00080018");
            if (uid.empty()) continue;
            if (held.count(uid))
                ++progress.skipped;
            else
                missing[s].push_back(uid);
        }
    }
    if (progress.total == 0)
        throw NetworkError("retrieve: " + node_.url + " holds no instance of study " +
                           request.studyUid);
    report(progress);
    for (const auto& [s, uids] : missing) {
        const std::string base = "/studies/" + request.studyUid + "/series/" + s;
        if (uids.size() == sizes[s]) {
            getInstances(base, store, progress);
        } else {
            for (const std::string& uid : uids) {
                throwIfCancelled();
                getInstances(base + "/instances/" + uid, store, progress);
            }
        }
    }
    report(progress);
    return progress;
}

TransferProgress DicomWebClient::send(const std::vector<std::string>& files) {
    TransferProgress progress;
    progress.total = static_cast<int>(files.size());
    const std::string boundary = "radlens-" + std::to_string(QDateTime::currentMSecsSinceEpoch());
    std::size_t next = 0;
    while (next < files.size()) {
        throwIfCancelled();
        // One request per batch of files up to kStowBatchBytes.
        QByteArray body;
        int inBatch = 0;
        while (next < files.size() && (inBatch == 0 || body.size() < kStowBatchBytes)) {
            QFile f(QString::fromStdString(files[next]));
            if (!f.open(QIODevice::ReadOnly)) {
                ++progress.failed;
                progress.errors.push_back(files[next] + ": cannot read");
                ++next;
                continue;
            }
            body += "--" + QByteArray::fromStdString(boundary) +
                    "\r\nContent-Type: application/dicom\r\n\r\n";
            body += f.readAll();
            body += "\r\n";
            ++inBatch;
            ++next;
        }
        if (inBatch == 0) continue;
        body += "--" + QByteArray::fromStdString(boundary) + "--\r\n";
        QNetworkRequest r = request("/studies");
        r.setRawHeader("Content-Type",
                       QByteArray::fromStdString(
                           "multipart/related; type=\"application/dicom\"; boundary=" + boundary));
        r.setRawHeader("Accept", "application/dicom+json, application/json");
        std::unique_ptr<QNetworkReply> reply(manager().post(r, body));
        wait(*reply, [this] { return cancelled(); });
        throwIfCancelled();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const std::string answer = reply->readAll().toStdString();
        if (reply->error() != QNetworkReply::NoError && status != 409 && status != 202)
            throw NetworkError(describe(*reply, "send") + " after " +
                               std::to_string(progress.done) + " of " +
                               std::to_string(progress.total) + " instances");
        int ok = 0, failed = 0;
        try {
            const json j = platform::parseJson(answer, "STOW-RS answer");
            if (auto a = j.find("00081199"); a != j.end() && a->contains("Value"))
                ok = static_cast<int>((*a)["Value"].size());
            if (auto a = j.find("00081198"); a != j.end() && a->contains("Value"))
                failed = static_cast<int>((*a)["Value"].size());
        } catch (const std::exception&) {
            if (status == 200) ok = inBatch;
        }
        if (ok + failed < inBatch && status == 200) ok = inBatch - failed;
        if (ok + failed < inBatch) failed = inBatch - ok;
        progress.done += ok;
        progress.failed += failed;
        if (failed > 0)
            progress.errors.push_back(std::to_string(failed) + " instance(s) refused by " +
                                      node_.url + " (HTTP " + std::to_string(status) + ")");
        report(progress);
    }
    return progress;
}

}  // namespace radlens::net
