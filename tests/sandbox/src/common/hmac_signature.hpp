#pragma once
/// Webhook signatures: base64(HMAC-SHA256(key, message)), the scheme QBO's intuit-signature
/// header uses (and Stripe's and HubSpot's v3 variants build on).

#include <string>
#include <string_view>

namespace ledgersync::sandbox {

/// Raw 32-byte HMAC-SHA256 of `message` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view message);
/// Standard base64 (with padding, no line breaks).
std::string base64_encode(std::string_view bytes);
/// Lower-case hex.
std::string hex_encode(std::string_view bytes);

}  // namespace ledgersync::sandbox
