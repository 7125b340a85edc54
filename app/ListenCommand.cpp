#include "app/ListenCommand.h"

#include <QCoreApplication>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "ai/ArrivalAnalyzer.h"
#include "ai/InferenceEngine.h"
#include "ai/ModelRegistry.h"
#include "app/CliSupport.h"
#include "app/NetworkCommands.h"
#include "imaging/Anonymizer.h"
#include "imaging/Database.h"
#include "imaging/InstanceStore.h"
#include "imaging/SeriesArrivals.h"
#include "net/RemoteClient.h"
#include "net/StorageListener.h"

namespace radlens::cli {

namespace {

using json = nlohmann::json;

volatile std::sig_atomic_t gStop = 0;
void onSignal(int) { gStop = 1; }

/// One JSON object per line, whole lines only (several threads print).
class EventPrinter {
public:
    void operator()(json event) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::cout << event.dump(-1, ' ', false, json::error_handler_t::replace) << "\n"
                  << std::flush;
    }

private:
    std::mutex mutex_;
};

struct ListenOptions {
    net::StorageListener::Options listener;
    std::vector<std::string> models;
    std::string sendTo, store, db, device = "auto";
    double quietSeconds = 5;
    bool anonymizeResults = false;
};

/// The value of a numeric option, from `low` to `high` (a whole number when
/// `whole`). Throws UsageError naming what it takes.
double parseNumber(const std::string& option, const std::string& text, double low, double high,
                   bool whole, const std::string& unit) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && v >= low && v <= high && (!whole || std::floor(v) == v))
            return v;
    } catch (const std::exception&) {
    }
    std::ostringstream range;
    range.precision(15);
    range << (whole ? "a whole number of " : "") << unit << " from " << low << " to " << high;
    throw UsageError(option + " takes " + range.str() + ", not \"" + text + "\"");
}

ListenOptions parseListen(const std::vector<std::string>& args) {
    ListenOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--aet")
            o.listener.aet = takeValue(args, i);
        else if (a == "--port")
            o.listener.port = net::RemoteNode::parsePort(takeValue(args, i));
        else if (a == "--allow") {
            const std::string list = takeValue(args, i);
            std::size_t start = 0;
            while (start <= list.size()) {
                const std::size_t comma = std::min(list.find(',', start), list.size());
                const std::string aet = list.substr(start, comma - start);
                if (const std::string why = net::RemoteNode::checkAet(aet); !why.empty())
                    throw UsageError("--allow: " + why);
                o.listener.allowedCallers.push_back(aet);
                start = comma + 1;
            }
        } else if (a == "--model")
            o.models.push_back(takeValue(args, i));
        else if (a == "--send-results")
            o.sendTo = takeValue(args, i);
        else if (a == "--anonymize-results")
            o.anonymizeResults = true;
        else if (a == "--quiet")
            o.quietSeconds = parseNumber(a, takeValue(args, i), 0.1, 3600, false, "seconds");
        else if (a == "--timeout")
            o.listener.timeoutSeconds =
                int(parseNumber(a, takeValue(args, i), 1, 3600, true, "seconds"));
        else if (a == "--max-associations")
            o.listener.maxAssociations =
                int(parseNumber(a, takeValue(args, i), 1, 64, true, "associations"));
        else if (a == "--min-free-mb")
            o.listener.minFreeBytes =
                std::uint64_t(parseNumber(a, takeValue(args, i), 0, double(1ll << 40), true, "MB"))
                << 20;
        else if (a == "--device")
            o.device = takeValue(args, i);
        else if (a == "--db")
            o.db = takeValue(args, i);
        else if (a == "-o" || a == "--output")
            o.store = takeValue(args, i);
        else
            throw UsageError("listen: unknown option " + a);
    }
    if (const std::string why = net::RemoteNode::checkAet(o.listener.aet); !why.empty())
        throw UsageError("--aet: " + why);
    if (o.anonymizeResults && o.sendTo.empty())
        throw UsageError("--anonymize-results needs --send-results NODE");
    return o;
}

/// The given bundles, else the active classifier and segmenter.
std::vector<ai::ArrivalAnalyzer::Model> chooseModels(const ListenOptions& o) {
    std::vector<std::string> folders = o.models;
    if (folders.empty()) {
        ai::ModelRegistry registry;
        for (const char* task : {"classify", "segment"})
            if (auto m = registry.active(task)) folders.push_back(m->path);
    }
    if (folders.empty())
        throw Failure(
            "no model to analyse with: give --model BUNDLE or activate one (radlens-cli model "
            "import, or Models in the viewer)");
    std::vector<ai::ArrivalAnalyzer::Model> models;
    for (const std::string& f : folders) {
        try {
            models.push_back({f, ai::ModelBundle::readManifest(f)});
        } catch (const std::exception& e) {
            throw Failure(e.what());
        }
        if (models.back().manifest.interactive)
            throw Failure(f + ": " + models.back().manifest.name +
                          " is an interactive segmenter: it needs clicks, not arriving series");
    }
    return models;
}

json findingsJson(const ai::Findings& f) {
    json classes = json::array();
    for (const ai::ClassFinding& c : f.classes)
        classes.push_back(
            {{"name", c.name}, {"probability", c.probability}, {"flagged", c.flagged}});
    return {{"classes", classes}, {"lesions", f.lesions.size()}};
}

}  // namespace

int listenCommand(const std::vector<std::string>& args) {
    const ListenOptions o = parseListen(args);
    int argc = 1;
    char name[] = "radlens-cli";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);  // DICOMweb's event loops

    std::optional<net::RemoteNode> sendNode;
    if (!o.sendTo.empty()) sendNode = resolveNode(o.sendTo, o.listener.aet);
    const std::vector<ai::ArrivalAnalyzer::Model> models = chooseModels(o);
    const std::string storeRoot = o.store.empty() ? imaging::InstanceStore::defaultRoot() : o.store;
    const std::string dbPath = o.db.empty() ? imaging::Database::defaultPath() : o.db;
    try {
        std::filesystem::create_directories(storeRoot);
        // What a killed listener or retrieval was receiving: never acknowledged.
        imaging::InstanceStore(storeRoot, "").removeStaleTemporaries();
    } catch (const std::exception& e) {
        throw Failure(storeRoot + ": " + e.what());
    }
    std::shared_ptr<ai::InferenceEngine> engine;
    try {
        engine = std::make_shared<ai::InferenceEngine>(o.device, dbPath);
    } catch (const std::exception& e) {
        throw Failure("--device " + o.device + ": " + e.what());
    }

    EventPrinter print;
    const std::string journal = imaging::SeriesArrivals::journalIn(storeRoot);
    std::unique_ptr<imaging::SeriesArrivals> arrivals;
    try {
        arrivals = std::make_unique<imaging::SeriesArrivals>(
            std::chrono::milliseconds(long(o.quietSeconds * 1000)), journal);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    const std::string results = (std::filesystem::path(storeRoot) / ".results").string();
    ai::ArrivalAnalyzer analyzer(engine, models, results, RADLENS_VERSION);

    // Sending runs on the analyzer's thread; its client is made there (a
    // DICOMweb client belongs to the thread that made it).
    std::unique_ptr<net::RemoteClient> client;
    std::unique_ptr<imaging::Anonymizer> anonymizer;
    if (o.anonymizeResults) anonymizer = std::make_unique<imaging::Anonymizer>();
    analyzer.setResultCallback([&](const ai::ArrivalAnalyzer::Result& r) {
        json e = {{"event", r.error.empty() ? "analyzed" : "error"},
                  {"series_uid", r.seriesUid},
                  {"model",
                   {{"name", r.model.manifest.name},
                    {"version", r.model.manifest.version},
                    {"sha256", r.model.manifest.weightsSha256}}}};
        if (!r.error.empty()) {
            e["message"] = r.error;
            print(e);
            return;
        }
        e["cached"] = r.cached;
        e["elapsed_ms"] = r.elapsedMs;
        e.update(findingsJson(*r.findings));
        if (!r.files.empty()) e["files"] = r.files;
        print(e);
        if (!sendNode || r.files.empty()) return;
        std::vector<std::string> files = r.files;
        try {
            if (anonymizer) {
                const std::filesystem::path folder =
                    std::filesystem::path(r.files.front()).parent_path() / "anonymized";
                std::filesystem::create_directories(folder);
                for (std::string& f : files) {
                    const std::string out = (folder / std::filesystem::path(f).filename()).string();
                    anonymizer->anonymizeFile(f, out);
                    f = out;
                }
            }
            if (!client) client = net::RemoteClient::create(*sendNode);
            const net::TransferProgress p = client->send(files);
            json s = {{"event", p.failed ? "error" : "sent"},
                      {"series_uid", r.seriesUid},
                      {"node", sendNode->address()},
                      {"sent", p.done},
                      {"failed", p.failed}};
            if (!p.errors.empty()) s["message"] = p.errors.front();
            print(s);
        } catch (const std::exception& ex) {
            print({{"event", "error"}, {"series_uid", r.seriesUid}, {"message", ex.what()}});
        }
    });
    analyzer.setSeriesCallback([&](const std::string& uid, const std::string& error) {
        if (!error.empty()) print({{"event", "error"}, {"series_uid", uid}, {"message", error}});
        arrivals->finished(uid);
    });

    // Series an earlier run received and did not analyse: indexed again from
    // their folders (a killed listener may not have indexed the last ones).
    for (const imaging::SeriesArrivals::Pending& p : arrivals->leftOver()) {
        imaging::SeriesArrivals::Arrival a = imaging::SeriesArrivals::rescan(p, dbPath);
        print({{"event", "series-complete"},
               {"series_uid", p.seriesUid},
               {"instances", a.instances.size()},
               {"resumed", true}});
        if (a.instances.empty())
            arrivals->finished(p.seriesUid);
        else
            analyzer.enqueue(p.seriesUid, std::move(a.instances));
    }

    net::StorageListener listener(o.listener, storeRoot, dbPath);
    listener.setStored([&](const imaging::InstanceInfo& info, const std::string& caller) {
        arrivals->add(info);
        print({{"event", "received"},
               {"series_uid", info.seriesUid},
               {"sop_instance_uid", info.sopInstanceUid},
               {"calling_aet", caller}});
    });
    listener.setFailed([&](const std::string& why) {
        print({{"event", "error"}, {"message", why}});
    });
    listener.setRefused([&](const std::string& caller) {
        print({{"event", "refused"}, {"calling_aet", caller}});
    });
    try {
        listener.start();
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    gStop = 0;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    json names = json::array();
    for (const auto& m : models) names.push_back(m.manifest.name + " " + m.manifest.version);
    print({{"event", "listening"},
           {"aet", o.listener.aet},
           {"port", o.listener.port},
           {"store", storeRoot},
           {"models", names},
           {"device", engine->deviceName()}});

    std::string journalError;
    while (!gStop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        for (imaging::SeriesArrivals::Arrival& a : arrivals->takeComplete()) {
            print({{"event", "series-complete"},
                   {"series_uid", a.seriesUid},
                   {"instances", a.instances.size()}});
            analyzer.enqueue(a.seriesUid, std::move(a.instances));
        }
        if (const std::string e = arrivals->journalError(); !e.empty() && e != journalError)
            print({{"event", "error"}, {"message", journalError = e}});
    }
    // Stopping: the instances in flight are stored and acknowledged, the
    // associations closed; what is not analysed stays in the journal for the
    // next start.
    listener.stop();
    const std::size_t left = arrivals->takeAll().size() + analyzer.pending();
    analyzer.stop();
    print({{"event", "stopped"}, {"pending_series", left}});
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return 0;
}

}  // namespace radlens::cli
