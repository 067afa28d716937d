#pragma once
/// The connector's configuration (docs/connectors/hubspot.md, "Configuration"), read strictly
/// with sdk::ConfigReader: every problem is reported at its path, unknown keys are refused.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::connectors::hubspot {

/// How the connector authenticates: a private app's static token, or an OAuth app's refresh
/// token (access tokens live 30 minutes and are refreshed through the token endpoint).
enum class AuthMode { private_app, oauth };

struct HubSpotEndpoints {
    /// "production" or "custom".
    std::string environment;
    /// https://api.hubapi.com (no trailing slash).
    std::string api_base_url;
    /// https://api.hubapi.com/oauth/v1/token
    std::string token_url;
};

/// Limits of the connector's own making; request budgets are the host's (the manifest).
struct HubSpotLimits {
    /// Objects per list page and per batch call (HubSpot allows 100).
    std::int64_t page_size = 100;
    /// Deadline of each API request, in seconds.
    std::int64_t request_timeout_seconds = 60;
    /// Results per search page (HubSpot allows 200).
    std::int64_t search_page_size = 200;
    /// How late HubSpot's search index may show a change, in seconds: once per this time a poll
    /// searches this far before the last change seen again (the host drops what it has).
    std::int64_t poll_overlap_seconds = 300;
    /// How many times one call is sent again after 429, 423 or 477 before the outcome is
    /// handed to the host (the host's budgets make each retry wait).
    std::int64_t throttle_retries = 4;
};

/// A QuickBooks Online invoice in the production web app; {id} is its Id (TxnId).
inline constexpr const char* kQboInvoiceLink = "https://app.qbo.intuit.com/app/invoice?txnId={id}";

struct HubSpotConfig {
    HubSpotEndpoints endpoints;
    AuthMode auth = AuthMode::private_app;
    /// Private app: its access token (pat-...).
    std::string private_app_token;
    /// OAuth app: its client id and secret, and the first refresh token of the connection.
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    /// The secret webhooks are signed with (the app's client secret); empty: webhooks refused.
    std::string webhook_secret;
    /// The target URL configured for the app's webhooks, exactly as HubSpot calls it: the
    /// signature covers it. Empty: the request's own path is used.
    std::string webhook_target_url;
    /// "contact" or "company": which association of an invoice is its canonical customer.
    std::string customer_from = "contact";
    /// First instant read on a first sync, epoch ms; nullopt: everything.
    std::optional<std::int64_t> sync_from_ms;
    /// The link written into ledgersync_qbo_link: {id} becomes the QuickBooks invoice's id.
    std::string qbo_invoice_link = kQboInvoiceLink;
    /// The invoice properties carried as the canonical invoice's custom fields, by these names,
    /// both ways (read into custom_fields, written from them): HubSpot's own
    /// hs_purchase_order_number and the account's custom invoice properties.
    std::vector<std::string> invoice_custom_properties = {"hs_purchase_order_number"};
    HubSpotLimits limits;

    /// Reads and checks a configuration; throws sdk::Error (fatal) listing every problem.
    static HubSpotConfig parse(const nlohmann::json& config);
};

}  // namespace ledgersync::connectors::hubspot
