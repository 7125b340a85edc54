#include "net/NodeList.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include "platform/JsonInput.h"

#include "imaging/DurableFile.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace radlens::net {

namespace {

json nodeToJson(const RemoteNode& n) {
    json j;
    j["name"] = n.name;
    j["url"] = n.address();
    if (!n.ourAet.empty()) j["aet"] = n.ourAet;
    if (!n.user.empty()) j["user"] = n.user;
    if (!n.passwordFile.empty()) j["password_file"] = n.passwordFile;
    if (!n.tokenFile.empty()) j["token_file"] = n.tokenFile;
    if (!n.caFile.empty()) j["ca"] = n.caFile;
    if (n.timeoutSeconds != 30) j["timeout_s"] = n.timeoutSeconds;
    if (n.retrieveByMove) j["via"] = "move";
    if (n.movePort != 11113) j["move_port"] = n.movePort;
    return j;
}

RemoteNode nodeFromJson(const json& j) {
    RemoteNode n = RemoteNode::parse(j.at("url").get<std::string>());
    n.name = j.value("name", std::string());
    n.ourAet = j.value("aet", std::string());
    n.user = j.value("user", std::string());
    n.passwordFile = j.value("password_file", std::string());
    n.tokenFile = j.value("token_file", std::string());
    n.caFile = j.value("ca", std::string());
    n.timeoutSeconds = j.value("timeout_s", 30);
    n.retrieveByMove = j.value("via", std::string("get")) == "move";
    n.movePort = j.value("move_port", 11113);
    return n;
}

}  // namespace

std::string NodeList::defaultPath() {
    if (const char* f = std::getenv("RADLENS_NODES_FILE"); f && *f) return f;
    fs::path base;
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
        base = x;
    else if (const char* h = std::getenv("HOME"); h && *h)
        base = fs::path(h) / ".config";
    else
        base = ".";
    return (base / "radlens" / "nodes.json").string();
}

NodeList NodeList::load(const std::string& path) {
    NodeList list;
    std::error_code ec;
    if (!fs::exists(path, ec)) return list;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    try {
        const json j = platform::parseJson(in, path);
        for (const json& n : j.at("nodes")) list.nodes_.push_back(nodeFromJson(n));
    } catch (const std::exception& e) {
        throw std::runtime_error(path + " is damaged (" + e.what() +
                                 "); fix or remove it, nothing was changed");
    }
    return list;
}

void NodeList::save(const std::string& path) const {
    json j;
    j["nodes"] = json::array();
    for (const RemoteNode& n : nodes_) j["nodes"].push_back(nodeToJson(n));
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    imaging::DurableFile::write(path, j.dump(2) + "\n");
}

std::optional<RemoteNode> NodeList::find(const std::string& name) const {
    for (const RemoteNode& n : nodes_)
        if (n.name == name) return n;
    return std::nullopt;
}

void NodeList::put(const RemoteNode& node) {
    if (node.name.empty()) throw std::invalid_argument("a node needs a name");
    for (char c : node.name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            throw std::invalid_argument("node name \"" + node.name +
                                        "\": use letters, digits, '-', '_' and '.'");
    if (!node.ourAet.empty())
        if (const std::string why = RemoteNode::checkAet(node.ourAet); !why.empty())
            throw std::invalid_argument(why);
    for (RemoteNode& n : nodes_)
        if (n.name == node.name) {
            n = node;
            return;
        }
    nodes_.push_back(node);
}

bool NodeList::remove(const std::string& name) {
    for (auto it = nodes_.begin(); it != nodes_.end(); ++it)
        if (it->name == name) {
            nodes_.erase(it);
            return true;
        }
    return false;
}

RemoteNode NodeList::resolve(const std::string& nameOrAddress) const {
    if (auto n = find(nameOrAddress)) return *n;
    if (nameOrAddress.find("://") == std::string::npos)
        throw std::invalid_argument("no node named \"" + nameOrAddress +
                                    "\" (radlens-cli node list), and it is not an address");
    return RemoteNode::parse(nameOrAddress);
}

std::string NodeList::toJson(const RemoteNode& node) { return nodeToJson(node).dump(); }

RemoteNode NodeList::fromJson(const std::string& text) {
    return nodeFromJson(platform::parseJson(text, "node"));
}

}  // namespace radlens::net
