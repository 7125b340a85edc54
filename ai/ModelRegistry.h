#pragma once
// The installed model versions and which one is active per task ("classify",
// "segment"): docs/architecture.md's ai::ModelRegistry. Stored as registry.json
// (written to a temporary file, then renamed) in a folder, by default
// models/ in the data directory (imaging::Database::dataDirectory()).
// Registering keeps every earlier version, so activating an older one is the
// rollback. Bundles stay where they are; the registry records their paths.
//
// Threads: one instance per thread; instances share nothing but the file
// (last writer wins). Throws std::runtime_error naming the file or bundle.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace radlens::ai {

struct RegisteredModel {
    std::string path;  ///< absolute bundle path
    std::string name, version, task, sha256;
    std::string registered;  ///< ISO date
    nlohmann::json provenance;
};

class ModelRegistry {
public:
    /// `folder` empty: the default models/ folder in the data directory.
    explicit ModelRegistry(std::string folder = {});

    /// Reads the bundle's manifest (and checks it loads), adds it if new.
    RegisteredModel add(const std::string& bundle);
    /// Installs a bundle: a .zip is checked, copied into installed/ beside
    /// registry.json (whole, then renamed; an identical copy is reused) and
    /// that copy is added, so that deleting the download loses nothing; a
    /// folder is added where it is. Not activated.
    RegisteredModel install(const std::string& bundle);
    /// Makes an added bundle the active one for its task.
    void activate(const std::string& bundle);
    /// Forgets a bundle (its files stay). Its task then has no active model
    /// if it was the active one.
    void remove(const std::string& bundle);
    std::vector<RegisteredModel> list() const;
    std::optional<RegisteredModel> active(const std::string& task) const;
    std::string file() const;

private:
    std::string folder_;
    nlohmann::json read() const;
    void write(const nlohmann::json& doc) const;
};

}  // namespace radlens::ai
