#include "hubspot/webhook_signature.hpp"

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::sandbox::hubspot {

std::string signature_v3(const std::string& secret, const std::string& method,
                         const std::string& uri, const std::string& body,
                         const std::string& timestamp_ms) {
    return sdk::base64_encode(sdk::hmac_sha256(secret, method + uri + body + timestamp_ms));
}

std::string signature_v2(const std::string& secret, const std::string& method,
                         const std::string& uri, const std::string& body) {
    return sdk::hex_encode(sdk::sha256(secret + method + uri + body));
}

std::string signature_v1(const std::string& secret, const std::string& body) {
    return sdk::hex_encode(sdk::sha256(secret + body));
}

}  // namespace ledgersync::sandbox::hubspot
