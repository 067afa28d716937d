#pragma once
/// The connector's configuration (docs/connectors/stripe.md, "Configuration"), read strictly
/// with sdk::ConfigReader: every problem is reported at its path, unknown keys are refused.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::connectors::stripe {

/// Limits of the connector's own making (the request rate budgets are the host's, from the
/// manifest: docs/connectors/stripe.md, "Limits").
struct StripeLimits {
    /// Objects per list page (Stripe allows 1..100).
    std::int64_t page_size = 100;
    /// Deadline of each API request (stripe-go waits 80 s).
    std::int64_t request_timeout_seconds = 80;
    /// How old a Stripe-Signature timestamp may be (Stripe's libraries: 300 s).
    std::int64_t signature_tolerance_seconds = 300;
};

struct StripeConfig {
    /// Secret (sk_...) or restricted (rk_...) key. Never logged: the connector registers it with
    /// the host's secret masking (Credentials) before its first call.
    std::string api_key;
    /// https://api.stripe.com, or an emulator's URL (no trailing slash).
    std::string api_base_url;
    /// "live" or "custom".
    std::string environment;
    /// Sent as Stripe-Version on every request; the translation is written for this version.
    std::string stripe_version = "2023-08-16";
    /// The endpoint's signing secrets (whsec_...): the current one first, then the one being
    /// rotated out. Empty: webhooks are refused.
    std::vector<std::string> webhook_secrets;
    /// First creation time a backfill reads (epoch seconds); nullopt: everything Stripe has.
    std::optional<std::int64_t> sync_from;
    /// The metadata key of a charge or payment intent that names the HubSpot invoice it pays.
    std::string invoice_metadata_key = "hubspot_invoice_id";
    StripeLimits limits;

    /// Reads and checks a configuration; throws sdk::Error (fatal) listing every problem.
    static StripeConfig parse(const nlohmann::json& config);
};

}  // namespace ledgersync::connectors::stripe
