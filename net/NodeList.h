#pragma once
// The user's configured remote nodes, kept in one JSON file shared by the
// viewer (File > Preferences > Network) and `radlens-cli node`:
//   $RADLENS_NODES_FILE, else $XDG_CONFIG_HOME/radlens/nodes.json, else
//   ~/.config/radlens/nodes.json.
// The file names secret files, never holds a secret.
//
// Threads: any; one NodeList object per thread. save() replaces the file
// atomically (temp file, rename), so a reader never sees half a list.
// Throws: load() and save() throw std::runtime_error with the path and reason
// (a damaged file is an error, not an empty list: nothing is overwritten).

#include <optional>
#include <string>
#include <vector>

#include "net/RemoteNode.h"

namespace radlens::net {

class NodeList {
public:
    static std::string defaultPath();

    /// Reads `path` (a missing file is an empty list).
    static NodeList load(const std::string& path = defaultPath());
    void save(const std::string& path = defaultPath()) const;

    const std::vector<RemoteNode>& nodes() const { return nodes_; }
    std::optional<RemoteNode> find(const std::string& name) const;
    /// Adds or replaces the node of that name. Throws std::invalid_argument
    /// for an empty name or one with characters other than letters, digits,
    /// '-', '_' and '.'.
    void put(const RemoteNode& node);
    bool remove(const std::string& name);

    /// A configured node by name, or an inline address (RemoteNode::parse).
    /// Throws std::invalid_argument naming what is wrong.
    RemoteNode resolve(const std::string& nameOrAddress) const;

    static std::string toJson(const RemoteNode& node);  ///< one node, no secrets
    static RemoteNode fromJson(const std::string& json);

private:
    std::vector<RemoteNode> nodes_;
};

}  // namespace radlens::net
