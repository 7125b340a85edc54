#pragma once
// `radlens-cli node add|list|remove` and `radlens-cli remote
// echo|find|get|send` (docs/cli.md, "Remote nodes"): the same commands over
// DIMSE and DICOMweb through net::RemoteClient.
//
// Threads: the calling thread (a QCoreApplication is made for DICOMweb's
// event loops). Throws radlens::cli::UsageError / Failure; never prints a
// secret.

#include <string>
#include <vector>

namespace radlens::cli {

int nodeCommand(const std::vector<std::string>& args);
int remoteCommand(const std::vector<std::string>& args);

}  // namespace radlens::cli
