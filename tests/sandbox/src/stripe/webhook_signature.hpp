#pragma once
/// Stripe's webhook signature (stripe.md §2.7): the header `Stripe-Signature:
/// t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>[,v1=...]`, one v1 per
/// endpoint secret in force (two while a rolled secret's old value is still valid). This file
/// is the emulator's only use of cryptography: HMAC, SHA-256 and hex all come from OpenSSL.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::sandbox::stripe {

/// Lower-case hex HMAC-SHA256 of "<timestamp>.<payload>" under `secret` (the whole "whsec_..."
/// text, as Stripe's libraries use it).
std::string compute_signature(std::string_view secret, std::int64_t timestamp,
                              std::string_view payload);
/// The header value signing `payload` at `timestamp` with every secret of `secrets`.
std::string signature_header(std::int64_t timestamp, const std::vector<std::string>& secrets,
                             std::string_view payload);

struct SignatureCheck {
    bool valid = false;
    std::string reason;  ///< why not, in Stripe's libraries' words
    std::int64_t timestamp = 0;
};

/// Verifies a Stripe-Signature header as Stripe's libraries do: any v1 matching any of
/// `secrets` (compared in constant time), other schemes ignored, and `t` no further than
/// `tolerance_seconds` from `now` (0 = no time check).
SignatureCheck verify_signature(std::string_view header, std::string_view payload,
                                const std::vector<std::string>& secrets, std::int64_t now,
                                std::int64_t tolerance_seconds = 300);

}  // namespace ledgersync::sandbox::stripe
