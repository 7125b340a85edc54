#include "app/NetworkCommands.h"

#include <unistd.h>
#include <QCoreApplication>
#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/CliSupport.h"
#include "imaging/Database.h"
#include "imaging/InstanceStore.h"
#include "net/NodeList.h"
#include "net/RemoteClient.h"

using nlohmann::json;

namespace radlens::cli {

namespace {

std::atomic<bool> gCancel{false};

void onSignal(int) { gCancel = true; }

// Ctrl+C cancels the transfer cleanly (what is stored stays, indexed).
struct CancelOnSignal {
    CancelOnSignal() {
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    ~CancelOnSignal() {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    }
};

int parsePort(const std::string& text) {
    try {
        return net::RemoteNode::parsePort(text);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--port: ") + e.what());
    }
}

json nodeJson(const net::RemoteNode& n) {
    json j;
    j["name"] = n.name;
    j["url"] = n.address();
    j["protocol"] = n.protocol == net::RemoteNode::Protocol::Dimse ? "dimse" : "dicomweb";
    j["aet"] = n.callingAet();
    if (!n.user.empty()) j["user"] = n.user;
    j["password_file"] = n.passwordFile;
    j["token_file"] = n.tokenFile;
    j["ca"] = n.caFile;
    if (n.protocol == net::RemoteNode::Protocol::Dimse) {
        j["via"] = n.retrieveByMove ? "move" : "get";
        j["move_port"] = n.movePort;
    }
    return j;
}

int nodeAdd(const std::vector<std::string>& args) {
    if (args.empty() || args[0].rfind("--", 0) == 0) throw UsageError("node add needs a NAME");
    std::string url, aet, user, passwordFile, tokenFile, ca, timeout, via, port;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--url")
            url = takeValue(args, i);
        else if (a == "--aet")
            aet = takeValue(args, i);
        else if (a == "--user")
            user = takeValue(args, i);
        else if (a == "--password-file")
            passwordFile = takeValue(args, i);
        else if (a == "--token-file")
            tokenFile = takeValue(args, i);
        else if (a == "--ca")
            ca = takeValue(args, i);
        else if (a == "--timeout")
            timeout = takeValue(args, i);
        else if (a == "--via")
            via = takeValue(args, i);
        else if (a == "--port")
            port = takeValue(args, i);
        else
            throw UsageError("node add: unknown option " + a);
    }
    if (url.empty()) throw UsageError("node add needs --url URL");
    if (!passwordFile.empty() && user.empty()) throw UsageError("--password-file needs --user");
    if (!tokenFile.empty() && !user.empty())
        throw UsageError("give either --user/--password-file or --token-file, not both");
    net::RemoteNode node;
    try {
        node = net::RemoteNode::parse(url);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    node.name = args[0];
    node.ourAet = aet;
    node.user = user;
    node.passwordFile = passwordFile;
    node.tokenFile = tokenFile;
    node.caFile = ca;
    if (!timeout.empty()) {
        try {
            node.timeoutSeconds = std::stoi(timeout);
        } catch (const std::exception&) {
            node.timeoutSeconds = 0;
        }
        if (node.timeoutSeconds < 1 || node.timeoutSeconds > 3600)
            throw UsageError("--timeout takes seconds from 1 to 3600");
    }
    if (!via.empty() && via != "get" && via != "move") throw UsageError("--via takes get or move");
    node.retrieveByMove = via == "move";
    if (!port.empty()) {
        node.movePort = parsePort(port);
    }
    if (node.retrieveByMove && node.protocol == net::RemoteNode::Protocol::DicomWeb)
        throw UsageError("--via move is DIMSE only");
    // The secret files must be readable now (their content is not shown).
    for (const std::string& f : {passwordFile, tokenFile})
        if (!f.empty()) {
            try {
                net::RemoteNode::readSecret(f);
            } catch (const std::exception& e) {
                throw Failure(e.what());
            }
        }
    net::NodeList list = net::NodeList::load();
    try {
        list.put(node);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    list.save();
    std::cout << "node " << node.name << ": " << node.address() << "\n";
    return 0;
}

int nodeList(const std::vector<std::string>& args) {
    bool asJson = false;
    for (const std::string& a : args) {
        if (a == "--json")
            asJson = true;
        else
            throw UsageError("node list: unknown option " + a);
    }
    const net::NodeList list = net::NodeList::load();
    if (asJson) {
        json j;
        j["nodes"] = json::array();
        for (const net::RemoteNode& n : list.nodes()) j["nodes"].push_back(nodeJson(n));
        std::cout << j.dump() << "\n";
        return 0;
    }
    for (const net::RemoteNode& n : list.nodes())
        std::cout << n.name << "\t" << n.address() << "\t" << n.callingAet()
                  << (n.user.empty() && n.tokenFile.empty() ? "" : "\t(authenticated)") << "\n";
    return 0;
}

int nodeRemove(const std::vector<std::string>& args) {
    if (args.size() != 1) throw UsageError("node remove needs exactly one NAME");
    net::NodeList list = net::NodeList::load();
    if (!list.remove(args[0])) throw Failure("no node named \"" + args[0] + "\"");
    list.save();
    return 0;
}

json matchJson(const net::RemoteMatch& m) {
    json j;
    j["level"] = net::levelName(m.level);
    j["patient_id"] = m.patientId;
    j["patient_name"] = m.patientName;
    if (m.level != net::QueryLevel::Patient) {
        j["study_uid"] = m.studyUid;
        j["study_date"] = m.studyDate;
        j["accession"] = m.accession;
        j["description"] = m.description;
        j["modalities"] = m.modalities;
    }
    if (m.level == net::QueryLevel::Series) {
        j["series_uid"] = m.seriesUid;
        j["modality"] = m.modality;
        j["number"] = m.number;
        j["instances"] = m.instances;
    }
    return j;
}

// Progress on stderr, at most once a second, when stderr is a terminal.
net::RemoteClient::Progress terminalProgress(const char* verb) {
    if (!isatty(2)) return nullptr;
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return [last, verb](const net::TransferProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        if (now - *last < std::chrono::seconds(1)) return;
        *last = now;
        std::cerr << "\r" << verb << " " << p.done
                  << (p.total ? " of " + std::to_string(p.total) : "")
                  << (p.failed ? ", " + std::to_string(p.failed) + " failed" : "") << "   "
                  << std::flush;
    };
}

int remote(const std::vector<std::string>& args) {
    if (args.size() < 2)
        throw UsageError("remote needs a subcommand (echo, find, get, send) and a NODE");
    const std::string sub = args[0];
    const std::string nodeName = args[1];
    std::string aet, output, level = "study", port, via, seriesUid;
    net::RemoteQuery query;
    bool asJson = false;
    std::vector<std::string> paths;
    for (std::size_t i = 2; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json")
            asJson = true;
        else if (a == "--aet")
            aet = takeValue(args, i);
        else if (sub == "find" && a == "--level")
            level = takeValue(args, i);
        else if ((sub == "find" || sub == "get") && a == "--study")
            query.studyUid = takeValue(args, i);
        else if (sub == "get" && a == "--series")
            seriesUid = takeValue(args, i);
        else if (sub == "find" && a == "--patient-id")
            query.patientId = takeValue(args, i);
        else if (sub == "find" && a == "--patient-name")
            query.patientName = takeValue(args, i);
        else if (sub == "find" && a == "--accession")
            query.accession = takeValue(args, i);
        else if (sub == "find" && a == "--study-date")
            query.studyDate = takeValue(args, i);
        else if (sub == "find" && a == "--modality")
            query.modality = takeValue(args, i);
        else if (sub == "get" && a == "--via")
            via = takeValue(args, i);
        else if (sub == "get" && a == "--port")
            port = takeValue(args, i);
        else if (sub == "get" && (a == "-o" || a == "--output"))
            output = takeValue(args, i);
        else if (sub == "send" && a.rfind("-", 0) != 0)
            paths.push_back(a);
        else
            throw UsageError("remote " + sub + ": unknown option " + a);
    }
    if (!aet.empty())
        if (const std::string why = net::RemoteNode::checkAet(aet); !why.empty())
            throw UsageError(why);
    const net::RemoteNode node = resolveNode(nodeName, aet);
    int argc = 1;
    char name[] = "radlens-cli";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    std::unique_ptr<net::RemoteClient> client = net::RemoteClient::create(node);
    CancelOnSignal signals;
    client->setCancelFlag(&gCancel);
    try {
        if (sub == "echo") {
            const auto t0 = std::chrono::steady_clock::now();
            client->echo();
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - t0)
                                .count();
            if (asJson)
                std::cout << json{{"ok", true}, {"elapsed_ms", ms}}.dump() << "\n";
            else
                std::cout << node.address() << ": answered in " << ms << " ms\n";
            return 0;
        }
        if (sub == "find") {
            try {
                query.level = net::parseLevel(level);
            } catch (const std::invalid_argument& e) {
                throw UsageError(e.what());
            }
            std::vector<net::RemoteMatch> matches;
            try {
                matches = client->find(query);
            } catch (const std::invalid_argument& e) {
                throw UsageError(e.what());
            }
            if (asJson) {
                json j;
                j["results"] = json::array();
                for (const auto& m : matches) j["results"].push_back(matchJson(m));
                std::cout << j.dump() << "\n";
            } else {
                for (const auto& m : matches) {
                    if (m.level == net::QueryLevel::Patient)
                        std::cout << m.patientId << "\t" << m.patientName << "\n";
                    else if (m.level == net::QueryLevel::Study)
                        std::cout << m.studyUid << "\t" << m.studyDate << "\t" << m.patientId
                                  << "\t" << m.patientName << "\t" << m.description << "\n";
                    else
                        std::cout << m.seriesUid << "\t" << m.modality << "\t" << m.number << "\t"
                                  << m.instances << "\t" << m.seriesDescription << "\n";
                }
            }
            return 0;
        }
        if (sub == "get") {
            if (query.studyUid.empty()) throw UsageError("remote get needs --study UID");
            // The node's way unless --via / --port say otherwise.
            net::RetrieveRequest request =
                net::RetrieveRequest::forNode(node, query.studyUid, seriesUid);
            if (via == "move")
                request.via = net::RetrieveRequest::Via::Move;
            else if (via == "get")
                request.via = net::RetrieveRequest::Via::Get;
            else if (!via.empty())
                throw UsageError("--via takes get or move");
            if (!port.empty()) request.movePort = parsePort(port);
            if (request.via == net::RetrieveRequest::Via::Move &&
                node.protocol == net::RemoteNode::Protocol::DicomWeb)
                throw UsageError(
                    "--via move is DIMSE only; a DICOMweb node is retrieved by WADO-RS");
            imaging::InstanceStore store(
                output.empty() ? imaging::InstanceStore::defaultRoot() : output,
                imaging::Database::defaultPath());
            std::map<std::string, int> perSeries;
            const auto t0 = std::chrono::steady_clock::now();
            long long firstMs = -1;
            client->setStored([&](const imaging::InstanceInfo& i) {
                if (firstMs < 0)
                    firstMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - t0)
                                  .count();
                ++perSeries[i.seriesUid];
            });
            client->setProgress(terminalProgress("retrieved"));
            const net::TransferProgress p = client->retrieve(request, store);
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - t0)
                                .count();
            if (isatty(2)) std::cerr << "\n";
            if (asJson) {
                json j;
                j["retrieved"] = p.done;
                j["failed"] = p.failed;
                j["skipped"] = p.skipped;
                j["series"] = json::array();
                for (const auto& [uid, n] : perSeries)
                    j["series"].push_back({{"series_uid", uid}, {"instances", n}});
                j["elapsed_ms"] = ms;
                if (firstMs >= 0) j["first_instance_ms"] = firstMs;
                if (!p.errors.empty()) j["errors"] = p.errors;
                std::cout << j.dump() << "\n";
            } else {
                std::cout << "retrieved " << p.done << " instance(s) into " << store.root();
                if (p.skipped) std::cout << ", " << p.skipped << " already held";
                std::cout << " in " << ms << " ms\n";
                for (const std::string& e : p.errors) std::cerr << "  failed: " << e << "\n";
            }
            if (p.failed > 0)
                throw Failure(std::to_string(p.failed) + " of " + std::to_string(p.total) +
                              " instance(s) could not be stored");
            return 0;
        }
        if (sub == "send") {
            if (paths.empty()) throw UsageError("remote send needs PATH...");
            // Folders are sent whole: every DICOM file found under them.
            Options o;
            o.paths = paths;
            o.noDb = true;
            const Scanned s = scanPaths(o);
            std::vector<std::string> files;
            for (const auto& i : s.scan.images) files.push_back(i.path);
            for (const auto& i : s.scan.objects)
                if (i.sopClassUid != "1.2.840.10008.1.3.10")
                    files.push_back(i.path);  // not DICOMDIR
            if (files.empty()) throw Failure("no DICOM file to send in the given paths");
            client->setProgress(terminalProgress("sent"));
            const net::TransferProgress p = client->send(files);
            if (isatty(2)) std::cerr << "\n";
            if (asJson)
                std::cout << json{{"sent", p.done}, {"failed", p.failed}}.dump() << "\n";
            else
                std::cout << "sent " << p.done << " of " << p.total << " instance(s) to "
                          << node.address() << "\n";
            for (const std::string& e : p.errors) std::cerr << "  failed: " << e << "\n";
            if (p.failed > 0)
                throw Failure(std::to_string(p.failed) + " of " + std::to_string(p.total) +
                              " instance(s) were not accepted");
            return 0;
        }
    } catch (const net::Cancelled&) {
        throw Failure("remote " + sub + ": cancelled (what was stored stays in the store)");
    } catch (const net::NetworkError& e) {
        throw Failure(e.what());
    }
    throw UsageError("unknown remote subcommand " + sub);
}

}  // namespace

net::RemoteNode resolveNode(const std::string& name, const std::string& aet) {
    try {
        net::RemoteNode node = net::NodeList::load().resolve(name);
        if (!aet.empty()) node.ourAet = aet;
        return node;
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
}

int nodeCommand(const std::vector<std::string>& args) {
    if (args.empty()) throw UsageError("node needs a subcommand: add, list or remove");
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "add") return nodeAdd(rest);
    if (args[0] == "list") return nodeList(rest);
    if (args[0] == "remove") return nodeRemove(rest);
    throw UsageError("unknown node subcommand " + args[0]);
}

int remoteCommand(const std::vector<std::string>& args) { return remote(args); }

}  // namespace radlens::cli
