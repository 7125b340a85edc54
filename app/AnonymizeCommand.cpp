#include "app/AnonymizeCommand.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

#include "app/CliSupport.h"
#include "imaging/Anonymizer.h"
#include "imaging/InstanceStore.h"

namespace radlens::cli {

namespace {

/// A UID as a path part: the UIDs we make are plain, but a damaged input may
/// leave something else.
std::string part(const std::string& uid) {
    return imaging::InstanceStore::isPlainUid(uid) ? uid : std::string("unknown");
}

}  // namespace

int anonymizeCommand(const std::vector<std::string>& args) {
    Options o;
    o.noDb = true;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json")
            o.json = true;
        else if (a == "-o" || a == "--output")
            o.output = takeValue(args, i);
        else if (a.size() > 1 && a[0] == '-')
            throw UsageError("anonymize: unknown option " + a);
        else
            o.paths.push_back(a);
    }
    if (o.paths.empty()) throw UsageError("anonymize needs PATH...");
    if (o.output.empty()) throw UsageError("anonymize needs -o DIR");
    namespace fs = std::filesystem;
    std::error_code ec;
    // One run, one mapping: a folder holding an earlier run's copies would
    // mix two mappings (the same patient under two pseudonyms).
    if (fs::exists(o.output, ec) && !fs::is_empty(o.output, ec))
        throw Failure(o.output + ": exists and is not empty; give a new folder");
    for (const std::string& p : o.paths) {
        if (!fs::exists(p, ec)) throw Failure(p + ": no such file or folder");
        const fs::path abs = fs::weakly_canonical(p, ec);
        const fs::path out = fs::weakly_canonical(o.output, ec);
        if (!out.empty() && out.string().rfind(abs.string() + "/", 0) == 0)
            throw Failure(o.output + ": is inside " + p + "; write the copies elsewhere");
    }
    const Scanned s = scanPaths(o);
    std::vector<const imaging::InstanceInfo*> files;
    for (const auto& i : s.scan.images) files.push_back(&i);
    for (const auto& i : s.scan.objects)
        if (i.sopClassUid != "1.2.840.10008.1.3.10") files.push_back(&i);  // not DICOMDIR
    if (files.empty()) throw Failure("no DICOM file to anonymize in the given paths");

    imaging::Anonymizer anonymizer;
    nlohmann::json burnedIn = nlohmann::json::array(), errors = nlohmann::json::array();
    int done = 0;
    for (const imaging::InstanceInfo* info : files) {
        // Where it goes is known before it is written: the new UIDs.
        const fs::path target = fs::path(o.output) / part(anonymizer.replaceUid(info->studyUid)) /
                                part(anonymizer.replaceUid(info->seriesUid)) /
                                (part(anonymizer.replaceUid(info->sopInstanceUid)) + ".dcm");
        try {
            const imaging::Anonymizer::Outcome r =
                anonymizer.anonymizeFile(info->path, target.string());
            ++done;
            if (r.burnedInAnnotation) burnedIn.push_back(target.string());
        } catch (const std::exception& e) {
            errors.push_back(e.what());
        }
    }
    if (o.json) {
        std::cout << nlohmann::json{{"anonymized", done},
                                    {"failed", errors.size()},
                                    {"output", o.output},
                                    {"method", imaging::Anonymizer::kMethod},
                                    {"burned_in", burnedIn},
                                    {"errors", errors}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << "anonymized " << done << " file(s) into " << o.output << "\n";
        for (const auto& b : burnedIn)
            std::cerr << "  burned-in annotation (pixels not cleaned): " << b.get<std::string>()
                      << "\n";
        for (const auto& e : errors) std::cerr << "  failed: " << e.get<std::string>() << "\n";
    }
    if (!errors.empty())
        throw Failure(std::to_string(errors.size()) + " of " + std::to_string(files.size()) +
                      " file(s) could not be anonymized");
    return 0;
}

}  // namespace radlens::cli
