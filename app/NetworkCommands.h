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

#include "net/RemoteNode.h"

namespace radlens::cli {

int nodeCommand(const std::vector<std::string>& args);
/// A configured node by name, or one written inline (dimse://, http(s)://),
/// with our AE title replaced when `aet` is given. Throws UsageError.
net::RemoteNode resolveNode(const std::string& name, const std::string& aet);
int remoteCommand(const std::vector<std::string>& args);

}  // namespace radlens::cli
