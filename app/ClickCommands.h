#pragma once
// radlens-cli click-segment (docs/cli.md, "Click to segment") and
// radlens-cli model click-eval: an interactive bundle driven by clicks from
// the command line, and the clicks it takes to reach a Dice (NoC@85/90)
// against scripted brush strokes.
//
// Threads: the calling thread. Throws UsageError and Failure (CliSupport.h).

#include <string>
#include <vector>

namespace radlens::cli {

int clickSegmentCommand(const std::vector<std::string>& args);
/// `args`: what follows "model click-eval".
int clickEvalCommand(const std::vector<std::string>& args);

}  // namespace radlens::cli
