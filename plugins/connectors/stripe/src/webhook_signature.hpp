#pragma once
/// Stripe-Signature verification (reference/stripe.md §3; docs.stripe.com/webhooks#verify-manually):
/// the header is "t=<unix time>,v1=<hex>[,v1=<hex>...][,v0=...]"; each v1 is
/// hex(HMAC-SHA256(signing secret, "<t>.<raw body>")). A delivery is genuine when any v1 equals
/// the signature computed with any configured secret (the current one or the one being rotated
/// out), compared in constant time, and its timestamp is no older than the tolerance.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::connectors::stripe {

/// Name of the header Stripe signs deliveries with.
inline constexpr const char* kSignatureHeader = "Stripe-Signature";

struct SignatureCheck {
    bool valid = false;
    /// Why a delivery was refused ("no v1 signature matches ..."); empty when valid.
    std::string reason;
};

/// Verifies `header` over the raw `payload` bytes with `secrets` at `now_seconds`.
SignatureCheck verify_stripe_signature(std::string_view payload, std::string_view header, const std::vector<std::string>& secrets,
                                       std::int64_t now_seconds, std::int64_t tolerance_seconds);

/// hex(HMAC-SHA256(secret, "<timestamp>.<payload>")): one v1 signature.
std::string stripe_v1_signature(std::string_view secret, std::int64_t timestamp, std::string_view payload);

}  // namespace ledgersync::connectors::stripe
