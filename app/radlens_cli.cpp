// radlens-cli: command-line front end (docs/cli.md).
// info and export run here; the commands that need LibTorch (model, analyze)
// run in radlens-cli-ai beside this program, so that the everyday commands
// do not pay LibTorch's start-up (about 0.4 s) each time.

#include <nlohmann/json.hpp>
#include "platform/Platform.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "app/AnnotationCommand.h"
#include "app/AnonymizeCommand.h"
#include "app/CliSupport.h"
#include "app/NetworkCommands.h"
#include "app/SynthCommand.h"
#include "imaging/AnnotationFormats.h"
#include "imaging/DicomSeg.h"
#include "imaging/LabelMaps.h"
#include "imaging/SeriesLoader.h"
#include "imaging/VolumeIO.h"

#ifndef RADLENS_VERSION
#define RADLENS_VERSION "0.0.0"
#endif

using namespace radlens::imaging;
using namespace radlens::cli;
using json = nlohmann::json;

namespace {

namespace fs = std::filesystem;

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

// ------------------------------------------------------------------ convert-mask

/// radlens-cli convert-mask IN --reference PATH... [--series UID] -o OUT:
/// NIfTI label map, DICOM SEG and COCO JSON, on the grid of the reference
/// series (COCO: one image per slice, imaging::CocoDocument::fromLabelMap).
int convertMask(const std::vector<std::string>& args) {
    std::string in;
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (takeReferenceOption(args, i, o)) continue;
        if (a.size() > 1 && a[0] == '-') throw UsageError("unknown option " + a);
        if (!in.empty()) throw UsageError("convert-mask takes one input mask, not " + a);
        in = a;
    }
    if (in.empty() || o.paths.empty() || o.output.empty())
        throw UsageError("convert-mask needs IN, --reference PATH... and -o OUT");
    if (!LabelMaps::isMaskPath(in) || !LabelMaps::isMaskPath(o.output))
        throw UsageError(
            "masks must end in .dcm (DICOM SEG), .json (COCO), .nii, .nii.gz or .nrrd");
    const Scanned s = scanPaths(o);
    const Series* series = &chooseImageSeries(s, o);
    const Geometry& grid = series->geometry;
    std::vector<Label> segments;
    Volume labels(PixelType::UInt8, grid);
    try {
        labels = LabelMaps::read(in, *series, &segments);  // SEG keeps its names and colours
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    try {
        SegCreator creator;
        creator.algorithmName = "radlens-cli convert-mask";
        creator.algorithmVersion = RADLENS_VERSION;
        creator.softwareVersion = RADLENS_VERSION;
        creator.seriesDescription =
            "Segmentation (converted from " + fs::path(in).filename().string() + ")";
        const int holes = LabelMaps::write(
            labels, *series, segments, o.output, creator,
            "converted by radlens-cli convert-mask from " + fs::path(in).filename().string());
        if (holes > 0)
            std::cerr << "radlens-cli: warning: " << holes
                      << " hole(s) left out: COCO polygons cannot carry holes\n";
    } catch (const std::exception& e) {
        throw Failure(e.what());
    }
    return 0;
}

// ------------------------------------------------------------------ analyze

/// Replaces this process with radlens-cli-ai: beside this program in a build
/// folder, in ../libexec/radlens when installed (packaging/CMakeLists.txt).
int runAiCommand(char** argv) {
    const std::filesystem::path self = radlens::platform::executablePath();
    std::filesystem::path ai = self.parent_path() / "radlens-cli-ai";
    if (!self.empty() && !std::filesystem::exists(ai)) {
        const auto installed =
            self.parent_path().parent_path() / "libexec" / "radlens" / "radlens-cli-ai";
        if (std::filesystem::exists(installed)) ai = installed;
    }
    if (self.empty() || !std::filesystem::exists(ai))
        throw Failure(ai.string() +
                      ": not found (it is installed beside radlens-cli or in ../libexec/radlens)");
    // Inference allocates and frees activations of tens of MB per batch; with
    // transparent huge pages for malloc the page faults cost far less (a
    // 300-slice segmentation at 512x512: 112 s -> 85 s on 2 cores).
    if (!std::getenv("GLIBC_TUNABLES"))
        radlens::platform::setEnvironment("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
    std::vector<std::string> args;
    for (char** a = argv; *a; ++a) args.emplace_back(*a);
    radlens::platform::replaceProcess(ai.string(), args);
    throw Failure(ai.string() + ": cannot start it");
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return runCommand([&]() -> int {
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
        if (cmd == "info") return info(parse(rest, Command::Info));
        if (cmd == "export") return exportSeries(parse(rest, Command::Export));
        if (cmd == "convert-mask") return convertMask(rest);
        if (cmd == "synth") return synthCommand(rest);
        if (cmd == "annotation") return annotationCommand(rest);
        if (cmd == "node") return nodeCommand(rest);
        if (cmd == "remote") return remoteCommand(rest);
        if (cmd == "analyze" || cmd == "model" || cmd == "train" || cmd == "export-seg" ||
            cmd == "export-sr" || cmd == "listen" || cmd == "click-segment")
            return runAiCommand(argv);
        if (cmd == "anonymize") return anonymizeCommand(rest);
        throw UsageError("unknown command " + cmd);
    });
}
