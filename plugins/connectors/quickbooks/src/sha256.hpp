#pragma once
/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), for webhook signatures (intuit-signature)
/// and for deriving request ids. The plugin links only the SDK, so it carries its own.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ledgersync::connectors::quickbooks {

using Sha256Digest = std::array<std::uint8_t, 32>;

/// The SHA-256 digest of `data`.
Sha256Digest sha256(std::string_view data);

/// HMAC-SHA256 of `message` under `key`.
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

/// Lower-case hexadecimal text of a digest (64 characters).
std::string to_hex(const Sha256Digest& digest);

/// The digest as raw bytes in a string (32 characters).
std::string to_bytes(const Sha256Digest& digest);

}  // namespace ledgersync::connectors::quickbooks
