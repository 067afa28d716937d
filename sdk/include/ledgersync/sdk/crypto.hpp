#pragma once
/// SHA-256, HMAC-SHA256 and constant-time comparison, from OpenSSL's libcrypto (the SDK's
/// CMake package links it: find_package(LedgerSyncSDK) finds OpenSSL for you). What webhook
/// signatures are made of:
///
///     QuickBooks  intuit-signature         base64(HMAC-SHA256(verifier token, body))
///     HubSpot     X-HubSpot-Signature-v3   base64(HMAC-SHA256(client secret,
///                                                  method + uri + body + timestamp))
///     Stripe      Stripe-Signature v1      hex(HMAC-SHA256(endpoint secret, t + "." + body))
///
/// e.g. sdk::constant_time_equal(sdk::base64_encode(sdk::hmac_sha256(token, body)), header).
/// Digests are raw bytes in a std::string; encode them with encoding.hpp.

#include <climits>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ledgersync::sdk {

/// OpenSSL failed to compute a digest (it does not for valid input: out of memory, a broken
/// installation). what() names the operation.
class CryptoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bytes in a SHA-256 digest.
inline constexpr std::size_t kSha256Size = 32;

namespace detail {

/// A non-null pointer to `bytes`: OpenSSL's one-shot functions want one even for no bytes.
inline const unsigned char* openssl_bytes(std::string_view bytes) {
    static const unsigned char kNothing = 0;
    return bytes.empty() ? &kNothing : reinterpret_cast<const unsigned char*>(bytes.data());
}

}  // namespace detail

/// The SHA-256 digest (FIPS 180-4) of `data`: 32 raw bytes.
inline std::string sha256(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(detail::openssl_bytes(data), data.size(), digest, &size, EVP_sha256(), nullptr) != 1 ||
        size != kSha256Size) {
        throw CryptoError("OpenSSL could not compute a SHA-256 digest");
    }
    return std::string(reinterpret_cast<const char*>(digest), size);
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`: 32 raw bytes. Keys of any length.
inline std::string hmac_sha256(std::string_view key, std::string_view message) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (key.size() > static_cast<std::size_t>(INT_MAX) ||
        HMAC(EVP_sha256(), detail::openssl_bytes(key), static_cast<int>(key.size()), detail::openssl_bytes(message),
             message.size(), mac, &size) == nullptr ||
        size != kSha256Size) {
        throw CryptoError("OpenSSL could not compute an HMAC-SHA256");
    }
    return std::string(reinterpret_cast<const char*>(mac), size);
}

/// True when `a` and `b` are the same bytes, in time that depends only on their lengths, so
/// that a forged signature learns nothing from how long the comparison took (the length of a
/// signature is public: its algorithm fixes it).
inline bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ledgersync::sdk
