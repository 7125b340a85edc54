#pragma once
// `radlens-cli train --config RUN.json [--resume]` (docs/cli.md):
// loads the data (TrainingDataLoader), the base weights (a bundle or
// "imagenet:FILE.pth"), runs ai::Trainer, streams one JSON object per line on
// stdout ({"event": "info"|"step"|"epoch"|"done"|"error", ...}) and writes the
// new bundle with its provenance: parent, data digest, split, hyper-parameters,
// metrics, date, and for synthetic data the label
// "demo model - synthetic data - not for clinical use".
//
// Nothing is overwritten: an existing output bundle is refused, and an
// existing checkpoint without --resume too. SIGINT/SIGTERM stop at the next
// step, keep the last epoch's checkpoint and exit 1 with an "error" event
// ("cancelled"); --resume continues from it.
//
// --rank R --world-size N --master HOST:PORT: data-parallel over N processes
// (DistributedContext); rank 0 writes the checkpoint and OUTPUT, rank R > 0
// writes OUTPUT.rankR (the same weights, kept as a check).
//
// Threads: the calling thread. Throws radlens::cli::UsageError / Failure.

#include <string>
#include <vector>

namespace radlens::cli {

int trainCommand(const std::vector<std::string>& args);

}  // namespace radlens::cli
