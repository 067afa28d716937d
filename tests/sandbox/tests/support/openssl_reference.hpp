#pragma once
/// Reference computations for checking the sandbox's signatures independently: straight
/// OpenSSL EVP calls, sharing no code with the sandbox.

#include <string>

namespace ledgersync::sandbox::testing {

/// base64(HMAC-SHA256(key, message)) through EVP_MAC and EVP_EncodeBlock.
std::string reference_hmac_sha256_base64(const std::string& key, const std::string& message);
/// Lower-case hex SHA-256 through EVP_Digest.
std::string reference_sha256_hex(const std::string& data);

}  // namespace ledgersync::sandbox::testing
