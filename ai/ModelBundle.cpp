#include "ai/ModelBundle.h"

#include <openssl/evp.h>
#include "platform/JsonInput.h"
#include "platform/Platform.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "ai/BundleArchive.h"
#include "ai/TorchFileReader.h"
#include "ai/WeightLoader.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace radlens::ai {

std::string sha256OfFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the file");
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 20);
    while (in.read(buf.data(), std::streamsize(buf.size())) || in.gcount() > 0)
        EVP_DigestUpdate(ctx.get(), buf.data(), std::size_t(in.gcount()));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    std::ostringstream hex;
    for (unsigned int i = 0; i < len; ++i)
        hex << std::hex << std::setw(2) << std::setfill('0') << int(digest[i]);
    return hex.str();
}

Manifest ModelBundle::readManifest(const std::string& bundle) {
    const std::string folder = BundleArchive::resolve(bundle, BundleArchive::defaultCacheRoot());
    const fs::path file = fs::path(folder) / "model.json";
    std::ifstream in(file);
    if (!in) throw BundleError(folder + ": not a model bundle (no readable model.json)");
    json j;
    try {
        j = platform::parseJson(in, file.string());
    } catch (const platform::JsonTooDeep& e) {
        throw BundleError(e.what());
    } catch (const json::exception& e) {
        throw BundleError(folder + ": model.json is not valid JSON: " + e.what());
    }
    return Manifest::fromJson(j, folder);
}

std::shared_ptr<Network> ModelBundle::load(const std::string& bundle, Manifest& manifest) {
    const std::string folder = BundleArchive::resolve(bundle, BundleArchive::defaultCacheRoot());
    manifest = readManifest(folder);
    const std::string weights = (fs::path(folder) / manifest.weightsFile).string();
    std::string actual;
    try {
        actual = sha256OfFile(weights);
    } catch (const std::exception& e) {
        throw BundleError(folder + ": weights file " + manifest.weightsFile + " cannot be read");
    }
    if (actual != manifest.weightsSha256)
        throw BundleError(folder + ": weights file " + manifest.weightsFile +
                          " is damaged or was changed (SHA-256 " + actual + ", model.json says " +
                          manifest.weightsSha256 + ")");
    std::shared_ptr<Network> net =
        createNetwork(manifest.architecture, int(manifest.classes.size()), manifest.inputChannels);
    try {
        WeightLoader::loadStrict(*net, TorchFileReader::readStateDict(weights));
    } catch (const std::exception& e) {
        throw BundleError(folder + ": " + e.what());
    }
    net->eval();
    return net;
}

void ModelBundle::write(const std::string& folder, Manifest manifest, Network& network) {
    const fs::path target = fs::absolute(folder);
    const fs::path temp = target.parent_path() / (".~" + target.filename().string() + "." +
                                                  std::to_string(platform::processId()));
    std::error_code ec;
    fs::remove_all(temp, ec);
    try {
        fs::create_directories(temp);
        const fs::path weights = temp / manifest.weightsFile;
        NamedTensors state = WeightLoader::stateDict(network);
        TorchFileReader::writeStateDict(state, weights.string());
        manifest.weightsSha256 = sha256OfFile(weights.string());
        std::ofstream out(temp / "model.json");
        out << manifest.toJson().dump(2) << "\n";
        out.close();
        if (!out) throw std::runtime_error("cannot write model.json");
        // Replace an existing bundle only once the new one is complete.
        if (fs::exists(target)) {
            const fs::path old = target.parent_path() / (".~old." + target.filename().string());
            fs::remove_all(old, ec);
            fs::rename(target, old);
            fs::rename(temp, target);
            fs::remove_all(old, ec);
        } else {
            fs::rename(temp, target);
        }
    } catch (const std::exception& e) {
        fs::remove_all(temp, ec);
        throw BundleError(folder + ": cannot write the bundle: " + e.what());
    }
}

}  // namespace radlens::ai
