#include "ai/ResultCacheKey.h"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>

namespace radlens::ai {

std::string resultCacheKey(const Manifest& manifest, std::optional<int> slice) {
    nlohmann::json j = manifest.toJson();
    // What names and describes the model, not what it computes.
    j.erase("name");
    j.erase("version");
    j.erase("provenance");
    j["weights_sha256"] = manifest.weightsSha256;
    // Only a classifier looks at one slice; a segmenter reads every slice.
    const bool oneSlice = slice && manifest.task() == "classify";
    j["analysis"] = {{"slice", oneSlice ? nlohmann::json(*slice) : nlohmann::json(nullptr)}};
    const std::string text = j.dump();  // object keys sorted: one text per content
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char md[32];
    unsigned len = 0;
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    EVP_DigestUpdate(ctx.get(), text.data(), text.size());
    EVP_DigestFinal_ex(ctx.get(), md, &len);
    std::string out = "sha256:";
    char buf[3];
    for (unsigned i = 0; i < len; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", md[i]);
        out += buf;
    }
    return out;
}

}  // namespace radlens::ai
