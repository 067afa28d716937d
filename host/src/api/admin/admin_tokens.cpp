#include "api/admin/admin_tokens.hpp"

#include <stdexcept>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <openssl/rand.h>

#include "services/openssl_error.hpp"

namespace ledgersync::api::admin {

AdminTokens::AdminTokens(std::vector<config::AdminApiConfig::Token> tokens) : tokens_(std::move(tokens)) {}

std::optional<config::AdminApiConfig::Token> AdminTokens::find(std::string_view token) const {
    const std::string hashed = hash(token);
    std::optional<config::AdminApiConfig::Token> found;
    for (const auto& candidate : tokens_) {
        if (sdk::constant_time_equal(hashed, candidate.sha256) && !found) found = candidate;
    }
    return found;
}

std::string AdminTokens::generate() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        throw std::runtime_error("generating a token failed in OpenSSL: " + services::openssl_error());
    }
    return "lsk_" + sdk::base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string AdminTokens::hash(std::string_view token) { return sdk::hex_encode(sdk::sha256(token)); }

}  // namespace ledgersync::api::admin
