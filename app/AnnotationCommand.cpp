#include "app/AnnotationCommand.h"

#include <nlohmann/json.hpp>

#include <iostream>

#include "app/CliSupport.h"
#include "imaging/AnnotationFormats.h"
#include "imaging/AnnotationStore.h"
#include "imaging/DatasetExporter.h"
#include "imaging/DicomSeg.h"
#include "imaging/LabelMaps.h"
#include "imaging/VolumeIO.h"

namespace radlens::cli {

using namespace radlens::imaging;
using json = nlohmann::json;

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::vector<std::string> splitOn(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

int importMask(const std::vector<std::string>& args) {
    std::string in, annotator, status = "draft";
    AnnotationLabels labels;
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--reference") {
            while (i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0)
                o.paths.push_back(args[++i]);
        } else if (a == "--series") {
            o.series = value();
        } else if (a == "--annotator") {
            annotator = value();
        } else if (a == "--status") {
            status = value();
        } else if (a == "--labels") {
            labels.image = splitOn(value(), '|');
        } else if (a == "--mask-labels") {
            for (const std::string& kv : splitOn(value(), ',')) {
                const auto eq = kv.find('=');
                int v = 0;
                try {
                    v = eq == std::string::npos ? 0 : std::stoi(kv.substr(0, eq));
                } catch (const std::exception&) {
                }
                if (v < 1 || v > 255)
                    throw UsageError("--mask-labels takes VALUE=NAME,... with values 1..255");
                labels.mask[v] = kv.substr(eq + 1);
            }
        } else if (a.size() > 1 && a[0] == '-') {
            throw UsageError("unknown option " + a);
        } else if (in.empty()) {
            in = a;
        } else {
            throw UsageError("annotation import takes one mask, not " + a);
        }
    }
    if (in.empty() || o.paths.empty() || annotator.empty())
        throw UsageError("annotation import needs MASK, --reference PATH... and --annotator NAME");
    if (status != "draft" && status != "final") throw UsageError("--status is draft or final");
    Scanned s = scanPaths(o);  // records the series in the database
    const Series* series = nullptr;
    int candidates = 0;
    for (const Series& se : s.series) {
        if (se.modality == "SEG") continue;
        ++candidates;
        if (o.series.empty() ? !series : se.uid == o.series) series = &se;
    }
    if (!series)
        throw Failure((o.series.empty() ? std::string("--reference") : o.series) +
                      ": no image series found");
    if (o.series.empty() && candidates > 1)
        throw UsageError("the references hold several series; choose one with --series");
    const Geometry& grid = series->geometry;
    Volume mask(PixelType::UInt8, grid);
    try {
        if (endsWith(in, ".dcm")) {
            std::vector<SegSegment> segments;
            mask = DicomSeg::read(in, *series, grid, &segments);
            for (const SegSegment& sg : segments)
                if (!labels.mask.count(sg.label)) labels.mask[sg.label] = sg.name;
        } else if (endsWith(in, ".json")) {
            const CocoDocument doc = CocoDocument::read(in);
            mask = doc.toLabelMap(grid, series->uid);
            for (const CocoCategory& c : doc.categories)
                if (!labels.mask.count(doc.valueOf(c.id))) labels.mask[doc.valueOf(c.id)] = c.name;
        } else {
            const Volume v = VolumeIO::read(in);
            LabelMaps::checkSameGrid(v.geometry(), grid, in);
            mask = LabelMaps::toUInt8(v, in);
        }
        mask.geometry() = grid;
        Database db(o.db.empty() ? Database::defaultPath() : o.db);
        AnnotationStore store(db, AnnotationStore::defaultRoot());
        const AnnotationRecord r =
            store.save(series->uid, annotator, mask, labels, status, "imported");
        std::cout << json{{"series_uid", r.seriesUid},
                          {"annotator", r.annotator},
                          {"version", r.version},
                          {"status", r.status},
                          {"mask", r.maskPath}}
                         .dump()
                  << "\n";
    } catch (const Failure&) {
        throw;
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    return 0;
}

int list(const std::vector<std::string>& args) {
    bool asJson = false;
    for (const std::string& a : args) {
        if (a == "--json")
            asJson = true;
        else
            throw UsageError("unknown option " + a);
    }
    Database db(Database::defaultPath());
    json out = json::array();
    for (const AnnotationRecord& r : db.annotations({})) {
        json m = json::object();
        for (const auto& [v, n] : r.maskLabels) m[std::to_string(v)] = n;
        out.push_back({{"series_uid", r.seriesUid},
                       {"annotator", r.annotator},
                       {"version", r.version},
                       {"status", r.status},
                       {"note", r.note},
                       {"saved_at", r.savedAt},
                       {"labels", r.labels},
                       {"mask_labels", m},
                       {"mask", r.maskPath}});
        if (!asJson)
            std::cout << r.seriesUid << "  " << r.annotator << "  v" << r.version << "  "
                      << r.status << (r.note.empty() ? "" : " (" + r.note + ")") << "  "
                      << r.savedAt << "\n";
    }
    if (asJson) std::cout << json{{"annotations", out}}.dump() << "\n";
    return 0;
}

int exportDataset(const std::vector<std::string>& args) {
    std::string out;
    bool drafts = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size())
            out = args[++i];
        else if (args[i] == "--drafts")
            drafts = true;
        else
            throw UsageError("unknown option " + args[i]);
    }
    if (out.empty()) throw UsageError("annotation export-dataset needs -o DIR");
    try {
        Database db(Database::defaultPath());
        AnnotationStore store(db, AnnotationStore::defaultRoot());
        DatasetExporter exporter(db, store);
        exporter.setIncludeDrafts(drafts);
        const DatasetSummary s = exporter.write(out);
        std::cout << json{{"cases", s.cases}, {"skipped", s.skipped}, {"output", out}}.dump()
                  << "\n";
        for (const std::string& k : s.skipped)
            std::cerr << "radlens-cli: warning: skipped " << k << "\n";
    } catch (const std::exception& e) {
        throw Failure(out + ": " + e.what());
    }
    return 0;
}

}  // namespace

int annotationCommand(const std::vector<std::string>& args) {
    if (args.empty()) throw UsageError("annotation needs import, list or export-dataset");
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "import") return importMask(rest);
    if (args[0] == "list") return list(rest);
    if (args[0] == "export-dataset") return exportDataset(rest);
    throw UsageError("unknown annotation command " + args[0] + " (import, list, export-dataset)");
}

}  // namespace radlens::cli
