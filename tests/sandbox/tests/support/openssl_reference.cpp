#include "support/openssl_reference.hpp"

#include <vector>

#include <openssl/core_names.h>
#include <openssl/evp.h>

namespace ledgersync::sandbox::testing {

std::string reference_hmac_sha256_base64(const std::string& key, const std::string& message) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
    char digest_name[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest_name, 0),
                           OSSL_PARAM_construct_end()};
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params);
    EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    EVP_MAC_final(ctx, out, &length, sizeof out);
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    std::vector<unsigned char> text(4 * ((length + 2) / 3) + 1);
    const int n = EVP_EncodeBlock(text.data(), out, static_cast<int>(length));
    return std::string(reinterpret_cast<char*>(text.data()), static_cast<std::size_t>(n));
}

std::string reference_sha256_hex(const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), out, &length, EVP_sha256(), nullptr);
    static const char* kHex = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[out[i] >> 4]);
        hex.push_back(kHex[out[i] & 15]);
    }
    return hex;
}

}  // namespace ledgersync::sandbox::testing
