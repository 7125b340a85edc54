#pragma once
// Model bundles as .zip files (docs/architecture.md, "Formats": "a folder, or a .zip of
// it"). A zip holds the bundle's files at its root or inside one top-level
// folder. Opening a zip unpacks it once into a cache folder named after the
// zip's SHA-256, so the weights' checksum is then checked as for a folder.
//
// Threads: any; the unpacking is atomic (a temporary folder renamed into
// place), so two processes may open the same zip at once.
// Throws BundleError naming the file and the problem (not a zip, entries
// outside the bundle folder, no model.json, unreadable entry).

#include <string>

namespace radlens::ai {

class BundleArchive {
public:
    static bool isZip(const std::string& path);
    /// The folder to load: `path` itself when it is a folder, else the
    /// unpacked copy of the zip under `cacheRoot`.
    static std::string resolve(const std::string& path, const std::string& cacheRoot);
    /// Packs a bundle folder into a zip (files at the root), atomically.
    static void pack(const std::string& folder, const std::string& zipPath);
    /// $RADLENS_DATA_DIR/models (or the platform data folder), created.
    static std::string defaultCacheRoot();

private:
    /// Unpacks the zip `path` into cacheRoot/<its SHA-256>, unless already there.
    static std::string unpack(const std::string& path, const std::string& cacheRoot);
};

}  // namespace radlens::ai
