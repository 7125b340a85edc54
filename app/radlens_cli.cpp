// radlens-cli: command-line front end (../shared/CLI-CONTRACT.md).
// Exit status: 0 success, 1 failure (one line on stderr), 2 bad usage.

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "imaging/Database.h"
#include "imaging/Scanner.h"
#include "imaging/SeriesAssembler.h"
#include "imaging/SeriesLoader.h"
#include "imaging/VolumeIO.h"

#ifndef RADLENS_VERSION
#define RADLENS_VERSION "0.0.0"
#endif

using namespace radlens::imaging;
using json = nlohmann::json;

namespace {

constexpr const char* kUsage =
    "usage: radlens-cli --version\n"
    "       radlens-cli info PATH... [--json] [--db FILE|--no-db]\n"
    "       radlens-cli export PATH... --series UID -o OUT.nii|OUT.nii.gz|OUT.nrrd\n";

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    std::vector<std::string> paths;
    bool json = false;
    std::string series;
    std::string output;
    std::string db;
    bool noDb = false;
};

Options parse(const std::vector<std::string>& args, bool wantsOutput) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--json")
            o.json = true;
        else if (a == "--series")
            o.series = value();
        else if (a == "-o" || a == "--output")
            o.output = value();
        else if (a == "--db")
            o.db = value();
        else if (a == "--no-db")
            o.noDb = true;
        else if (a.size() > 1 && a[0] == '-')
            throw UsageError("unknown option " + a);
        else
            o.paths.push_back(a);
    }
    if (o.paths.empty()) throw UsageError("no PATH given");
    if (wantsOutput && (o.series.empty() || o.output.empty()))
        throw UsageError("export needs --series UID and -o OUT");
    return o;
}

struct Scanned {
    ScanResult scan;
    std::vector<Series> series;
};

Scanned scanPaths(const Options& o) {
    std::unique_ptr<Database> db;
    if (!o.noDb) {
        db = std::make_unique<Database>(o.db.empty() ? Database::defaultPath() : o.db);
        if (!db->warning().empty()) std::cerr << "radlens-cli: warning: " << db->warning() << "\n";
    }
    Scanner scanner(db.get());
    Scanned s;
    s.scan = scanner.scan(o.paths);
    s.series = SeriesAssembler::assemble(s.scan.images);
    return s;
}

json vec(const double* v, int n) {
    json a = json::array();
    for (int i = 0; i < n; ++i) a.push_back(v[i]);
    return a;
}

json windowPresets(const InstanceInfo& i) {
    json out = json::array();
    for (std::size_t k = 0; k < i.windowCenters.size() && k < i.windowWidths.size(); ++k)
        out.push_back({{"center", i.windowCenters[k]},
                       {"width", i.windowWidths[k]},
                       {"name", k < i.windowExplanations.size() ? i.windowExplanations[k] : ""}});
    return out;
}

json voiLuts(const InstanceInfo& i) {
    json out = json::array();
    for (const VoiLut& l : i.voiLuts)
        out.push_back({{"name", l.name},
                       {"first_mapped", l.firstMapped},
                       {"bits", l.bits},
                       {"entries", l.data.size()}});
    return out;
}

int info(const Options& o) {
    Scanned s = scanPaths(o);
    json studies = json::array();
    std::vector<std::string> studyOrder;
    std::map<std::string, json> byStudy;
    for (const Series& se : s.series) {
        if (!byStudy.count(se.studyUid)) {
            studyOrder.push_back(se.studyUid);
            byStudy[se.studyUid] = {
                {"study_uid", se.studyUid},           {"patient_id", se.patientId},
                {"patient_name", se.patientName},     {"study_date", se.studyDate},
                {"description", se.studyDescription}, {"series", json::array()}};
        }
        int frames = 0;
        for (const InstanceInfo& i : se.instances) frames += i.frames;
        const Geometry& g = se.geometry;
        byStudy[se.studyUid]["series"].push_back(
            {{"series_uid", se.uid},
             {"modality", se.modality},
             {"description", se.description},
             {"number", se.number},
             {"instances", se.instances.size()},
             {"frames", frames},
             {"dims", {g.dims[0], g.dims[1], g.dims[2]}},
             {"spacing", vec(g.spacing.data(), 3)},
             {"origin", vec(g.origin.data(), 3)},
             {"direction", vec(g.direction.data(), 9)},
             {"transfer_syntaxes", se.transferSyntaxes},
             {"photometric", se.instances.front().photometric},
             {"window_presets", windowPresets(se.instances.front())},
             {"voi_luts", voiLuts(se.instances.front())},
             {"warnings", se.warnings}});
    }
    for (const std::string& uid : studyOrder) studies.push_back(byStudy[uid]);
    json skipped = json::array();
    for (const SkippedFile& f : s.scan.skipped)
        skipped.push_back({{"path", f.path}, {"reason", f.reason}});
    json objects = json::array();
    for (const InstanceInfo& i : s.scan.objects)
        objects.push_back({{"path", i.path},
                           {"sop_class", sopClassName(i.sopClassUid)},
                           {"sop_class_uid", i.sopClassUid},
                           {"modality", i.modality},
                           {"series_uid", i.seriesUid}});
    if (o.json) {
        json doc = {{"studies", studies}, {"skipped", skipped}, {"objects", objects}};
        std::cout << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return 0;
    }
    for (const json& st : studies) {
        std::cout << "Study " << st["study_uid"].get<std::string>() << "  patient "
                  << st["patient_name"].get<std::string>() << " ("
                  << st["patient_id"].get<std::string>() << ")  "
                  << st["study_date"].get<std::string>() << "\n";
        for (const json& se : st["series"]) {
            std::printf("  Series %s  %s #%d \"%s\"  %dx%dx%d  spacing %.4g x %.4g x %.4g mm\n",
                        se["series_uid"].get<std::string>().c_str(),
                        se["modality"].get<std::string>().c_str(), se["number"].get<int>(),
                        se["description"].get<std::string>().c_str(), se["dims"][0].get<int>(),
                        se["dims"][1].get<int>(), se["dims"][2].get<int>(),
                        se["spacing"][0].get<double>(), se["spacing"][1].get<double>(),
                        se["spacing"][2].get<double>());
            std::fflush(stdout);
            for (const json& w : se["warnings"])
                std::cout << "    warning: " << w.get<std::string>() << "\n";
        }
    }
    for (const json& ob : objects)
        std::cout << "Object " << ob["path"].get<std::string>() << ": "
                  << ob["sop_class"].get<std::string>() << "\n";
    for (const json& sk : skipped)
        std::cout << "Skipped " << sk["path"].get<std::string>() << ": "
                  << sk["reason"].get<std::string>() << "\n";
    return 0;
}

int exportSeries(const Options& o) {
    if (!VolumeIO::isSupportedPath(o.output))
        throw UsageError("output " + o.output + " must end in .nii, .nii.gz or .nrrd");
    Scanned s = scanPaths(o);
    const Series* chosen = nullptr;
    for (const Series& se : s.series)
        if (se.uid == o.series) chosen = &se;
    if (!chosen) {
        std::string known;
        for (const Series& se : s.series) known += (known.empty() ? "" : ", ") + se.uid;
        throw Failure(
            o.series + ": no such series in the given paths" +
            (known.empty() ? std::string(" (no image series found)") : " (found: " + known + ")"));
    }
    SeriesLoader loader;
    Volume volume = [&] {
        try {
            return loader.load(*chosen);
        } catch (const LoadError& e) {
            throw Failure(e.path() + ": " + e.why());
        }
    }();
    try {
        VolumeIO::write(volume, o.output);
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty()) throw UsageError("no command given");
        const std::string cmd = args.front();
        std::vector<std::string> rest(args.begin() + 1, args.end());
        if (cmd == "--version" || cmd == "version") {
            std::cout << "radlens-cli " << RADLENS_VERSION << "\n";
            return 0;
        }
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            std::cout << kUsage;
            return 0;
        }
        if (cmd == "info") return info(parse(rest, false));
        if (cmd == "export") return exportSeries(parse(rest, true));
        throw UsageError("unknown command " + cmd);
    } catch (const UsageError& e) {
        std::cerr << "radlens-cli: " << e.what() << "\n" << kUsage;
        return 2;
    } catch (const Failure& e) {
        std::cerr << "radlens-cli: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "radlens-cli: error: " << e.what() << "\n";
        return 1;
    }
}
