#include "app/AnnotationCommand.h"

#include <nlohmann/json.hpp>

#include <iostream>

#include "app/CliSupport.h"
#include "imaging/AnnotationStore.h"
#include "imaging/DatasetExporter.h"
#include "imaging/LabelMaps.h"

namespace radlens::cli {

using namespace radlens::imaging;
using json = nlohmann::json;

namespace {

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
        if (takeReferenceOption(args, i, o)) continue;
        if (a == "--annotator") {
            annotator = takeValue(args, i);
        } else if (a == "--status") {
            status = takeValue(args, i);
        } else if (a == "--labels") {
            labels.image = splitOn(takeValue(args, i), '|');
        } else if (a == "--mask-labels") {
            for (const std::string& kv : splitOn(takeValue(args, i), ',')) {
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
    if (!LabelMaps::isMaskPath(in))
        throw UsageError(
            "masks must end in .dcm (DICOM SEG), .json (COCO), .nii, .nii.gz or .nrrd");
    o.noDb = false;  // the series must be in the database
    const Scanned s = scanPaths(o);
    const Series& series = chooseImageSeries(s, o);
    try {
        std::vector<Label> segments;
        const Volume mask = LabelMaps::read(in, series, &segments);
        for (const Label& sg : segments)
            labels.mask.emplace(sg.value, sg.name);  // --mask-labels win
        Database db(o.db.empty() ? Database::defaultPath() : o.db);
        AnnotationStore store(db, AnnotationStore::defaultRoot());
        const AnnotationRecord r =
            store.save(series.uid, annotator, mask, labels, status, "imported");
        std::cout << json{{"series_uid", r.seriesUid},
                          {"annotator", r.annotator},
                          {"version", r.version},
                          {"status", r.status},
                          {"mask", r.maskPath}}
                         .dump()
                  << "\n";
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
                       {"synthetic", r.synthetic},
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
    bool drafts = false, deidentify = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size())
            out = args[++i];
        else if (args[i] == "--drafts")
            drafts = true;
        else if (args[i] == "--deidentify")
            deidentify = true;
        else
            throw UsageError("unknown option " + args[i]);
    }
    if (out.empty()) throw UsageError("annotation export-dataset needs -o DIR");
    try {
        Database db(Database::defaultPath());
        AnnotationStore store(db, AnnotationStore::defaultRoot());
        DatasetExporter exporter(db, store);
        exporter.setIncludeDrafts(drafts);
        exporter.setDeidentify(deidentify);
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
