#include "ai/ModelRegistry.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include "platform/JsonInput.h"

#include "ai/BundleArchive.h"
#include "ai/ModelBundle.h"
#include "imaging/Database.h"

namespace radlens::ai {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string canonical(const std::string& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
    return ec ? fs::absolute(p).string() : c.string();
}

RegisteredModel fromJson(const json& j) {
    RegisteredModel m;
    m.path = j.value("path", "");
    m.name = j.value("name", "");
    m.version = j.value("version", "");
    m.task = j.value("task", "");
    m.sha256 = j.value("sha256", "");
    m.registered = j.value("registered", "");
    m.provenance = j.value("provenance", json::object());
    return m;
}

}  // namespace

ModelRegistry::ModelRegistry(std::string folder)
    : folder_(folder.empty() ? (fs::path(imaging::Database::dataDirectory()) / "models").string()
                             : std::move(folder)) {}

std::string ModelRegistry::file() const { return (fs::path(folder_) / "registry.json").string(); }

json ModelRegistry::read() const {
    std::ifstream in(file());
    if (!in) return {{"models", json::array()}, {"active", json::object()}};
    try {
        json doc = platform::parseJson(in, file());
        if (!doc.contains("models")) doc["models"] = json::array();
        if (!doc.contains("active")) doc["active"] = json::object();
        return doc;
    } catch (const std::exception& e) {
        throw std::runtime_error(file() + ": damaged (" + e.what() +
                                 "); move it away to start over");
    }
}

void ModelRegistry::write(const json& doc) const {
    std::error_code ec;
    fs::create_directories(folder_, ec);
    const std::string tmp = file() + ".tmp";
    {
        std::ofstream out(tmp);
        out << doc.dump(2) << "\n";
        out.close();
        if (!out) throw std::runtime_error(tmp + ": cannot write");
    }
    fs::rename(tmp, file(), ec);
    if (ec) throw std::runtime_error(file() + ": cannot replace: " + ec.message());
}

RegisteredModel ModelRegistry::add(const std::string& bundle) {
    Manifest m;
    ModelBundle::load(bundle, m);  // throws with the reason when it does not load
    RegisteredModel r;
    r.path = canonical(bundle);
    r.name = m.name;
    r.version = m.version;
    r.task = m.task();
    r.sha256 = m.weightsSha256;
    r.provenance = m.provenance;
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    r.registered = buf;
    json doc = read();
    for (const json& e : doc["models"])
        if (e.value("path", "") == r.path && e.value("sha256", "") == r.sha256) return fromJson(e);
    json entry = {{"path", r.path},
                  {"name", r.name},
                  {"version", r.version},
                  {"task", r.task},
                  {"sha256", r.sha256},
                  {"registered", r.registered},
                  {"provenance", r.provenance}};
    // The same folder with new weights: the entry is replaced.
    json kept = json::array();
    for (const json& e : doc["models"])
        if (e.value("path", "") != r.path) kept.push_back(e);
    kept.push_back(entry);
    doc["models"] = kept;
    write(doc);
    return r;
}

RegisteredModel ModelRegistry::install(const std::string& bundle) {
    if (!BundleArchive::isZip(bundle)) return add(bundle);
    ModelBundle::readManifest(bundle);  // refuses what is not a bundle, before copying
    const fs::path dir = fs::path(folder_) / "installed";
    fs::create_directories(dir);
    const fs::path target = dir / fs::path(bundle).filename();
    if (canonical(bundle) != canonical(target.string()) &&
        (!fs::exists(target) || sha256OfFile(target.string()) != sha256OfFile(bundle))) {
        const fs::path partial = target.string() + ".partial";
        fs::copy_file(bundle, partial, fs::copy_options::overwrite_existing);
        fs::rename(partial, target);
    }
    return add(target.string());
}

void ModelRegistry::activate(const std::string& bundle) {
    const std::string path = canonical(bundle);
    json doc = read();
    for (const json& e : doc["models"])
        if (e.value("path", "") == path) {
            doc["active"][e.value("task", "")] = path;
            write(doc);
            return;
        }
    throw std::runtime_error(bundle + ": not registered (add it first)");
}

void ModelRegistry::remove(const std::string& bundle) {
    const std::string path = canonical(bundle);
    json doc = read();
    json kept = json::array();
    for (const json& e : doc["models"])
        if (e.value("path", "") != path) kept.push_back(e);
    doc["models"] = kept;
    for (auto it = doc["active"].begin(); it != doc["active"].end();)
        if (it.value() == path)
            it = doc["active"].erase(it);
        else
            ++it;
    write(doc);
}

std::vector<RegisteredModel> ModelRegistry::list() const {
    std::vector<RegisteredModel> out;
    // The document must outlive the loop: `read()["models"]` would refer into
    // a temporary destroyed before the first iteration.
    const json doc = read();
    for (const json& e : doc["models"]) out.push_back(fromJson(e));
    return out;
}

std::optional<RegisteredModel> ModelRegistry::active(const std::string& task) const {
    const json doc = read();
    if (!doc["active"].contains(task)) return std::nullopt;
    const std::string path = doc["active"][task].get<std::string>();
    for (const json& e : doc["models"])
        if (e.value("path", "") == path) return fromJson(e);
    return std::nullopt;
}

}  // namespace radlens::ai
