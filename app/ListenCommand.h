#pragma once
// `radlens-cli listen` (docs/cli.md, "The listening AI node"): a storage SCP
// whose complete series are analysed by the active models (or those given)
// and, with --send-results NODE, answered with their SEG and SR. One JSON
// object per line on stdout. Runs in radlens-cli-ai (it needs LibTorch).
//
// Threads: the calling thread runs the main loop; the listener, the analyzer
// and the sending run on threads of their own. SIGINT and SIGTERM stop it
// (exit 0). Throws radlens::cli::UsageError / Failure.

#include <string>
#include <vector>

namespace radlens::cli {

int listenCommand(const std::vector<std::string>& args);

}  // namespace radlens::cli
