#include "app/CliSupport.h"

#include <iostream>
#include <memory>

#include "imaging/Database.h"
#include "imaging/SeriesAssembler.h"

using namespace radlens::imaging;

namespace radlens::cli {

const char* const kUsage =
    "usage: radlens-cli --version\n"
    "       radlens-cli info PATH... [--json] [--db FILE|--no-db]\n"
    "       radlens-cli export PATH... --series UID -o OUT.nii|OUT.nii.gz|OUT.nrrd\n"
    "       radlens-cli analyze PATH... --model BUNDLE [--series UID] [--device auto|cpu|cuda]\n"
    "                                [--slice N] [--no-cache] [--json]\n"
    "       radlens-cli model import --arch ARCH --weights FILE.pth --classes A,B,... -o BUNDLE\n"
    "                                [--channels 1|3] [--name NAME] [--json]\n"
    "       radlens-cli model info BUNDLE [--json]\n"
    "       radlens-cli model forward BUNDLE --input X.pt -o Y.pt [--features]\n"
    "       radlens-cli model pack BUNDLE -o BUNDLE.zip\n"
    "       radlens-cli model train-steps BUNDLE --input X.pt --target Y.pt [--steps N] [--lr LR]\n"
    "                                [--json]\n"
    "       radlens-cli model click-eval BUNDLE --data PATH... [--max-clicks N] [--limit N]\n"
    "                                [--brush-mm R] [--device D] [--json]\n"
    "       radlens-cli click-segment PATH... --series UID --model BUNDLE --slice K\n"
    "                                --point X,Y[,neg] [--point ...] [--mask PREVIOUS.nii.gz]\n"
    "                                -o OUT.nii.gz [--json]\n"
    "       radlens-cli convert-mask IN --reference PATH... [--series UID] -o OUT\n"
    "                                (IN, OUT: .dcm DICOM SEG, .json COCO, .nii, .nii.gz, .nrrd)\n"
    "       radlens-cli annotation import MASK --reference PATH... [--series UID] --annotator "
    "NAME\n"
    "                                [--status draft|final] [--labels A|B] [--mask-labels "
    "1=A,2=B]\n"
    "       radlens-cli annotation list [--json]\n"
    "       radlens-cli annotation export-dataset -o DIR [--drafts] [--deidentify]\n"
    "       radlens-cli export-seg PATH... --series UID --model BUNDLE -o OUT.dcm\n"
    "       radlens-cli export-sr  PATH... --series UID --model BUNDLE -o OUT.dcm\n"
    "       radlens-cli synth --kind ct|cxr --cases N [--seed S] [--size N] [--slices N] -o DIR\n"
    "       radlens-cli train --config RUN.json [--resume] [--rank R --world-size N --master "
    "HOST:PORT]\n"
    "       radlens-cli node add NAME --url URL [--aet OUR_AET] [--user U --password-file F |\n"
    "                                --token-file F] [--ca FILE] [--timeout S]\n"
    "       radlens-cli node list [--json]\n"
    "       radlens-cli node remove NAME\n"
    "       radlens-cli remote echo NODE [--json]\n"
    "       radlens-cli remote find NODE [--level patient|study|series] [--study UID]\n"
    "                                [--patient-id ID] [--patient-name PATTERN] [--accession A]\n"
    "                                [--study-date YYYYMMDD[-YYYYMMDD]] [--modality M] [--json]\n"
    "       radlens-cli remote get  NODE --study UID [--series UID] [--via get|move] [--port P]\n"
    "                                [-o DIR] [--json]\n"
    "       radlens-cli remote send NODE PATH... [--json]\n"
    "       radlens-cli listen [--aet AET] [--port P] [--allow AET,...] [--model BUNDLE]...\n"
    "                          [--send-results NODE [--anonymize-results]] [--quiet S]\n"
    "                          [--max-associations N] [--timeout S] [--min-free-mb MB]\n"
    "                          [--device D] [--db FILE] [-o STORE]\n"
    "       radlens-cli anonymize PATH... -o DIR [--json]\n"
    "  (BUNDLE: a model bundle folder or a .zip of one; NODE: a configured node's name,\n"
    "   dimse://AET@HOST:PORT or a DICOMweb http(s):// service root)\n";

Options parse(const std::vector<std::string>& args, Command command) {
    const bool wantsOutput =
        command == Command::Export || command == Command::ExportSeg || command == Command::ExportSr;
    const bool analyze = command == Command::Analyze || command == Command::ExportSeg ||
                         command == Command::ExportSr;
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
        else if (analyze && a == "--model")
            o.model = value();
        else if (analyze && a == "--device")
            o.device = value();
        else if (analyze && a == "--no-cache")
            o.noCache = true;
        else if (analyze && a == "--slice") {
            const std::string v = value();
            try {
                o.slice = std::stoi(v);
            } catch (...) {
                throw UsageError("--slice needs a number, not " + v);
            }
        } else if (a.size() > 1 && a[0] == '-')
            throw UsageError("unknown option " + a);
        else
            o.paths.push_back(a);
    }
    if (o.paths.empty()) throw UsageError("no PATH given");
    if (wantsOutput && (o.series.empty() || o.output.empty()))
        throw UsageError(std::string(command == Command::ExportSeg  ? "export-seg"
                                     : command == Command::ExportSr ? "export-sr"
                                                                    : "export") +
                         " needs --series UID and -o OUT");
    if (analyze && o.model.empty())
        throw UsageError(std::string(command == Command::ExportSeg  ? "export-seg"
                                     : command == Command::ExportSr ? "export-sr"
                                                                    : "analyze") +
                         " needs --model BUNDLE");
    if (analyze && o.device != "auto" && o.device != "cpu" && o.device != "cuda")
        throw UsageError("--device must be auto, cpu or cuda");
    return o;
}

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

int runCommand(const std::function<int()>& command) {
    try {
        return command();
    } catch (const UsageError& e) {
        std::cerr << "radlens-cli: " << e.what() << "\n" << kUsage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "radlens-cli: error: " << e.what() << "\n";
        return 1;
    }
}

std::string takeValue(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
        throw UsageError(args[i] + " needs a value");
    return args[++i];
}

bool takeReferenceOption(const std::vector<std::string>& args, std::size_t& i, Options& o) {
    const std::string& a = args[i];
    if (a == "--reference") {
        while (i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0) o.paths.push_back(args[++i]);
    } else if (a == "--series") {
        o.series = takeValue(args, i);
    } else if (a == "-o" || a == "--output") {
        o.output = takeValue(args, i);
    } else if (a == "--db") {
        o.db = takeValue(args, i);
    } else if (a == "--no-db") {
        o.noDb = true;
    } else {
        return false;
    }
    return true;
}

const imaging::Series& chooseImageSeries(const Scanned& s, const Options& o) {
    const imaging::Series* series = nullptr;
    std::string known;
    int candidates = 0;
    for (const imaging::Series& se : s.series) {
        if (se.modality == "SEG") continue;
        ++candidates;
        known += (known.empty() ? "" : ", ") + se.uid;
        if (!series && (o.series.empty() || se.uid == o.series)) series = &se;
    }
    if (!series)
        throw Failure((o.series.empty() ? std::string("--reference") : o.series) +
                      ": no image series found" + (known.empty() ? "" : " (found: " + known + ")"));
    if (o.series.empty() && candidates > 1)
        throw UsageError("the references hold several series (" + known +
                         "); choose one with --series");
    return *series;
}

}  // namespace radlens::cli
