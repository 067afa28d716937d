#pragma once
/// Webhook signatures: base64(HMAC-SHA256(key, message)), the scheme QBO's intuit-signature
/// header uses (and Stripe's and HubSpot's v3 variants build on), and SHA-256 for HubSpot's v1
/// and v2 signatures. Computed by OpenSSL.

#include <string>
#include <string_view>

namespace ledgersync::sandbox {

/// Raw 32-byte HMAC-SHA256 of `message` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view message);
/// Raw 32-byte SHA-256 of `bytes`.
std::string sha256(std::string_view bytes);
/// Standard base64 (with padding, no line breaks).
std::string base64_encode(std::string_view bytes);
/// Lower-case hex.
std::string hex_encode(std::string_view bytes);

}  // namespace ledgersync::sandbox
