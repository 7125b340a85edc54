#include "imaging/InstanceSetKey.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

namespace radlens::imaging {

std::string instanceSetKey(std::vector<std::string> uids) {
    uids.erase(std::remove(uids.begin(), uids.end(), std::string()), uids.end());
    if (uids.empty()) return {};
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return {};
    for (const std::string& uid : uids) {
        EVP_DigestUpdate(ctx.get(), uid.data(), uid.size());
        EVP_DigestUpdate(ctx.get(), "\n", 1);
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) return {};
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < std::min(length, 16u); ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string instanceSetKeyOf(const Series& series) {
    std::vector<std::string> uids;
    for (const InstanceInfo& i : series.instances)
        if (i.isImage) uids.push_back(i.sopInstanceUid);
    return instanceSetKey(std::move(uids));
}

}  // namespace radlens::imaging
