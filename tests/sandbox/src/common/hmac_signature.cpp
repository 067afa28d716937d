#include "common/hmac_signature.hpp"

#include <stdexcept>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ledgersync::sandbox {

// Every digest, MAC and base64 text the sandbox signs with comes from OpenSSL, here and nowhere
// else, so moving to a shared SDK implementation is a change of this one file.

std::string hmac_sha256(std::string_view key, std::string_view message) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
             &length) == nullptr)
        throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string sha256(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL SHA-256 failed");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string base64_encode(std::string_view bytes) {
    if (bytes.empty())
        return {};
    std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
    const int written =
        EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                        static_cast<int>(bytes.size()));
    return std::string(reinterpret_cast<const char*>(out.data()),
                       static_cast<std::size_t>(written));
}

std::string hex_encode(std::string_view bytes) {
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        out.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
        out.push_back(kHex[static_cast<unsigned char>(c) & 15]);
    }
    return out;
}

}  // namespace ledgersync::sandbox
