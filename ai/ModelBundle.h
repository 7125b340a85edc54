#pragma once
// A model bundle (docs/architecture.md, "Formats"): a folder with model.json
// (Manifest.h) and a weights file whose SHA-256 is recorded in model.json.
//
// Threads: any. Throws BundleError naming the bundle and the problem (missing
// or unreadable model.json, unknown architecture, wrong checksum, missing,
// extra or wrongly shaped tensor).

#include <memory>
#include <string>

#include "ai/Manifest.h"

namespace radlens::ai {

class Network;  // ai/Networks.h (LibTorch); callers that use one include it

/// SHA-256 of a file as 64 lowercase hex digits. Throws std::runtime_error.
std::string sha256OfFile(const std::string& path);

class ModelBundle {
public:
    /// `bundle`: a bundle folder or a .zip of one (see BundleArchive).
    static Manifest readManifest(const std::string& bundle);
    /// Reads the manifest, checks the weights' checksum, builds the network
    /// and loads every tensor strictly. The network is in eval mode.
    static std::shared_ptr<Network> load(const std::string& bundle, Manifest& manifest);
    /// Writes the network's weights and the manifest (with the new checksum)
    /// into `folder`, replacing it atomically: a new folder is filled beside
    /// it and renamed into place.
    static void write(const std::string& folder, Manifest manifest, Network& network);
};

}  // namespace radlens::ai
