#pragma once
// What radlens-cli and radlens-cli-ai share: options, errors, scanning, and
// the uniform handling of exit codes (docs/cli.md): 0 success,
// 1 failure with one line "radlens-cli: error: <what>: <why>", 2 bad usage.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "imaging/Scanner.h"
#include "imaging/Series.h"

namespace radlens::cli {

extern const char* const kUsage;

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
    // analyze
    std::string model, device = "auto";
    std::optional<int> slice;
    bool noCache = false;
};

enum class Command { Info, Export, Analyze, ExportSeg, ExportSr };

/// Parses PATH... and the options of one command. Throws UsageError.
Options parse(const std::vector<std::string>& args, Command command);

struct Scanned {
    imaging::ScanResult scan;
    std::vector<imaging::Series> series;
};
/// Scans o.paths with the database unless --no-db. Warnings go to stderr.
Scanned scanPaths(const Options& o);

/// The value after option args[i] (advancing i). Throws UsageError.
std::string takeValue(const std::vector<std::string>& args, std::size_t& i);
/// Options shared by the commands that take a mask on a reference series:
/// --reference PATH..., --series UID, -o/--output OUT, --db FILE, --no-db.
/// Returns false when args[i] is none of them.
bool takeReferenceOption(const std::vector<std::string>& args, std::size_t& i, Options& o);
/// The image series of the references: o.series, or the only one. Throws
/// Failure (none found) or UsageError (several and no --series).
const imaging::Series& chooseImageSeries(const Scanned& s, const Options& o);

/// Runs `command` and turns its exceptions into the contract's exit codes.
int runCommand(const std::function<int()>& command);

}  // namespace radlens::cli
